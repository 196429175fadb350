// The incremental rule engine (rules/engine/incremental.h): every run returns
// exactly what runRules returns, while the results of (rule, resource) pairs
// that read only their resource are reused, and those that read the project
// are run again.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <random>

#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/engine/incremental.h"
#include "tests/test_support.h"

namespace {

using palisade::Finding;
using palisade::Project;
using palisade::Resource;

// Everything a report shows of a finding, one line.
std::string incrementalTestLine(const Finding& f) {
  std::string out = fmt::format("{} {} {}:{}:{}-{}:{} [{}] {} | {} | {} | {} | {}", f.rule_id, static_cast<int>(f.severity),
                                f.location.uri, f.location.start_line, f.location.start_column, f.location.end_line,
                                f.location.end_column, f.resource, f.message, f.help, f.fingerprint, f.strict_reason,
                                f.location.snippet);
  for (const auto& l : f.related) {
    out += fmt::format(" <{}:{}:{} {} {}>", l.uri, l.start_line, l.start_column, static_cast<int>(l.role), l.message);
  }
  if (f.fix) {
    out += fmt::format(" fix '{}' safe={} refused='{}' edits={}", f.fix->title, f.fix->safe, f.fix->refused, f.fix->edits.size());
    for (const auto& e : f.fix->edits) out += fmt::format(" [{}+{} {}]", e.begin, e.end, e.text);
  }
  return out;
}

std::vector<std::string> incrementalTestLines(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& f : findings) out.push_back(incrementalTestLine(f));
  return out;
}

// A project holding these resources (copies) over the files and diagnostics of `base`.
Project incrementalTestProject(const Project& base, const std::vector<Resource>& resources) {
  Project project(base.root());
  for (const auto& file : base.files()) project.addFile(file);
  for (const Resource& r : resources) project.addResource(r);
  for (const auto& d : base.diagnostics()) project.addDiagnostic(d);
  project.finalize();
  return project;
}

// Flips the first boolean found in a value (depth first): an edit that changes what rules see.
bool flipFirstBoolean(palisade::Value& v) {
  if (v.isBool()) {
    v = palisade::Value::boolean(!v.asBool(), v.span());
    return true;
  }
  if (v.isArray()) {
    for (auto& item : v.items()) {
      if (flipFirstBoolean(item)) return true;
    }
  } else if (v.isObject()) {
    for (auto& m : v.members()) {
      if (flipFirstBoolean(m.value)) return true;
    }
  }
  return false;
}

palisade::ScanResult readFixtures(const std::vector<std::string>& folders) {
  palisade::ScanRequest request;
  for (const std::string& folder : folders) request.paths.push_back((palisade::testing::repoRoot() / folder).string());
  request.root = palisade::testing::repoRoot();
  return palisade::readProject(request);
}

Project incrementalTestPods(const std::string& text) {
  auto file = std::make_shared<const palisade::SourceFile>("pods.yaml", text);
  Project project;
  project.addFile(file);
  for (Resource& r : palisade::classifyKubernetesDocuments(palisade::readYaml(*file, {}).documents)) {
    project.addResource(std::move(r));
  }
  project.finalize();
  return project;
}

}  // namespace

TEST_CASE("incremental runs equal runRules over the fixtures and random edits", "[engine][incremental]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.enableAll();  // the default-off packs (resilience…) run too
  const palisade::ScanResult read = readFixtures({"fixtures/azure", "fixtures/kubernetes", "fixtures/calico",
                                                  "fixtures/platform", "fixtures/kubernetes-cluster", "fixtures/resilience"});
  const Project& project = read.project;
  REQUIRE(project.resources().size() > 200);
  const palisade::EngineOptions options;
  const std::vector<std::string> expected = incrementalTestLines(palisade::runRules(rules, project, options));
  REQUIRE(expected.size() > 100);

  std::vector<std::uint64_t> ids(project.resources().size());
  std::iota(ids.begin(), ids.end(), std::uint64_t{1});
  std::uint64_t next_id = ids.size() + 1;
  palisade::IncrementalRules incremental;
  CHECK(incrementalTestLines(incremental.run(rules, project, options, ids)) == expected);
  CHECK(incremental.lastRun().evaluations_reused == 0);
  CHECK(incremental.lastRun().evaluations_run > 1000);

  // Nothing changed: everything that read only its resource is reused.
  CHECK(incrementalTestLines(incremental.run(rules, project, options, ids)) == expected);
  CHECK(incremental.lastRun().resources_reused == project.resources().size());
  CHECK(incremental.lastRun().evaluations_reused > 10000);

  // Random edits, one run after another: a resource changed (a new id), one removed, one added (a copy of another).
  std::mt19937 random(25);
  std::vector<Resource> resources = project.resources();
  for (int round = 0; round < 6; ++round) {
    INFO("round " << round);
    auto pick = [&] { return std::uniform_int_distribution<std::size_t>(0, resources.size() - 1)(random); };
    for (int k = 0; k < 3; ++k) {
      std::size_t changed = pick();
      flipFirstBoolean(resources[changed].body);
      ids[changed] = next_id++;
    }
    std::size_t removed = pick();
    resources.erase(resources.begin() + static_cast<std::ptrdiff_t>(removed));
    ids.erase(ids.begin() + static_cast<std::ptrdiff_t>(removed));
    std::size_t copied = pick();
    std::size_t at = pick();
    Resource added = resources[copied];
    resources.insert(resources.begin() + static_cast<std::ptrdiff_t>(at), std::move(added));
    ids.insert(ids.begin() + static_cast<std::ptrdiff_t>(at), next_id++);

    Project edited = incrementalTestProject(project, resources);
    const std::vector<std::string> want = incrementalTestLines(palisade::runRules(rules, edited, options));
    CHECK(incrementalTestLines(incremental.run(rules, edited, options, ids)) == want);
    CHECK(incremental.lastRun().resources_reused == resources.size() - 4);
    CHECK(incremental.lastRun().evaluations_reused > 1000);
  }

  // Options that change findings, and another rule set, start afresh (and still agree).
  palisade::EngineOptions strict;
  strict.strict = true;
  Project edited = incrementalTestProject(project, resources);
  CHECK(incrementalTestLines(incremental.run(rules, edited, strict, ids)) ==
        incrementalTestLines(palisade::runRules(rules, edited, strict)));
  CHECK(incremental.lastRun().evaluations_reused == 0);
  palisade::RuleSet fewer = palisade::testing::builtinRules();
  fewer.filter([](const palisade::Rule& r) { return r.info.id.starts_with("K8S"); });
  CHECK(incrementalTestLines(incremental.run(fewer, edited, strict, ids)) ==
        incrementalTestLines(palisade::runRules(fewer, edited, strict)));
  CHECK(incremental.lastRun().evaluations_reused == 0);
}

