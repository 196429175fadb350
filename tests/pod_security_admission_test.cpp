// Pod Security admission: findings of the Pod Security Standards on pods of
// a namespace that enforces a level say the pods would be refused — for
// baseline rules under `baseline`, for both under `restricted` — and other
// findings keep their message.
#include <catch2/catch.hpp>

#include <filesystem>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("PSS findings in namespaces that enforce Pod Security say the pods are refused", "[kubernetes]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  const palisade::ScanResult result = palisade::testing::scanRepoPaths({"fixtures/kubernetes/K8S002-pod-security-admission.yaml"}, rules);

  const palisade::Finding* pod = palisade::testing::findingAt(result.findings, "K8S002", 31);
  REQUIRE(pod);
  CHECK(pod->message.find("namespace 'locked' enforces Pod Security 'restricted': this pod would be refused at "
                          "admission") != std::string::npos);
  const palisade::Finding* deployment = palisade::testing::findingAt(result.findings, "K8S002", 50);
  REQUIRE(deployment);
  CHECK(deployment->message.find("the pods of this Deployment would be refused") != std::string::npos);
  // K8S016 is a restricted-level rule: a baseline namespace admits the pod.
  const palisade::Finding* restricted_only = palisade::testing::findingAt(result.findings, "K8S016", 56);
  REQUIRE(restricted_only);
  CHECK(restricted_only->message.find("refused at admission") == std::string::npos);
}
