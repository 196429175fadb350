// `palisade lsp`: the Language Server (lsp/server.h) over standard input and
// output, with the scan's set-up — the workspace's `.palisade.yaml`, the rule
// packs, selection, suppressions and baseline — done once at `initialize`.
// Every check scans the whole workspace folder, the editor's unsaved buffers
// read instead of their files.
#include <fmt/format.h>

#include <charconv>
#include <iostream>
#include <memory>

#include "cli/commands.h"
#include "cli/option_table.h"
#include "cli/options.h"
#include "cli/scan_config.h"
#include "core/parallel.h"
#include "lsp/server.h"
#include "parsers/kubernetes/component_config.h"
#include "reporters/report_stats.h"
#include "scan/filters.h"
#include "scan/scanner.h"

namespace palisade {

namespace {

// What `initialize` sets up for the checks that follow.
struct LspWorkspace {
  ScanOptions options;
  LoadedConfig config;
  RuleSet rules;
  std::set<std::string> known_rules;
  std::optional<Baseline> baseline;
  ScanRequest request;
};

std::string diagnosticsText(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) {
    if (!out.empty()) out += "; ";
    out += d.span.valid() ? fmt::format("{}:{}: {}", d.path, d.span.start.line, d.message) : fmt::format("{}: {}", d.path, d.message);
  }
  return out;
}

// The scan's set-up for the workspace folder; an error message when it cannot be used.
std::optional<std::string> setUpWorkspace(LspWorkspace& w, const ScanOptions& given, const std::filesystem::path& root) {
  w.options = given;
  w.options.paths = {root.string()};
  w.config = loadScanConfig(w.options);
  if (!w.config.errors.empty()) return "configuration: " + diagnosticsText(w.config.errors);
  applyConfigDefaults(w.config.config, w.options);
  applyExtendSelect(w.config.config, w.options);
  std::vector<Diagnostic> errors;
  std::vector<std::filesystem::path> rule_dirs(w.options.rule_dirs.begin(), w.options.rule_dirs.end());
  w.rules = RuleSet::load(rule_dirs, errors);
  if (!errors.empty()) return "rules: " + diagnosticsText(errors);
  w.known_rules = knownRuleNames(w.rules);
  if (std::string error = unknownSelector(w.rules, w.options.extend_select); !error.empty()) return error;
  if (errors = configureRules(w.config.config, w.rules, !w.options.select.empty()); !errors.empty()) {
    return "configuration: " + diagnosticsText(errors);
  }
  if (std::string error = selectRules(w.rules, w.options.select, w.options.ignore); !error.empty()) return error;
  if (!w.options.baseline.empty()) {
    auto loaded = loadBaseline(w.options.baseline);
    if (auto* error = std::get_if<std::string>(&loaded)) return *error;
    w.baseline = std::get<Baseline>(std::move(loaded));
  }
  ScanRequest& r = w.request;
  r.paths = w.options.paths;
  r.root = root;
  r.jobs = w.options.jobs == 0 ? defaultJobs() : w.options.jobs;
  r.strict = w.options.strict;
  r.kustomize = !w.options.no_kustomize;
  r.skip = skipPathsOf(w.options, w.config.config);
  r.pod_spec_paths = w.config.config.pod_spec_paths;
  if (auto version = KubernetesVersion::parse(w.options.kubernetes_version)) r.kubernetes_version = *version;
  for (const std::string& p : w.options.params) r.parameter_files.push_back(std::filesystem::absolute(p));
  r.module_paths = modulePathMappingsOf(w.options.module_paths);
  return std::nullopt;
}

}  // namespace

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
  checker.check = [&](const std::filesystem::path&, const std::map<std::filesystem::path, std::string>& overlay) {
    if (!usable) return std::vector<Finding>{};
    ScanRequest request = workspace->request;
    request.overlay = overlay;
    ScanResult result = runScan(request, workspace->rules);
    FilterSettings filters{&workspace->config.config, {todayUtc(), workspace->known_rules},
                           workspace->baseline ? &*workspace->baseline : nullptr, nullptr, nullptr};
    std::vector<Finding> findings = applyFilters(result.findings, result.project, workspace->rules, filters);
    std::erase_if(findings, [](const Finding& f) { return !isActive(f); });
    return findings;
  };
  checker.rule = [&](const std::string& id) -> const RuleInfo* {
    const Rule* rule = workspace->rules.find(id);
    return rule ? &rule->info : nullptr;
  };
  std::ios::sync_with_stdio(false);
  return lsp::serve(std::cin, std::cout, checker, server);
}

}  // namespace palisade
