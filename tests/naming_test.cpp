// One naming scheme, checked: a rule file is rules/packs/<pack>/<id>-<name>.yaml;
// every registered check is used by a rule; a check is named after its pack,
// and — unless it takes parameters, which makes it shared — after the one
// rule that uses it; its function is `check` + the name in CamelCase.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <sstream>

#include "rules/engine/check.h"
#include "tests/test_support.h"

namespace {

// The prefix of check names for a pack's rules: azure-hardening's rules use azure checks.
std::string checkPrefixOf(const std::string& pack) { return pack == "azure-hardening" ? "azure" : pack; }

std::string camelCheckFunction(std::string_view check_name) {
  std::string out = "check";
  bool upper = true;
  for (char c : check_name) {
    if (c == '-') {
      upper = true;
    } else {
      out += upper ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
      upper = false;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("rule files are named <id>-<name>.yaml in their pack's folder", "[rules][naming][meta]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.enableAll();
  for (const palisade::Rule& rule : rules.rules()) {
    INFO(rule.source);
    CHECK(rule.source == "builtin:" + rule.info.pack + "/" + rule.info.id + "-" + rule.info.name + ".yaml");
  }
}

TEST_CASE("every check is used, and named after its pack and its rule", "[rules][naming][meta]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.enableAll();
  std::map<std::string_view, std::vector<const palisade::Rule*>> users;
  for (const palisade::Rule& rule : rules.rules()) {
    if (rule.check) users[rule.check->name].push_back(&rule);
  }
  for (const palisade::CheckDefinition& check : palisade::builtinChecks()) {
    INFO("check " << check.name);
    auto found = users.find(check.name);
    REQUIRE(found != users.end());  // a registered check no rule names is dead code
    for (const palisade::Rule* rule : found->second) {
      INFO("used by " << rule->info.id);
      CHECK(check.name.starts_with(checkPrefixOf(rule->info.pack) + "-"));
    }
    if (check.parameters.empty() && found->second.size() == 1) {
      const palisade::Rule& rule = *found->second.front();
      CHECK(check.name == checkPrefixOf(rule.info.pack) + "-" + rule.info.name);
    }
  }
}

TEST_CASE("a check's function is check + its name in CamelCase", "[rules][naming][meta]") {
  std::ifstream in(palisade::testing::repoRoot() / "rules/checks/registry.cpp");
  std::stringstream text;
  text << in.rdbuf();
  const std::string registry = text.str();
  // A pack's checks may live in the pack's namespace (calico::checkCalico...).
  static const std::regex entry(R"re(\{"([a-z0-9-]+)", (?:[a-z]+::)?(\w+), (?:[a-z]+::)?(\w+))re");
  std::size_t entries = 0;
  for (auto it = std::sregex_iterator(registry.begin(), registry.end(), entry); it != std::sregex_iterator(); ++it) {
    const std::string name = (*it)[1], per_resource = (*it)[2], per_project = (*it)[3];
    INFO(name);
    CHECK((per_resource == "nullptr" ? per_project : per_resource) == camelCheckFunction(name));
    ++entries;
  }
  CHECK(entries == palisade::builtinChecks().size());
}
