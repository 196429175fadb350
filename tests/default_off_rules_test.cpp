// Default-off rules (`default-enabled: false`, the resilience pack): loaded
// but dormant until a selection — --select, the configuration's `select`,
// by id, name or tag — names them. A scan without a selection runs exactly
// the default rules, so users who never ask for the pack see no change.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "core/ascii.h"
#include "rules/engine/rule_set.h"
#include "scan/comment_suppressions.h"
#include "scan/config.h"
#include "scan/config_loader.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {



std::set<std::string> idsOf(const std::vector<Rule>& rules) {
  std::set<std::string> out;
  for (const Rule& r : rules) out.insert(r.info.id);
  return out;
}

bool anyResilience(const std::vector<Rule>& rules) {
  return std::any_of(rules.begin(), rules.end(), [](const Rule& r) { return r.info.pack == "resilience"; });
}

std::set<std::string> findingRules(const std::string& path, const RuleSet& rules) {
  ScanRequest request;
  request.paths = {(palisade::testing::repoRoot() / path).string()};
  request.root = palisade::testing::repoRoot();
  std::set<std::string> out;
  for (const Finding& f : runScan(request, rules).findings) out.insert(f.rule_id);
  return out;
}

Config configSelecting(const std::string& yaml) {
  LoadedConfig loaded = parseConfig(std::make_shared<const SourceFile>(".palisade.yaml", yaml), fs::temp_directory_path());
  REQUIRE(loaded.errors.empty());
  return loaded.config;
}

}  // namespace

TEST_CASE("the resilience pack is loaded but does not run by default", "[rules][default-off]") {
  RuleSet rules = palisade::testing::builtinRules();
  CHECK_FALSE(anyResilience(rules.rules()));
  REQUIRE(rules.dormant().size() >= 20);
  for (const Rule& r : rules.dormant()) {
    INFO(r.info.id);
    // The default-off packs: resilience and azure-hardening; each rule carries its pack's tag.
    CHECK((r.info.pack == "resilience" || r.info.pack == "azure-hardening"));
    CHECK_FALSE(r.info.default_enabled);
    CHECK(std::find(r.info.tags.begin(), r.info.tags.end(), r.info.pack) != r.info.tags.end());
  }
  // Still known by id and name: --ignore, severity overrides, explain and suppressions accept them.
  REQUIRE(rules.find("RES040"));
  CHECK(rules.find("workload-replicas") == rules.find("RES040"));
  CHECK(knownRuleNames(rules).count("res040") == 1);
  CHECK(selectRules(rules, {}, {"RES040"}).empty());
  CHECK_FALSE(anyResilience(rules.rules()));
}

TEST_CASE("a default scan of the fixtures and the demo runs no resilience rule", "[rules][default-off]") {
  RuleSet rules = palisade::testing::builtinRules();
  for (const std::string path : {"fixtures/resilience", "fixtures/demo", "fixtures/kubernetes"}) {
    INFO(path);
    for (const std::string& id : findingRules(path, rules)) CHECK_FALSE(id.starts_with("RES"));
  }
  // The same fixtures do hold what the pack reports, once it is selected.
  REQUIRE(selectRules(rules, {"resilience"}, {}).empty());
  std::set<std::string> found = findingRules("fixtures/resilience", rules);
  CHECK(found.count("RES040") == 1);
  CHECK(found.count("RES001") == 1);
  CHECK(findingRules("fixtures/resilience/zone-spread-one-zone", rules).count("RES060") == 1);
  // The demo's deliberate gaps, and nothing else (fixtures/demo/README.md).
  CHECK(findingRules("fixtures/demo", rules) == std::set<std::string>{"RES002", "RES040", "RES043", "RES060"});
}

TEST_CASE("select by tag, id or name wakes default-off rules, other selections leave them asleep",
          "[rules][default-off]") {
  RuleSet all = palisade::testing::builtinRules();
  const std::size_t default_count = all.rules().size();
  std::set<std::string> resilience_ids;
  for (const Rule& r : all.dormant()) {
    if (r.info.pack == "resilience") resilience_ids.insert(r.info.id);
  }

  RuleSet by_tag = palisade::testing::builtinRules();
  REQUIRE(selectRules(by_tag, {"resilience"}, {}).empty());
  CHECK(idsOf(by_tag.rules()) == resilience_ids);
  CHECK_FALSE(anyResilience(by_tag.dormant()));

  RuleSet by_id = palisade::testing::builtinRules();
  REQUIRE(selectRules(by_id, {"RES002", "pdb-missing", "K8S002"}, {}).empty());
  CHECK(idsOf(by_id.rules()) == std::set<std::string>{"K8S002", "RES002", "RES041"});

  RuleSet security = palisade::testing::builtinRules();
  REQUIRE(selectRules(security, {"security"}, {}).empty());
  CHECK_FALSE(anyResilience(security.rules()));

  RuleSet none = palisade::testing::builtinRules();
  REQUIRE(selectRules(none, {}, {}).empty());
  CHECK(none.rules().size() == default_count);

  RuleSet unknown = palisade::testing::builtinRules();
  CHECK_FALSE(selectRules(unknown, {"no-such-tag"}, {}).empty());
}

