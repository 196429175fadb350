// Every fix fixture pair (fixtures/fixes/RULE-what/before and after), in
// process: the rule's fixes (unsafe ones too) turn a copy of before/ into
// after/ byte for byte; a new scan of the fixed copy finds the rule gone; a
// second run changes nothing; --diff's run leaves the files alone. The CLI
// side (diff output, patch) is tests/shell/fix_fixtures.sh.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "scan/civil_date.h"
#include "scan/filters.h"
#include "scan/fix_apply.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

std::map<std::string, std::string> filesUnder(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    out[entry.path().lexically_relative(dir).generic_string()] = text.str();
  }
  return out;
}

FixReport fixOnce(const fs::path& dir, const RuleSet& rules, bool diff_only, std::function<void()> before_writing = {}) {
  FilterSettings filters{nullptr, {todayUtc(), knownRuleNames(rules)}, nullptr, nullptr, nullptr};
  FixRun run;
  run.paths = {dir.string()};
  run.scan = [&](const std::vector<std::string>& paths, const fs::path& root) {
    ScanRequest request;
    request.paths = paths;
    request.root = root.empty() ? dir : root;
    return runScan(request, rules);
  };
  run.filter = [&](const ScanResult& result) { return applyFilters(result.findings, result.project, rules, filters); };
  run.unsafe = true;
  run.diff_only = diff_only;
  run.before_writing = std::move(before_writing);
  return runFixes(run);
}

}  // namespace

TEST_CASE("every fix fixture: before becomes after, the rule is gone, a second run changes nothing", "[fix][fixtures]") {
  const fs::path fixes = testing::repoRoot() / "fixtures" / "fixes";
  const fs::path scratch = fs::temp_directory_path() / ("palisade-fix-fixtures-" + std::to_string(::getpid()));
  std::set<std::string> rules_with_pairs;
  std::vector<fs::path> cases;
  for (const auto& entry : fs::directory_iterator(fixes)) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  for (const fs::path& dir : cases) {
    const std::string name = dir.filename().string();
    const std::string rule = name.substr(0, name.find('-'));
    rules_with_pairs.insert(rule);
    DYNAMIC_SECTION(name) {
      RuleSet rules = testing::builtinRules();
      REQUIRE(selectRules(rules, {rule}, {}).empty());
      const std::map<std::string, std::string> before = filesUnder(dir / "before");
      const std::map<std::string, std::string> after = filesUnder(dir / "after");
      REQUIRE(before.size() == after.size());

      fs::remove_all(scratch);
      fs::copy(dir / "before", scratch, fs::copy_options::recursive);
      FixReport preview = fixOnce(scratch, rules, true);
      CHECK(filesUnder(scratch) == before);  // --diff writes nothing
      CHECK(preview.applied > 0);

      FixReport fixed = fixOnce(scratch, rules, false);
      std::string not_fixed;
      for (const auto& skipped : fixed.skipped) not_fixed += skipped.rule_id + ": " + skipped.reason + "\n";
      INFO("not fixed:\n" << not_fixed);
      CHECK(fixed.applied > 0);
      CHECK(filesUnder(scratch) == after);
      // The --diff preview is the same change.
      for (const auto& [uri, texts] : preview.changed) {
        CHECK(fixed.changed.count(uri) == 1);
        if (fixed.changed.count(uri)) CHECK(fixed.changed.at(uri).second == texts.second);
      }

      ScanRequest request;
      request.paths = {scratch.string()};
      request.root = scratch;
      ScanResult rescan = runScan(request, rules);
      for (const Finding& f : rescan.findings) {
        INFO(f.location.uri << ":" << f.location.start_line << " " << f.rule_id << " " << f.message);
        CHECK(f.rule_id != rule);
      }

      FixReport again = fixOnce(scratch, rules, false);
      CHECK(again.changed.empty());
      CHECK(filesUnder(scratch) == after);
      fs::remove_all(scratch);
    }
  }
  // The bar: fixes for 40 rules or more, each with its pair.
  CHECK(rules_with_pairs.size() >= 40);
}

TEST_CASE("every rule with a fix has a fixture pair", "[fix][fixtures][meta]") {
  RuleSet rules = testing::builtinRules();
  rules.enableAll();
  std::set<std::string> with_pairs;
  for (const auto& entry : fs::directory_iterator(testing::repoRoot() / "fixtures" / "fixes")) {
    std::string name = entry.path().filename().string();
    with_pairs.insert(name.substr(0, name.find('-')));
  }
  for (const Rule& rule : rules.rules()) {
    if (!rule.fix) continue;
    INFO(rule.info.id << " has a fix: but no fixtures/fixes/" << rule.info.id << "-*/ pair");
    CHECK(with_pairs.count(rule.info.id) == 1);
  }
}

TEST_CASE("a file changed after it was read is not written, and the run says so", "[fix]") {
  const fs::path pair = testing::repoRoot() / "fixtures" / "fixes" / "K8S012-insert-security-context";
  const fs::path scratch = fs::temp_directory_path() / ("palisade-fix-changed-" + std::to_string(::getpid()));
  fs::remove_all(scratch);
  fs::copy(pair / "before", scratch, fs::copy_options::recursive);
  RuleSet rules = testing::builtinRules();
  REQUIRE(selectRules(rules, {"K8S012"}, {}).empty());
  const std::map<std::string, std::string> before = filesUnder(scratch);
  REQUIRE(before.size() == 1);
  const std::string name = before.begin()->first;
  const std::string edited = before.begin()->second + "# saved by an editor meanwhile\n";
  // The fixes are decided; then, before palisade writes, someone saves the file.
  FixReport report = fixOnce(scratch, rules, false, [&] {
    std::ofstream(scratch / name, std::ios::binary | std::ios::trunc) << edited;
  });
  CHECK(filesUnder(scratch).at(name) == edited);
  CHECK(report.changed.empty());
  bool said = false;
  for (const auto& skipped : report.skipped) said = said || skipped.reason.find("changed since it was read") != std::string::npos;
  CHECK(said);
  // Without the interference the same run writes the fix.
  fs::remove_all(scratch);
  fs::copy(pair / "before", scratch, fs::copy_options::recursive);
  FixReport clean = fixOnce(scratch, rules, false);
  CHECK(clean.changed.size() == 1);
  CHECK(filesUnder(scratch) == filesUnder(pair / "after"));
  fs::remove_all(scratch);
}
