// Pod Security admission: findings of the Pod Security Standards on pods of
// a namespace that enforces a level say the pods would be refused — for
// baseline rules under `baseline`, for both under `restricted` — and other
// findings keep their message.
#include <catch2/catch.hpp>

#include <filesystem>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"

namespace fs = std::filesystem;

namespace {

const palisade::Finding* findingAt(const std::vector<palisade::Finding>& findings, std::string_view rule,
                                   uint32_t line) {
  for (const palisade::Finding& f : findings)
    if (f.rule_id == rule && f.location.start_line == line) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("PSS findings in namespaces that enforce Pod Security say the pods are refused", "[kubernetes]") {
  std::vector<palisade::Diagnostic> errors;
  palisade::RuleSet rules = palisade::RuleSet::load({}, errors);
  REQUIRE(errors.empty());
  palisade::ScanRequest request;
  const fs::path repo = PALISADE_SOURCE_DIR;
  request.paths = {(repo / "fixtures/kubernetes/K8S002-pod-security-admission.yaml").string()};
  request.root = repo;
  const palisade::ScanResult result = palisade::runScan(request, rules);

  const palisade::Finding* pod = findingAt(result.findings, "K8S002", 31);
  REQUIRE(pod);
  CHECK(pod->message.find("namespace 'locked' enforces Pod Security 'restricted': this pod would be refused at "
                          "admission") != std::string::npos);
  const palisade::Finding* deployment = findingAt(result.findings, "K8S002", 50);
  REQUIRE(deployment);
  CHECK(deployment->message.find("the pods of this Deployment would be refused") != std::string::npos);
  // K8S016 is a restricted-level rule: a baseline namespace admits the pod.
  const palisade::Finding* restricted_only = findingAt(result.findings, "K8S016", 56);
  REQUIRE(restricted_only);
  CHECK(restricted_only->message.find("refused at admission") == std::string::npos);
}