TEST_CASE("the configuration's select wakes default-off rules, and --select replaces it", "[rules][default-off][config]") {
  RuleSet with_pack = palisade::testing::builtinRules();
  REQUIRE(configureRules(configSelecting("select: [security, resilience]\n"), with_pack, false).empty());
  CHECK(anyResilience(with_pack.rules()));
  CHECK(with_pack.find("K8S002") != nullptr);

  RuleSet security_only = palisade::testing::builtinRules();
  REQUIRE(configureRules(configSelecting("select: [security]\n"), security_only, false).empty());
  CHECK_FALSE(anyResilience(security_only.rules()));

  RuleSet no_select = palisade::testing::builtinRules();
  const std::set<std::string> defaults = idsOf(no_select.rules());
  REQUIRE(configureRules(configSelecting("ignore: [resilience]\nseverity: {RES040: high}\n"), no_select, false).empty());
  CHECK(idsOf(no_select.rules()) == defaults);

  RuleSet replaced = palisade::testing::builtinRules();
  REQUIRE(configureRules(configSelecting("select: [resilience]\n"), replaced, true).empty());
  REQUIRE(selectRules(replaced, {"K8S002"}, {}).empty());
  CHECK(idsOf(replaced.rules()) == std::set<std::string>{"K8S002"});
}

TEST_CASE("default-enabled is read from rule files, user packs too", "[rules][default-off]") {
  fs::path dir = fs::temp_directory_path() / "palisade-default-off-pack";
  fs::remove_all(dir);
  fs::create_directories(dir);
  auto rule = [](const std::string& id, const std::string& enabled) {
    return "id: " + id + "\nname: my-" + lowerAscii(id) + "\ntitle: t\nseverity: low\ndescription: d\nremediation: r\n" +
           "default-enabled: " + enabled + "\nmatch: {kinds: [Pod]}\nassert: {path: spec, exists: true}\n";
  };
  std::ofstream(dir / "a.yaml") << rule("USR001", "false");
  std::ofstream(dir / "b.yaml") << rule("USR002", "true");
  std::vector<Diagnostic> errors;
  RuleSet rules = RuleSet::load({dir}, errors);
  REQUIRE(errors.empty());
  CHECK(idsOf(rules.dormant()).count("USR001") == 1);
  CHECK(idsOf(rules.rules()).count("USR002") == 1);

  std::ofstream(dir / "c.yaml") << rule("USR003", "\"no\"");
  errors.clear();
  RuleSet::load({dir}, errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("default-enabled") != std::string::npos);
  fs::remove_all(dir);
}

TEST_CASE("resilience rules: unknown values report only with --strict", "[rules][default-off]") {
  RuleSet rules = palisade::testing::builtinRules();
  REQUIRE(selectRules(rules, {"resilience"}, {}).empty());
  auto linesOf = [&](bool strict) {
    ScanRequest request;
    request.paths = {(palisade::testing::repoRoot() / "fixtures/resilience/aks-clusters.bicep").string()};
    request.root = palisade::testing::repoRoot();
    request.strict = strict;
    std::set<std::pair<std::string, uint32_t>> out;
    for (const Finding& f : runScan(request, rules).findings) out.insert({f.rule_id, f.location.start_line});
    return out;
  };
  auto relaxed = linesOf(false);
  auto strict = linesOf(true);
  // `aks-unknowns` takes its tier from a parameter without a value (line 116): silent, then reported.
  CHECK(relaxed.count({"RES001", 116}) == 0);
  CHECK(strict.count({"RES001", 116}) == 1);
  for (const auto& f : relaxed) CHECK(strict.count(f) == 1);
}

TEST_CASE("resilience C++ checks point at the parameter file that set a value", "[rules][default-off]") {
  RuleSet rules = palisade::testing::builtinRules();
  REQUIRE(selectRules(rules, {"resilience"}, {}).empty());
  ScanRequest request;
  request.paths = {(palisade::testing::repoRoot() / "fixtures/resilience/aks-bicepparam").string()};
  request.root = palisade::testing::repoRoot();
  std::size_t zones_findings = 0;
  for (const Finding& f : runScan(request, rules).findings) {
    if (f.rule_id != "RES002") continue;
    ++zones_findings;
    bool from_param_file = std::any_of(f.related.begin(), f.related.end(),
                                       [](const Location& l) { return l.uri.ends_with("main.bicepparam") && l.start_line == 4; });
    CHECK(from_param_file);
  }
  CHECK(zones_findings == 2);
}
