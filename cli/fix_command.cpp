// `palisade fix`: the scan's set-up (configuration, rules, selection), then
// scan/fix_apply's loop; prints a unified diff (--diff) or what it changed,
// what it could not fix and why, and the findings that remain.
#include <fmt/format.h>

#include <iostream>

#include "cli/commands.h"
#include "cli/named_inputs.h"
#include "cli/options.h"
#include "cli/scan_config.h"
#include "reporters/report_builder.h"
#include "reporters/report_stats.h"
#include "scan/comment_suppressions.h"
#include "scan/filters.h"
#include "scan/fix_apply.h"

namespace palisade {

int runFixCommand(const std::vector<std::string>& args) {
  auto parsed = parseScanOptions(args, "fix");
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade fix: {}\n", error->message);
    return 2;
  }
  ScanOptions options = std::get<ScanOptions>(parsed);
  for (const std::string& path : options.paths) {
    if (path == "-") {
      fmt::print(stderr, "palisade fix: standard input cannot be fixed in place; name the files\n");
      return 2;
    }
  }
  if (auto problem = namedInputProblem(options.paths, options.params)) {
    fmt::print(stderr, "palisade fix: {}\n", *problem);
    return 2;
  }
  std::optional<ScanSetup> setup = prepareScanSetup(options, "fix");
  if (!setup || !applyRuleSelection(*setup, options, "fix")) return 2;
  const RuleSet& rules = setup->rules;
  const ScanRequest request = scanRequestOf(options, setup->config.config);

  FilterSettings filters{&setup->config.config, {todayUtc(), std::move(setup->known_rules)}, nullptr, nullptr, nullptr};
  FixRun run;
  run.paths = options.paths;
  run.scan = [&](const std::vector<std::string>& paths, const std::filesystem::path& root) {
    ScanRequest at = request;
    at.paths = paths;
    at.root = root;
    if (!root.empty()) at.skip = {};  // the working copy holds only what the real scan read
    return runScan(at, rules);
  };
  run.filter = [&](const ScanResult& result) { return applyFilters(result.findings, result.project, rules, filters); };
  run.unsafe = options.unsafe_fixes;
  run.diff_only = options.fix_diff;
  FixReport fixed = runFixes(run);

  if (options.fix_diff) {
    std::string diff;
    // Paths as seen from where palisade runs, so `git apply` and `patch -p1` take the diff there.
    std::error_code ec;
    const std::filesystem::path here = std::filesystem::current_path(ec);
    const std::filesystem::path& root = fixed.root;
    for (const auto& [uri, texts] : fixed.changed) {
      std::filesystem::path shown = ec ? std::filesystem::path(uri) : (root / uri).lexically_relative(here);
      if (shown.empty()) shown = uri;
      diff += unifiedDiff(shown.generic_string(), texts.first, texts.second);
    }
    std::fwrite(diff.data(), 1, diff.size(), stdout);
    std::fflush(stdout);
  }
  for (const FixReport::Skipped& s : fixed.skipped) {
    std::string where = s.at.uri.empty() ? std::string("palisade fix") : s.at.start_line ? fmt::format("{}:{}:{}", s.at.uri, s.at.start_line, s.at.start_column) : s.at.uri;
    fmt::print(stderr, "{}: {}{}not fixed: {}\n", where, s.rule_id, s.rule_id.empty() ? "" : " ", s.reason);
  }
  std::size_t active = std::count_if(fixed.remaining.begin(), fixed.remaining.end(), isActive);
  if (!options.quiet) {
    std::string summary = fmt::format("palisade fix: {} {} {} in {}", options.fix_diff ? "would fix" : "fixed",
                                      fixed.applied, fixed.applied == 1 ? "finding" : "findings",
                                      countOf(fixed.changed.size(), "file", "files"));
    summary += fmt::format("; {} remaining", active);
    if (fixed.unsafe_left) summary += fmt::format(" ({} fixable with --unsafe-fixes)", fixed.unsafe_left);
    fmt::print(stderr, "{}\n", summary);
    if (!options.fix_diff) {
      for (const auto& [uri, texts] : fixed.changed) fmt::print(stderr, "  changed {}\n", uri);
    }
  }
  if (auto nothing = nothingReadMessage(fixed.last.inputs, options.paths)) {
    fmt::print(stderr, "palisade fix: {}\n", *nothing);
    if (options.paths_named) return 2;
  }
  return failsThreshold(fixed.remaining, options.fail_on.value_or(kDefaultFailOn)) ? 1 : 0;
}

}  // namespace palisade
