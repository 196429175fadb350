// A finding that stands only because --strict counts a value that cannot be
// known as failing carries why, as data: Finding::strict_reason, which every
// reporter renders the same way and the JSON report keeps.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "reporters/json_report_reader.h"
#include "reporters/json_reporter.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("an Unknown reported under --strict says why in its own field", "[strict][reporters]") {
  fs::path dir = fs::temp_directory_path() / "palisade-strict-reason";
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "main.bicep") << "param allowPublic bool\n"
                                       "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n"
                                       "  name: 'stdata'\n"
                                       "  location: 'westeurope'\n"
                                       "  sku: { name: 'Standard_ZRS' }\n"
                                       "  kind: 'StorageV2'\n"
                                       "  properties: {\n"
                                       "    allowBlobPublicAccess: allowPublic\n"
                                       "  }\n"
                                       "}\n";
  palisade::RuleSet rules = palisade::testing::builtinRules();
  rules.filter([](const palisade::Rule& r) { return r.info.id == "AZR006"; });
  palisade::ScanRequest request;
  request.paths = {(dir / "main.bicep").string()};
  request.root = dir;

  CHECK(palisade::runScan(request, rules).findings.empty());  // Unknown is not a finding by default

  request.strict = true;
  palisade::ScanResult strict = palisade::runScan(request, rules);
  fs::remove_all(dir);
  REQUIRE(strict.findings.size() == 1);
  const palisade::Finding& f = strict.findings[0];
  CHECK(f.location.start_line == 8);
  CHECK(f.strict_reason == "the value cannot be known statically");
  CHECK(f.message.find("--strict") == std::string::npos);
  CHECK(palisade::displayMessage(f) == f.message + " (reported because of --strict: the value cannot be known statically)");
}

TEST_CASE("the JSON report keeps a strict finding's reason apart and reads it back", "[strict][reporters][json]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  palisade::Report report;
  report.tool_version = "test";
  palisade::Finding f = palisade::findingOfRule(rules.find("AZR006")->info);
  f.message = "storage account 'stdata' may allow public blob access";
  f.location.uri = "main.bicep";
  f.location.start_line = 8;
  f.strict_reason = "the value cannot be known statically";
  report.findings.push_back(f);
  std::string json = palisade::renderJson({report});
  CHECK(json.find("\"reported_because_strict\"") != std::string::npos);
  palisade::JsonReportRead read = palisade::readJsonReports(json, rules);
  REQUIRE(read.error.empty());
  REQUIRE(read.reports.size() == 1);
  REQUIRE(read.reports[0].findings.size() == 1);
  CHECK(read.reports[0].findings[0].message == f.message);
  CHECK(read.reports[0].findings[0].strict_reason == f.strict_reason);
}