TEST_CASE("an evaluation that read the project runs again when another resource changes", "[engine][incremental]") {
  // K8S051 (pod-not-isolated) asks the project for the NetworkPolicies: the pod's own id
  // stays while the policy that selected it goes away, and its finding appears.
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.filter([](const palisade::Rule& r) { return r.info.name == "pod-not-isolated"; });
  REQUIRE(rules.rules().size() == 1);
  const std::string pod =
      "apiVersion: v1\nkind: Pod\nmetadata: {name: web, namespace: shop, labels: {app: web}}\n"
      "spec:\n  containers: [{name: c, image: x}]\n";
  const std::string policy =
      "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\n"
      "spec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n";
  Project isolated = incrementalTestPods(pod + policy);
  REQUIRE(isolated.resources().size() == 2);
  const palisade::EngineOptions options;
  palisade::IncrementalRules incremental;
  const std::vector<std::uint64_t> both{1, 2};
  CHECK(incremental.run(rules, isolated, options, both).empty());
  CHECK(palisade::runRules(rules, isolated, options).empty());

  // The policy allows everything now (a new id); the pod (id 1) is unchanged.
  const std::string open_policy =
      "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: deny, namespace: shop}\n"
      "spec:\n  podSelector: {matchLabels: {app: other}}\n  policyTypes: [Ingress, Egress]\n";
  Project exposed = incrementalTestPods(pod + open_policy);
  const std::vector<Finding> expected = palisade::runRules(rules, exposed, options);
  REQUIRE(expected.size() == 1);
  const std::vector<Finding> got = incremental.run(rules, exposed, options, std::vector<std::uint64_t>{1, 3});
  CHECK(incrementalTestLines(got) == incrementalTestLines(expected));
  CHECK(incremental.lastRun().resources_reused == 1);
  CHECK(incremental.lastRun().evaluations_reused == 0);  // the pod's only evaluation read the project
}

TEST_CASE("an assertion rule's findings are reused, not recomputed, for an unchanged resource", "[engine][incremental]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.filter([](const palisade::Rule& r) { return r.info.id == "K8S002"; });  // privileged container
  Project project = incrementalTestPods(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n}\n"
      "spec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: n}\n"
      "spec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n");
  const palisade::EngineOptions options;
  palisade::IncrementalRules incremental;
  CHECK(incremental.run(rules, project, options, std::vector<std::uint64_t>{7, 8}).size() == 2);
  CHECK(incremental.lastRun().evaluations_run == 2);

  // The same ids promise unchanged resources: the results come from the memo, so a
  // project whose pod `b` is no longer privileged still reports it under its old id,
  // and reports it no more under a new id.
  Project fixed = incrementalTestPods(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: n}\n"
      "spec:\n  containers: [{name: c, image: x, securityContext: {privileged: true}}]\n"
      "---\napiVersion: v1\nkind: Pod\nmetadata: {name: b, namespace: n}\n"
      "spec:\n  containers: [{name: c, image: x, securityContext: {privileged: false}}]\n");
  CHECK(incremental.run(rules, fixed, options, std::vector<std::uint64_t>{7, 8}).size() == 2);
  CHECK(incremental.lastRun().evaluations_reused == 2);
  CHECK(incremental.lastRun().evaluations_run == 0);
  CHECK(incremental.run(rules, fixed, options, std::vector<std::uint64_t>{7, 9}).size() == 1);
  CHECK(incremental.lastRun().evaluations_reused == 1);
  CHECK(incremental.lastRun().evaluations_run == 1);

  // Without an id per resource nothing is reused.
  CHECK(incremental.run(rules, fixed, options, std::vector<std::uint64_t>{7}).size() == 1);
  CHECK(incremental.lastRun().evaluations_reused == 0);
}
