// Check parameters are declared with their types: a rule file's `params:`
// with a misspelt key, a value of the wrong type or a required parameter
// missing does not load and says where; every built-in rule's params hold.
#include <catch2/catch.hpp>

#include "rules/engine/rule_loader.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {

constexpr const char* kNsgRule = R"(id: AZR990
name: nsg-test
title: t
severity: high
description: d
remediation: r
match:
  types: [Microsoft.Network/networkSecurityGroups]
check: azure-nsg-inbound-from-internet
message: "{resource}"
)";

std::vector<Diagnostic> loadErrors(const std::string& text) { return testing::ruleFileErrors(text); }

}  // namespace

TEST_CASE("a misspelt check parameter is a located error naming the ones the check takes", "[rules][params]") {
  auto errors = loadErrors(std::string(kNsgRule) + "params:\n  all-port: true\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].span.start.line == 12);
  CHECK(errors[0].message.find("has no parameter 'all-port'") != std::string::npos);
  CHECK(errors[0].message.find("all-ports") != std::string::npos);
  CHECK(loadErrors(std::string(kNsgRule) + "params:\n  all-ports: true\n").empty());
}

TEST_CASE("a check parameter of the wrong type is an error at the value", "[rules][params]") {
  auto errors = loadErrors(std::string(kNsgRule) + "params:\n  ports: 22\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].span.start.line == 12);
  CHECK(errors[0].message.find("is a list of ports") != std::string::npos);
  CHECK(loadErrors(std::string(kNsgRule) + "params:\n  ports: [22, ssh]\n").empty());
}

TEST_CASE("a required check parameter must be given, params need a check", "[rules][params]") {
  std::string rbac = kNsgRule;
  rbac.replace(rbac.find("azure-nsg-inbound-from-internet"), 31, "kubernetes-rbac-grants");
  auto missing = loadErrors(rbac + "params:\n  what: can do things\n");
  REQUIRE(missing.size() == 1);
  CHECK(missing[0].message.find("needs the parameter 'grants'") != std::string::npos);

  std::string with_assert = kNsgRule;
  with_assert.replace(with_assert.find("check: azure-nsg-inbound-from-internet"), 38, "assert: {path: a, equals: 1}");
  auto stray = loadErrors(with_assert + "params:\n  ports: [22]\n");
  REQUIRE(stray.size() == 1);
  CHECK(stray[0].message.find("'params' belong to rules with a 'check'") != std::string::npos);
}

TEST_CASE("every built-in rule's params are declared by its check", "[rules][params][meta]") {
  RuleSet rules = testing::builtinRules();  // fails on any rule-file error, parameters included
  rules.enableAll();
  std::size_t with_params = 0;
  for (const Rule& rule : rules.rules()) {
    if (rule.params.isObject()) ++with_params;
  }
  CHECK(with_params >= 15);
}
