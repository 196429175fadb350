// Rule names are what users write in suppressions. In Bicep files palisade
// honours Bicep's own `#disable-next-line NAME` directive, which the Bicep
// linter shares: a palisade rule named like a Bicep linter rule would take
// over the linter's suppressions (and report them as unused where its own
// rule differs). A rule that reports the same thing as a linter rule says so
// with `bicep-linter-equivalents`, which are not names. The list is the Bicep
// linter's rule codes from its docs.
#include <catch2/catch.hpp>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <vector>

#include "rules/engine/rule_set.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {

const std::set<std::string> kBicepLinterRules{
    "adminusername-should-not-be-literal", "artifacts-parameters", "decompiler-cleanup",
    "explicit-values-for-loc-params", "max-asserts", "max-outputs", "max-params", "max-resources",
    "max-variables", "nested-deployment-template-scoping", "no-conflicting-metadata",
    "no-deployments-resources", "no-hardcoded-env-urls", "no-hardcoded-location",
    "no-loc-expr-outside-params", "no-unnecessary-dependson", "no-unused-existing-resources",
    "no-unused-params", "no-unused-vars", "outputs-should-not-contain-secrets", "prefer-interpolation",
    "prefer-unquoted-property-names", "protect-commandtoexecute-secrets", "secure-parameter-default",
    "secure-params-in-nested-deploy", "secure-secrets-in-params", "simplify-interpolation",
    "simplify-json-null", "use-parent-property", "use-recent-api-versions", "use-recent-module-versions",
    "use-resource-id-functions", "use-resource-symbol-reference", "use-safe-access",
    "use-secure-value-for-secure-inputs", "use-stable-resource-identifiers", "use-stable-vm-image",
    "what-if-short-circuiting"};

// A user pack in a fresh folder holding one rule file.
std::filesystem::path userPack(const std::string& name, const std::string& rule_yaml) {
  auto dir = std::filesystem::temp_directory_path() / fmt::format("palisade-rule-names-{}-{}", name, getpid());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "USR001.yaml") << rule_yaml;
  return dir;
}

std::string userRule(const std::string& name, const std::string& equivalents) {
  return "id: USR001\nname: " + name + "\ntitle: t\nseverity: low\ndescription: d\nremediation: r\n" +
         "bicep-linter-equivalents: " + equivalents + "\nassert: {path: a, exists: true}\n";
}

}  // namespace

TEST_CASE("No built-in rule is named like a Bicep linter rule", "[rules]") {
  RuleSet rules = palisade::testing::builtinRules();
  rules.enableAll();  // default-off rules too
  REQUIRE(rules.rules().size() > 100);
  for (const Rule& rule : rules.rules()) {
    INFO(rule.info.id);
    CHECK(kBicepLinterRules.count(rule.info.name) == 0);
  }
}

TEST_CASE("Bicep linter equivalents are the linter's codes, spelled as its docs spell them", "[rules]") {
  RuleSet rules = palisade::testing::builtinRules();
  for (const Rule& rule : rules.rules()) {
    for (const std::string& code : rule.info.bicep_linter_equivalents) {
      INFO(rule.info.id << " " << code);
      CHECK(kBicepLinterRules.count(code) == 1);
    }
  }
  REQUIRE(rules.find("AZR036"));
  CHECK(rules.find("AZR036")->info.bicep_linter_equivalents == std::vector<std::string>{"secure-parameter-default"});
  REQUIRE(rules.find("AZR037"));
  CHECK(rules.find("AZR037")->info.bicep_linter_equivalents ==
        std::vector<std::string>{"outputs-should-not-contain-secrets"});
}

TEST_CASE("a Bicep linter equivalent that is a rule's name, or not kebab-case, is a rule file error", "[rules]") {
  std::vector<Diagnostic> errors;
  RuleSet::load({userPack("clash", userRule("my-rule", "[secret-in-output]"))}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("must not be a rule's name") != std::string::npos);

  errors.clear();
  RuleSet::load({userPack("case", userRule("my-rule", "[Outputs_Should_Not]"))}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("must be kebab-case") != std::string::npos);

  errors.clear();
  RuleSet rules = RuleSet::load({userPack("ok", userRule("my-rule", "[max-outputs]"))}, errors);
  CHECK(errors.empty());
  REQUIRE(rules.find("USR001"));
  CHECK(rules.find("USR001")->info.bicep_linter_equivalents == std::vector<std::string>{"max-outputs"});
  for (const char* name : {"clash", "case", "ok"}) {
    std::filesystem::remove_all(std::filesystem::temp_directory_path() /
                                fmt::format("palisade-rule-names-{}-{}", name, getpid()));
  }
}
