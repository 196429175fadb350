// `palisade lsp`: the Language Server (lsp/server.h) over standard input and
// output, with the scan's set-up — the workspace's `.palisade.yaml`, the rule
// packs, selection, suppressions and baseline — done once at `initialize`.
// Every check reads the whole workspace folder, the editor's unsaved buffers
// read instead of their files, through one ScanSession (scan/scan_session.h):
// only what changed since the last check is read and evaluated again.
#include <fmt/format.h>

#include <charconv>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <cstdlib>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "cli/options.h"
#include "cli/scan_config.h"
#include "lsp/server.h"
#include "reporters/report_stats.h"
#include "scan/filters.h"
#include "scan/scan_session.h"
#include "scan/scanner.h"

namespace palisade {

namespace {

// What `initialize` sets up for the checks that follow.
struct LspWorkspace {
  std::optional<ScanSetup> setup;
  std::optional<Baseline> baseline;
  ScanRequest request;
  std::unique_ptr<ScanSession> session;  // used by the checker thread only
  SuppressionCommentsMemo comments;      // likewise
};

// The scan's set-up for the workspace folder; an error message when it cannot be used
// (the details went to standard error, the editor's log of the server).
std::optional<std::string> setUpWorkspace(LspWorkspace& w, ScanOptions options, const std::filesystem::path& root) {
  options.paths = {root.string()};
  w.setup = prepareScanSetup(options, "lsp");
  if (!w.setup || !applyRuleSelection(*w.setup, options, "lsp")) {
    w.setup.reset();
    return "the configuration or the rules could not be loaded; see the server's log";
  }
  if (!options.baseline.empty()) {
    auto loaded = loadBaseline(options.baseline);
    if (auto* error = std::get_if<std::string>(&loaded)) return *error;
    w.baseline = std::get<Baseline>(std::move(loaded));
  }
  w.request = scanRequestOf(options, w.setup->config.config);
  w.request.root = root;
  // The session keeps what was read in memory: the on-disk scan cache is not needed.
  w.session = std::make_unique<ScanSession>(w.request);
  return std::nullopt;
}

}  // namespace

// Each check frees and allocates the same tens of megabytes again: glibc would hand them back to the
// system and take them again through page faults (a check took 50-100 ms longer every other time).
// A long-lived server keeps them.
static void keepFreedMemoryForReuse() {
#ifdef __GLIBC__
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
#endif
}

int runLspCommand(const std::vector<std::string>& args) {
  auto parsed = parseScanOptions(args, "lsp");
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade lsp: {}\n", error->message);
    return 2;
  }
  const ScanOptions given = std::get<ScanOptions>(parsed);
  lsp::ServerOptions server;
  const auto split = parseArguments(*findCommandSpec("lsp"), args);  // valid: parseScanOptions accepted them
  for (const ParsedOption& option : std::get<ParsedArgs>(split).options) {
    if (!option.is("--debounce")) continue;
    unsigned ms = 0;
    auto [end, ec] = std::from_chars(option.value.data(), option.value.data() + option.value.size(), ms);
    if (ec != std::errc() || end != option.value.data() + option.value.size() || ms > 10000) {
      fmt::print(stderr, "palisade lsp: --debounce takes milliseconds (0 to 10000), not '{}'\n", option.value);
      return 2;
    }
    server.debounce = std::chrono::milliseconds(ms);
  }
  auto workspace = std::make_shared<LspWorkspace>();
  bool usable = false;
  lsp::Checker checker;
  checker.configure = [&](const std::filesystem::path& root) {
    std::optional<std::string> problem = setUpWorkspace(*workspace, given, root);
    usable = !problem;
    return problem;
  };
  // PALISADE_LSP_TRACE=1: where each check's time went, on standard error (the editor's log of the server).
  const char* trace_env = std::getenv("PALISADE_LSP_TRACE");
  server.trace = trace_env && *trace_env && std::string_view(trace_env) != "0";
  checker.check = [&](const std::filesystem::path&, const std::map<std::filesystem::path, std::string>& overlay) {
    if (!usable) return std::vector<Finding>{};
    const ScanSetup& setup = *workspace->setup;
    std::optional<ScanResult> result = workspace->session->check(overlay, setup.rules);
    StageTimes times = workspace->session->retained().times;  // its clock stopped at the rules' end
    SuppressionCommentsByFile comments = workspace->comments.of(result->project);
    times.mark("comments");
    FilterSettings filters{&setup.config.config, {todayUtc(), setup.known_rules},
                           workspace->baseline ? &*workspace->baseline : nullptr, nullptr, nullptr, nullptr, &comments};
    std::vector<Finding> findings = applyFilters(std::move(result->findings), result->project, setup.rules, filters);
    std::erase_if(findings, [](const Finding& f) { return !isActive(f); });
    times.mark("filters");
    workspace->session->giveBack(*result);
    result.reset();
    times.mark("give-back");
    if (server.trace) fmt::print(stderr, "palisade lsp: check: {}\n", times.summary());
    return findings;
  };
  checker.files_changed = [&] {
    if (usable) workspace->session->distrustWatchOnce();
  };
  checker.rule = [&](const std::string& id) -> const RuleInfo* {
    const Rule* rule = workspace->setup ? workspace->setup->rules.find(id) : nullptr;
    return rule ? &rule->info : nullptr;
  };
  std::ios::sync_with_stdio(false);
  keepFreedMemoryForReuse();
  return lsp::serve(std::cin, std::cout, checker, server);
}

}  // namespace palisade
