// CAL011's findings say which ports are open, weigh by what they expose, and
// point at the network set entry that makes a selector mean "anywhere".
#include <catch2/catch.hpp>

#include <filesystem>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("CAL011 names the open ports and weighs them, sets are related locations", "[calico]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  const palisade::ScanResult result = palisade::testing::scanRepoPaths({"fixtures/calico/CAL011-ingress-from-anywhere.yaml"}, rules);

  // SSH and MySQL from anywhere: the rule's own severity.
  const palisade::Finding* ssh = palisade::testing::findingAt(result.findings, "CAL011", 61);
  REQUIRE(ssh);
  CHECK(ssh->message.find("ports 22, 3306:3307") != std::string::npos);
  CHECK(ssh->severity == palisade::Severity::High);
  // An application port: a step lower.
  const palisade::Finding* app = palisade::testing::findingAt(result.findings, "CAL011", 109);
  REQUIRE(app);
  CHECK(app->message.find("port 8080/TCP") != std::string::npos);
  CHECK(app->severity == palisade::Severity::Medium);
  CHECK(app->level == palisade::Level::Warning);
  // The set entry 0.0.0.0/0 is the related location of the rule selecting it.
  const palisade::Finding* set = palisade::testing::findingAt(result.findings, "CAL011", 145);
  REQUIRE(set);
  CHECK(set->message.find("GlobalNetworkSet 'everyone', which holds 0.0.0.0/0") != std::string::npos);
  REQUIRE(set->related.size() == 1);
  CHECK(set->related[0].start_line == 123);
}

TEST_CASE("CAL014 does not suggest adding net: where it is written", "[calico]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  const palisade::ScanResult result = palisade::testing::scanRepoPaths({"fixtures/calico/CAL014-host-endpoint-failsafe.yaml"}, rules);
  const palisade::Finding* missing = palisade::testing::findingAt(result.findings, "CAL014", 26);
  REQUIRE(missing);
  CHECK(missing->help.find("add `net:`") != std::string::npos);
  const palisade::Finding* written = palisade::testing::findingAt(result.findings, "CAL014", 35);
  REQUIRE(written);
  CHECK(written->help.find("add `net:`") == std::string::npos);
  CHECK(written->help.find("narrow `net: 0.0.0.0/0`") != std::string::npos);
}
