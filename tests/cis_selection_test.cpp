// Selecting rules by CIS benchmark: a tag `cis-azure-2.1.0:3.1` is named by
// the benchmark (`cis-azure`), the versioned benchmark, a section or the item,
// and the selection wakes default-off rules that carry such a tag.
#include <catch2/catch.hpp>

#include <algorithm>

#include "core/rule_selector.h"
#include "rules/engine/rule_set.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {


bool hasId(const std::vector<Rule>& rules, std::string_view id) {
  return std::any_of(rules.begin(), rules.end(), [&](const Rule& r) { return r.info.id == id; });
}

}  // namespace

TEST_CASE("a CIS tag is named by its benchmark, version, section or item", "[rules][cis]") {
  RuleInfo rule;
  rule.id = "AZR900";
  rule.name = "example";
  rule.tags = {"security", "cis-azure-2.1.0:3.15"};
  CHECK(ruleMatchesSelector(rule, "cis-azure"));
  CHECK(ruleMatchesSelector(rule, "cis-azure-2.1.0"));
  CHECK(ruleMatchesSelector(rule, "cis-azure-2.1.0:3"));
  CHECK(ruleMatchesSelector(rule, "cis-azure-2.1.0:3.15"));
  CHECK_FALSE(ruleMatchesSelector(rule, "cis-azure-2.1.0:3.1"));  // 3.1 is another item
  CHECK_FALSE(ruleMatchesSelector(rule, "cis-azure-2.1"));         // not a version boundary
  CHECK_FALSE(ruleMatchesSelector(rule, "cis-az"));
  CHECK_FALSE(ruleMatchesSelector(rule, "cis-kubernetes"));
  CHECK_FALSE(ruleMatchesSelector(rule, "secur"));  // a tag prefix ends at a boundary
}

TEST_CASE("selecting cis-azure runs the CIS Azure rules, default-off ones included", "[rules][cis]") {
  RuleSet rules = palisade::testing::builtinRules();
  REQUIRE_FALSE(hasId(rules.rules(), "AZR050"));  // azure-hardening: off by default
  REQUIRE(selectRules(rules, {"cis-azure"}, {}).empty());
  CHECK(hasId(rules.rules(), "AZR030"));  // 3.1
  CHECK(hasId(rules.rules(), "AZR050"));  // 3.2, default-off
  CHECK(hasId(rules.rules(), "AZR082"));  // 2.1.x
  CHECK_FALSE(hasId(rules.rules(), "AZR054"));  // hardening without a CIS item
  CHECK_FALSE(hasId(rules.rules(), "K8S002"));
  for (const Rule& r : rules.rules()) {
    INFO(r.info.id);
    CHECK(std::any_of(r.info.tags.begin(), r.info.tags.end(),
                      [](const std::string& t) { return t.starts_with("cis-azure-"); }));
  }

  RuleSet section = palisade::testing::builtinRules();
  REQUIRE(selectRules(section, {"cis-azure-2.1.0:4.3"}, {}).empty());
  CHECK(hasId(section.rules(), "AZR059"));  // 4.3.2
  CHECK_FALSE(hasId(section.rules(), "AZR032"));  // 4.1.1
}
