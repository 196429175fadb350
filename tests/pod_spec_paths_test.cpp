// `pod-spec-paths` in `.palisade.yaml`: entries read with located errors, and
// custom resources matched by kind and API version get a pod spec, whether the
// path names a PodTemplateSpec or a PodSpec; built-in workload kinds keep theirs.
#include <catch2/catch.hpp>

#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "scan/config_loader.h"
#include "scan/pod_spec_paths.h"

using namespace palisade;

namespace {

LoadedConfig parse(const std::string& text) {
  return parseConfig(std::make_shared<const SourceFile>(".palisade.yaml", text), std::filesystem::temp_directory_path());
}

std::string errorsOf(const LoadedConfig& c) {
  std::string out;
  for (const Diagnostic& d : c.errors) {
    out += std::to_string(d.span.start.line) + ":" + std::to_string(d.span.start.column) + " " + d.message + "\n";
  }
  return out;
}

std::vector<Resource> resourcesOf(const std::string& yaml) {
  auto file = std::make_shared<const SourceFile>("crs.yaml", yaml);
  YamlReadResult read = readYaml(*file, ReadLimits{});
  REQUIRE(read.diagnostics.empty());
  return classifyKubernetesDocuments(std::move(read.documents));
}

std::string joined(const std::vector<std::string>& keys) {
  std::string out;
  for (const std::string& k : keys) out += (out.empty() ? "" : ".") + k;
  return out;
}

}  // namespace

TEST_CASE("pod-spec-paths entries are read", "[config][pod-spec-paths]") {
  LoadedConfig c = parse(R"(pod-spec-paths:
  - {apiVersion: ml.example.com/v1, kind: TrainingJob, path: spec.worker.template}
  - {kind: ScaledJob, path: spec.jobTargetRef.template.spec}
)");
  INFO(errorsOf(c));
  REQUIRE(c.errors.empty());
  REQUIRE(c.config.pod_spec_paths.size() == 2);
  CHECK(c.config.pod_spec_paths[0].api_version == "ml.example.com/v1");
  CHECK(c.config.pod_spec_paths[0].kind == "TrainingJob");
  CHECK(joined(c.config.pod_spec_paths[0].path) == "spec.worker.template");
  CHECK(c.config.pod_spec_paths[1].api_version.empty());
  CHECK(joined(c.config.pod_spec_paths[1].path) == "spec.jobTargetRef.template.spec");
}

TEST_CASE("pod-spec-paths mistakes are located errors", "[config][pod-spec-paths]") {
  struct Case {
    std::string text;
    std::string where;
    std::string says;
  };
  const std::vector<Case> cases = {
      {"pod-spec-paths: {kind: A, path: spec}\n", "1:17", "must be a list"},
      {"pod-spec-paths:\n  - spec.template\n", "2:5", "must be a mapping"},
      {"pod-spec-paths:\n  - {kind: A}\n", "2:5", "needs 'kind' and 'path'"},
      {"pod-spec-paths:\n  - {kind: A, path: spec, group: x}\n", "2:27", "unknown key 'group'"},
      {"pod-spec-paths:\n  - {kind: A, path: spec..template}\n", "2:21", "single dots"},
      {"pod-spec-paths:\n  - {kind: A, path: 'spec.tasks[*].template'}\n", "2:21", "no indexes, wildcards"},
      {"pod-spec-paths:\n  - {kind: '', path: spec}\n", "2:12", "'kind' must be a non-empty string"},
  };
  for (const Case& c : cases) {
    LoadedConfig loaded = parse(c.text);
    std::string errors = errorsOf(loaded);
    INFO(c.text << "→\n" << errors);
    REQUIRE(loaded.errors.size() >= 1);
    CHECK(errors.find(c.says) != std::string::npos);
    CHECK(errors.starts_with(c.where + " "));
  }
}

TEST_CASE("custom resources get the pod spec their entry names", "[pod-spec-paths]") {
  std::vector<Resource> resources = resourcesOf(R"(apiVersion: ml.example.com/v1
kind: TrainingJob
metadata: {name: a}
spec: {worker: {template: {metadata: {labels: {app: a}}, spec: {containers: [{name: c, image: i}]}}}}
---
apiVersion: ml.example.com/v2
kind: TrainingJob
metadata: {name: b}
spec: {worker: {template: {spec: {containers: [{name: c, image: i}]}}}}
---
apiVersion: keda.sh/v1alpha1
kind: ScaledJob
metadata: {name: c}
spec: {jobTargetRef: {template: {spec: {containers: [{name: c, image: i}]}}}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec: {template: {spec: {containers: [{name: c, image: i}]}}}
)");
  REQUIRE(resources.size() == 4);
  for (const Resource& r : resources) {
    if (r.kind != "Deployment") CHECK(r.podSpec() == nullptr);  // nothing without configuration
  }
  std::vector<PodSpecLocation> locations = {
      {"ml.example.com/v1", "TrainingJob", {"spec", "worker", "template"}},
      {"keda.sh", "ScaledJob", {"spec", "jobTargetRef", "template", "spec"}},
      {"", "Deployment", {"spec"}},
  };
  for (Resource& r : resources) applyPodSpecLocations(r, locations);
  // A PodTemplateSpec path reaches its spec; the template's metadata stays beside it.
  CHECK(joined(resources[0].pod_spec_path) == "spec.worker.template.spec");
  REQUIRE(resources[0].podSpec() != nullptr);
  CHECK(resources[0].podSpec()->find("containers") != nullptr);
  // Another version than the entry's is not matched; a group-only entry matches any version.
  CHECK(resources[1].podSpec() == nullptr);
  CHECK(joined(resources[2].pod_spec_path) == "spec.jobTargetRef.template.spec");
  CHECK(resources[2].podSpec() != nullptr);
  // A built-in workload kind keeps its own path.
  CHECK(joined(resources[3].pod_spec_path) == "spec.template.spec");
}
