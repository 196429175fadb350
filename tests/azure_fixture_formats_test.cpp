// The Azure rules of the broad packs (AZR050 on, azure and azure-hardening) apply to Bicep and to the ARM
// JSON it compiles to: each must be expected in at least one Bicep fixture
// and in at least one ARM JSON fixture (its `.expect` sidecar), so neither
// front end can lose a rule unnoticed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "rules/engine/rule_set.h"
#include "tests/fixture_expectations.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("every broad Azure rule has a Bicep and an ARM JSON fixture", "[fixtures][meta]") {
  const fs::path repo = PALISADE_SOURCE_DIR;
  std::map<std::string, std::set<std::string>> formats;  // rule id -> {"bicep", "json"}
  for (const char* pack : {"azure", "azure-hardening"}) {
  for (const auto& entry : fs::recursive_directory_iterator(repo / "fixtures" / pack)) {
    if (!entry.is_regular_file()) continue;
    std::string extension = entry.path().extension().string();
    if (extension != ".bicep" && extension != ".json") continue;
    for (const auto& [file, line, rule] : palisade::testing::expectationsIn(entry.path(), entry.path().string())) {
      formats[rule].insert(extension == ".bicep" ? "bicep" : "json");
    }
  }
  }
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.enableAll();  // the azure-hardening pack is off by default
  int checked = 0;
  for (const auto& rule : rules.rules()) {
    const std::string& id = rule.info.id;
    if (!id.starts_with("AZR") || id < "AZR050" || id > "AZR199") continue;
    ++checked;
    INFO(id << " " << rule.info.name);
    CHECK(formats[id].count("bicep") == 1);
    CHECK(formats[id].count("json") == 1);
  }
  CHECK(checked >= 40);
}
