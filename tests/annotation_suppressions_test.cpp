// Kubernetes annotation suppressions: parsing the annotations, and the filter
// that marks the findings of an annotated resource suppressed.
#include <catch2/catch.hpp>

#include <filesystem>

#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/checks/kubernetes/suppression_annotations.h"
#include "rules/engine/rule_set.h"
#include "scan/annotation_suppressions.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {


std::vector<SuppressionAnnotation> annotationsOf(const std::string& yaml, std::unique_ptr<SourceFile>& keep,
                                                 std::vector<Resource>& resources) {
  keep = std::make_unique<SourceFile>("t.yaml", yaml);
  auto read = readYaml(*keep, {});
  REQUIRE(read.diagnostics.empty());
  resources = classifyKubernetesDocuments(std::move(read.documents));
  REQUIRE(resources.size() == 1);
  return suppressionAnnotationsOf(resources[0]);
}

}  // namespace

TEST_CASE("suppression annotations name one rule in the key or a list in the value", "[suppressions][kubernetes]") {
  std::unique_ptr<SourceFile> file;
  std::vector<Resource> resources;
  auto found = annotationsOf(R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  annotations:
    palisade.dev/ignore-K8S009: "  CNI agent  "
    palisade.dev/ignore: "K8S010, host-path-volume,K8S011 node agent, reviewed"
    palisade.dev/ignored: "not a suppression"
    other: x
)",
                             file, resources);
  REQUIRE(found.size() == 2);
  CHECK(found[0].rules == std::vector<std::string>{"K8S009"});
  CHECK(found[0].reason == "CNI agent");
  CHECK(found[1].rules == std::vector<std::string>{"K8S010", "host-path-volume", "K8S011"});
  CHECK(found[1].reason == "node agent, reviewed");

  auto bare = annotationsOf("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    palisade.dev/ignore: K8S001\n"
                            "    palisade.dev/ignore-K8S002: ''\n",
                            file, resources);
  REQUIRE(bare.size() == 2);
  CHECK(bare[0].rules == std::vector<std::string>{"K8S001"});
  CHECK(bare[0].reason.empty());
  CHECK(bare[1].reason.empty());
}

TEST_CASE("annotation suppressions mark the annotated resource's findings, with the reason", "[suppressions][kubernetes]") {
  RuleSet rules = palisade::testing::builtinRules();
  ScanRequest request;
  request.paths = {(palisade::testing::repoRoot() / "fixtures/kubernetes/K8S041-suppression-annotation-without-reason.yaml").string()};
  request.root = palisade::testing::repoRoot();
  ScanResult result = runScan(request, rules);
  for (const Finding& f : result.findings) REQUIRE_FALSE(f.suppression);

  std::vector<Finding> filtered = applyAnnotationSuppressions(result.findings, result.project);
  REQUIRE(filtered.size() == result.findings.size());

  const Finding* host_network = palisade::testing::findingAt(filtered, "K8S009", 13);
  REQUIRE(host_network);
  REQUIRE(host_network->suppression);
  CHECK(host_network->suppression->kind == Suppression::Kind::InSource);
  CHECK(host_network->suppression->justification == "CNI agent: needs the node's network, reviewed 2026-11");

  const Finding* neighbour = palisade::testing::findingAt(filtered, "K8S009", 31);
  REQUIRE(neighbour);
  CHECK_FALSE(neighbour->suppression);

  // By id and by name, from one list.
  const Finding* host_port = palisade::testing::findingAt(filtered, "K8S010", 57);
  const Finding* host_path = palisade::testing::findingAt(filtered, "K8S011", 59);
  REQUIRE(host_port);
  REQUIRE(host_path);
  CHECK(host_port->suppression);
  CHECK(host_path->suppression);
  CHECK(host_path->suppression->justification == "node log reader, reviewed 2026-11");

  // Without a reason nothing is suppressed, and K8S041 says so.
  const Finding* host_pid = palisade::testing::findingAt(filtered, "K8S007", 71);
  const Finding* exposed = palisade::testing::findingAt(filtered, "K8S038", 89);
  REQUIRE(host_pid);
  REQUIRE(exposed);
  CHECK_FALSE(host_pid->suppression);
  CHECK_FALSE(exposed->suppression);
  CHECK(palisade::testing::findingAt(filtered, "K8S041", 67));
  CHECK(palisade::testing::findingAt(filtered, "K8S041", 86));

  std::size_t suppressed = 0;
  for (const Finding& f : filtered) suppressed += f.suppression ? 1 : 0;
  CHECK(suppressed == 3);
}
