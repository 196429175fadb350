// Pod Security admission: findings of the Pod Security Standards on pods of
// a namespace that enforces a level point at the namespace's enforce label,
// saying the pods would be refused — for baseline rules under `baseline`, for
// both under `restricted`; the message itself is the rule's.
#include <catch2/catch.hpp>

#include <filesystem>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

namespace {

// The related location that says why admission refuses the pods, or null.
const palisade::Location* admissionNote(const palisade::Finding& f) {
  for (const palisade::Location& l : f.related) {
    if (l.message.find("refused at admission") != std::string::npos) return &l;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("PSS findings in namespaces that enforce Pod Security say the pods are refused", "[kubernetes]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  const palisade::ScanResult result = palisade::testing::scanRepoPaths({"fixtures/kubernetes/K8S002-pod-security-admission.yaml"}, rules);

  const palisade::Finding* pod = palisade::testing::findingAt(result.findings, "K8S002", 31);
  REQUIRE(pod);
  const palisade::Location* note = admissionNote(*pod);
  REQUIRE(note);
  CHECK(note->message == "namespace 'locked' enforces Pod Security 'restricted': this pod would be refused at admission");
  CHECK(note->uri == "fixtures/kubernetes/K8S002-pod-security-admission.yaml");
  CHECK(note->start_line == 9);  // the `enforce: restricted` label
  CHECK(pod->message.find("admission") == std::string::npos);
  const palisade::Finding* deployment = palisade::testing::findingAt(result.findings, "K8S002", 50);
  REQUIRE(deployment);
  REQUIRE(admissionNote(*deployment));
  CHECK(admissionNote(*deployment)->message.find("the pods of this Deployment would be refused") != std::string::npos);
  // K8S016 is a restricted-level rule: a baseline namespace admits the pod.
  const palisade::Finding* restricted_only = palisade::testing::findingAt(result.findings, "K8S016", 56);
  REQUIRE(restricted_only);
  CHECK(admissionNote(*restricted_only) == nullptr);
}
