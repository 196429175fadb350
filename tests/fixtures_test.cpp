// The closed-world fixture test: for every fixture project, the set of
// (file, line, rule) findings equals the set of expectations written in the
// fixtures — nothing missing, nothing extra. Inline suppressions apply: a
// suppressed finding is not "found", so its line carries no expectation.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

#include "rules/engine/rule_set.h"
#include "scan/config_loader.h"
#include "scan/filters.h"
#include "scan/scanner.h"
#include "tests/fixture_expectations.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using palisade::testing::Expectation;

namespace {



std::string describe(const std::set<Expectation>& items) {
  std::string out;
  for (const auto& [file, line, rule] : items) out += "  " + file + ":" + std::to_string(line) + " " + rule + "\n";
  return out;
}

}  // namespace

// The rules a fixture project is scanned with: the default ones, or for the
// fixtures of a default-off pack (fixtures/resilience/) that pack alone, as
// `--select resilience` runs it.
palisade::RuleSet rulesForFixture(const fs::path& project) {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  std::string pack = fs::relative(project, palisade::testing::repoRoot() / "fixtures").begin()->string();
  bool default_off = std::any_of(rules.dormant().begin(), rules.dormant().end(),
                                 [&](const palisade::Rule& r) { return r.info.pack == pack; });
  if (default_off) rules.select([&](const palisade::Rule& r) { return r.info.pack == pack; });
  return rules;
}

TEST_CASE("every fixture's findings are exactly its expectations", "[fixtures]") {
  auto projects = palisade::testing::fixtureProjects(palisade::testing::repoRoot() / "fixtures");
  REQUIRE(projects.size() >= 3);
  for (const fs::path& project : projects) {
    DYNAMIC_SECTION(fs::relative(project, palisade::testing::repoRoot()).generic_string()) {
      palisade::RuleSet rules = rulesForFixture(project);
      palisade::ScanRequest request;
      request.paths = {project.string()};
      request.root = palisade::testing::repoRoot();
      // A fixture folder's `.palisade.yaml` says where its custom resources keep pod specs.
      palisade::LoadedConfig config;
      if (fs::is_regular_file(project / palisade::kConfigFileName)) {
        config = palisade::loadConfigFile(project / palisade::kConfigFileName);
        REQUIRE(config.errors.empty());
        request.pod_spec_paths = config.config.pod_spec_paths;
      }
      palisade::ScanResult result = palisade::runScan(request, rules);

      std::set<Expectation> expected;
      palisade::testing::ExpectationPins pins;
      std::vector<fs::path> files;
      if (fs::is_directory(project)) {
        for (const auto& entry : fs::recursive_directory_iterator(project)) {
          if (!entry.is_directory()) files.push_back(entry.path());
        }
      } else {
        files.push_back(project);
      }
      for (const fs::path& file : files) {
        if (file.extension() == ".expect") continue;
        std::string display = fs::path(file).lexically_relative(palisade::testing::repoRoot()).generic_string();
        auto found = palisade::testing::expectationsIn(file, display, &pins);
        expected.insert(found.begin(), found.end());
      }
      // Inline suppressions apply (no config, baseline or diff); a suppressed finding is not "found".
      palisade::FilterSettings filters;
      filters.suppressions = {palisade::CivilDate{2026, 11, 30}, palisade::knownRuleNames(rules)};
      std::set<Expectation> actual;
      std::multimap<Expectation, const palisade::Finding*> found_at;
      auto reported = palisade::applyFilters(result.findings, result.project, rules, filters);
      for (const auto& f : reported) {
        if (f.suppression) continue;
        Expectation key{f.location.uri, f.location.start_line, f.rule_id};
        actual.insert(key);
        found_at.insert({key, &f});
      }

      std::set<Expectation> missing, extra;
      std::set_difference(expected.begin(), expected.end(), actual.begin(), actual.end(), std::inserter(missing, missing.end()));
      std::set_difference(actual.begin(), actual.end(), expected.begin(), expected.end(), std::inserter(extra, extra.end()));
      INFO("expected but not found:\n" << describe(missing) << "found but not expected:\n" << describe(extra));
      CHECK(missing.empty());
      CHECK(extra.empty());

      // A pinned expectation holds when one finding at its line starts at its column and says its fragment.
      for (const auto& [key, pin] : pins) {
        auto [first, last] = found_at.equal_range(key);
        if (first == last) continue;  // already reported as missing
        bool held = std::any_of(first, last, [&pin = pin](const auto& entry) {
          const palisade::Finding& f = *entry.second;
          return (!pin.column || *pin.column == f.location.start_column) &&
                 f.message.find(pin.message_fragment) != std::string::npos;
        });
        std::string seen;
        for (auto it = first; it != last; ++it) {
          seen += "  column " + std::to_string(it->second->location.start_column) + ": " + it->second->message + "\n";
        }
        INFO(std::get<0>(key) << ":" << std::get<1>(key) << " " << std::get<2>(key) << " expected"
             << (pin.column ? " at column " + std::to_string(*pin.column) : std::string())
             << (pin.message_fragment.empty() ? std::string() : " saying \"" + pin.message_fragment + "\"")
             << ", found:\n" << seen);
        CHECK(held);
      }
    }
  }
}

TEST_CASE("every rule has a fixture that expects it", "[fixtures][meta]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.enableAll();  // default-off rules too
  std::set<std::string> expected_rules;
  for (const auto& entry : fs::recursive_directory_iterator(palisade::testing::repoRoot() / "fixtures")) {
    if (!entry.is_regular_file()) continue;
    for (const auto& [file, line, rule] : palisade::testing::expectationsIn(entry.path(), entry.path().string())) {
      expected_rules.insert(rule);
    }
  }
  // Rules whose trigger cannot live in a small fixture, and the test that covers each instead.
  const std::map<std::string, std::string> covered_elsewhere = {
      {"GEN012", "tests/engine_limits_test.cpp and tests/shell/hostile_inputs.sh (over 1,000 findings in one file)"},
      {"GEN007", "tests/rule_language_test.cpp and tests/rule_names_test.cpp (rule files are not scanned inputs)"},
      {"GEN020", "tests/config_test.cpp and tests/shell/config_file.sh (configuration files are not scanned inputs)"},
      {"GEN014", "tests/shell/inputs_read.sh (a named file or standard input with nothing to check)"},
      {"GEN015", "tests/shell/inputs_read.sh and hostile_inputs.sh (a file over --max-file-size)"},
  };
  for (const auto& rule : rules.rules()) {
    if (covered_elsewhere.count(rule.info.id)) continue;
    INFO(rule.info.id << " " << rule.info.name << " has no fixture line with `expect: " << rule.info.id << "`");
    CHECK(expected_rules.count(rule.info.id) == 1);
  }
}
