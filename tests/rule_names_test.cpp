// Rule names are what users write in suppressions. In Bicep files palisade
// honours Bicep's own `#disable-next-line NAME` directive, which the Bicep
// linter shares: a palisade rule named like a Bicep linter rule would take
// over the linter's suppressions (and report them as unused where its own
// rule differs). The list is the Bicep linter's rule codes from its docs.
#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "rules/engine/rule_set.h"

using namespace palisade;

TEST_CASE("No built-in rule is named like a Bicep linter rule", "[rules]") {
  const std::set<std::string> bicep_linter_rules{
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
  std::vector<Diagnostic> errors;
  RuleSet rules = RuleSet::load({}, errors);
  REQUIRE(errors.empty());
  REQUIRE(rules.rules().size() > 100);
  for (const Rule& rule : rules.rules()) {
    INFO(rule.info.id);
    CHECK(bicep_linter_rules.count(rule.info.name) == 0);
  }
}
