#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <iterator>
#include <optional>
#include <set>

#include "cli/commands.h"
#include "cli/named_inputs.h"
#include "cli/options.h"
#include "parsers/kubernetes/component_config.h"
#include "cli/scan_config.h"
#include "core/atomic_file.h"
#include "core/discovery.h"
#include "core/read_file.h"
#include "core/source_file.h"
#include "reporters/report_builder.h"
#include "scan/context_scope.h"
#include "scan/filters.h"
#include "scan/git_changes.h"
#include "scan/model_dump.h"
#include "scan/scan_memo.h"
#include "scan/scanner.h"

namespace palisade {

namespace {

bool useColor(ColorMode mode, bool to_file) {
  if (mode == ColorMode::Always) return true;
  if (mode == ColorMode::Never || to_file) return false;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

// Context mode: input problems of files outside the named ones are not this commit's to fix.
void keepNotificationsOf(Report& report, const ChangedLines& files) {
  std::erase_if(report.notifications,
                [&](const Notification& n) { return !n.location.uri.empty() && !files.touchesFile(n.location.uri); });
}

// The bytes of a file the scan memo's key depends on ("" when unreadable).
void addFileBytesToMemoKey(CacheKey& key, const std::filesystem::path& path) {
  key.add(path.native());
  auto read = readFileBytes(path, std::uintmax_t(64) << 20);
  key.add(readStateOf(read));
}

// Everything besides the scanned files that decides a scan's unfiltered findings, for the scan memo
// (scan/scan_memo.h). A new option that changes what is read or found belongs here.
CacheKey scanMemoKeyOf(const ScanCache& cache, const ScanOptions& options, const ScanRequest& request,
                       const RuleSet& rules) {
  namespace fs = std::filesystem;
  CacheKey key("scan-memo", cache);
  std::error_code ec;
  key.add(fs::current_path(ec).native()).add(request.root.native());
  key.add(options.paths.size());
  for (const std::string& p : options.paths) key.add(p);
  // The configuration's bytes (per-path rule settings, includes, excludes, pod-spec paths, ...).
  std::optional<fs::path> config = options.config.empty() ? (options.paths.empty() ? std::nullopt : nearestConfigOf(options.paths.front()))
                                                          : std::optional<fs::path>(options.config);
  if (config) addFileBytesToMemoKey(key, *config);
  key.add(config ? 1 : 0);
  // The rules that run, and the bytes of every custom rule pack's files.
  key.add(rules.rules().size());
  for (const Rule& rule : rules.rules()) key.add(rule.info.id).add(static_cast<uint64_t>(rule.info.severity));
  key.add(options.rule_dirs.size());
  for (const std::string& dir : options.rule_dirs) {
    std::vector<fs::path> files;
    if (fs::is_directory(dir, ec)) {
      for (fs::recursive_directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_regular_file(ec)) files.push_back(it->path());
      }
      std::sort(files.begin(), files.end());
    } else {
      files.emplace_back(dir);
    }
    key.add(files.size());
    for (const fs::path& f : files) addFileBytesToMemoKey(key, f);
  }
  for (const auto* list : {&options.exclude, &options.helm_values, &options.helm_set, &options.helm_api_versions,
                           &options.params, &options.module_paths}) {
    key.add(list->size());
    for (const std::string& item : *list) key.add(item);
  }
  key.add(options.strict ? 1 : 0).add(options.no_kustomize ? 1 : 0).add(options.no_helm ? 1 : 0);
  key.add(options.helm_release.value_or("\x01")).add(options.helm_namespace.value_or("\x01"));
  key.add(options.helm_kube_version).add(options.kubernetes_version).add(options.scan_compiled ? 1 : 0);
  key.add(options.max_file_size);
  // Where registry modules restored by `bicep restore` are looked up.
  for (const char* name : {"BICEP_CACHE_DIRECTORY", "HOME"}) {
    const char* value = std::getenv(name);
    key.add(value ? value : "");
  }
  return key;
}

}  // namespace

int runScanCommand(const std::vector<std::string>& args, ScanPurpose purpose) {
  const char* command = purpose == ScanPurpose::RecordBaseline ? "baseline" : "scan";
  auto parsed = parseScanOptions(args, command);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade {}: {}\n", command, error->message);
    return 2;
  }
  ScanOptions options = std::get<ScanOptions>(parsed);
  // Context mode: the folder is scanned (with its configuration) as if named alone; the paths named are reported.
  std::optional<ChangedLines> reported_files;
  ScanRoot context_root;
  std::vector<std::string> targets = options.paths;
  if (!options.context.empty()) {
    std::vector<std::string> scanned = {options.context};
    context_root = scanRootFor(scanned);
    if (!options.paths.empty()) {
      auto files = filesToReport(options.context, options.paths, context_root);
      if (auto* error = std::get_if<std::string>(&files)) {
        fmt::print(stderr, "palisade {}: {}\n", command, *error);
        return 2;
      }
      reported_files = std::get<ChangedLines>(std::move(files));
    }
    options.paths = std::move(scanned);
  }
  if (auto problem = namedInputProblem(options.paths, options.params)) {
    fmt::print(stderr, "palisade {}: {}\n", command, *problem);
    return 2;
  }
  if (auto problem = helmValuesProblem(options)) {
    fmt::print(stderr, "palisade {}: {}\n", command, *problem);
    return 2;
  }
  std::optional<ScanSetup> setup = prepareScanSetup(options, command);
  if (!setup) return 2;
  const Config& config = setup->config.config;
  for (const std::string& path : options.paths) {
    if (std::filesystem::path(path).filename() == kConfigFileName) {
      fmt::print(stderr, "palisade {}: {} is palisade's configuration, not a manifest: not scanned (see palisade config)\n",
                 command, path);
    }
  }
  std::string baseline_output =
      options.output.empty() && config.baseline ? config.baseline->string() : options.output;
  if (purpose == ScanPurpose::RecordBaseline) {
    if (baseline_output.empty()) {
      fmt::print(stderr, "palisade baseline: --output FILE is needed (or `baseline:` in {})\n", kConfigFileName);
      return 2;
    }
    options.baseline.clear();  // a baseline records every finding, including those an older baseline knew
  }

  std::optional<Baseline> baseline;
  if (!options.baseline.empty()) {
    auto loaded = loadBaseline(options.baseline);
    if (auto* error = std::get_if<std::string>(&loaded)) {
      fmt::print(stderr, "palisade {}: {}\n", command, *error);
      return 2;
    }
    baseline = std::get<Baseline>(std::move(loaded));
  }
  if (!applyRuleSelection(*setup, options, command)) return 2;
  const RuleSet& rules = setup->rules;

  ScanRequest request = scanRequestOf(options, config);
  request.root = context_root.directory;
  if (std::any_of(options.paths.begin(), options.paths.end(), [](const std::string& p) { return p != "-"; })) {
    // Standard input alone is never cached (nor is it, beside files: only files on disk are).
    request.cache = openScanCache(scanRootFor(options.paths, request.root).directory, options.cache_dir, options.no_cache);
  }
  for (const std::string& p : options.paths) {
    if (p == "-") {
      request.stdin_text = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      break;
    }
  }

  // The whole result is kept and reused while no file it looked at changed (scan/scan_memo.h); --dump-model
  // needs the model itself, which is not kept.
  MemoizedScan scanned = request.cache && options.dump_model.empty()
                             ? runScanMemoized(request, rules, scanMemoKeyOf(*request.cache, options, request, rules))
                             : MemoizedScan{runScan(request, rules), false, std::nullopt, {}, 0, 0};
  ScanResult& result = scanned.result;
  std::optional<ChangedLines> changed;
  if (!options.diff_base.empty()) {
    auto lines = changedLinesSince(options.diff_base, result.project.root());
    if (auto* error = std::get_if<std::string>(&lines)) {
      fmt::print(stderr, "palisade {}: --diff-base: {}\n", command, *error);
      return 2;
    }
    changed = std::get<ChangedLines>(std::move(lines));
  }

  if (!options.dump_model.empty()) {
    if (std::string error = writeFileAtomically(options.dump_model, dumpModelJson(result.project, request.kubernetes_version)); !error.empty()) {
      fmt::print(stderr, "palisade scan: {}\n", error);
      return 2;
    }
  }

  std::vector<std::string> command_line = {"palisade", "scan"};
  command_line.insert(command_line.end(), args.begin(), args.end());
  FilterSettings filters{&config, {todayUtc(), std::move(setup->known_rules)}, baseline ? &*baseline : nullptr,
                         changed ? &*changed : nullptr, reported_files ? &*reported_files : nullptr,
                         scanned.resource_facts ? &*scanned.resource_facts : nullptr};
  std::vector<Finding> findings = applyFilters(result.findings, result.project, rules, filters);
  if (options.format == OutputFormat::Sarif || options.format == OutputFormat::Json) {
    addMemoizedLineHashes(findings, scanned, request.jobs);
  }
  if (purpose == ScanPurpose::RecordBaseline) {
    if (std::string error = writeFileAtomically(baseline_output, renderBaseline(findings)); !error.empty()) {
      fmt::print(stderr, "palisade baseline: {}\n", error);
      return 2;
    }
    std::size_t recorded = std::count_if(findings.begin(), findings.end(), [](const Finding& f) { return !f.suppression; });
    fmt::print(stderr, "palisade baseline: recorded {} findings in {}\n", recorded, baseline_output);
    return 0;
  }
  Report report = buildReport(result, std::move(findings), rules, std::move(command_line));
  report.targets = targets.empty() ? options.paths : targets;
  if (reported_files) keepNotificationsOf(report, *reported_files);

  RenderOptions render_options;
  render_options.color = options.format == OutputFormat::Text && useColor(options.color, !options.output.empty());
  render_options.quiet = options.quiet;
  render_options.statistics = options.statistics;
  render_options.sarif_all_rules = options.sarif_all_rules;
  std::string bytes = render(options.format, {report}, render_options);
  if (options.output.empty()) {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
  } else if (std::string error = writeFileAtomically(options.output, bytes); !error.empty()) {
    fmt::print(stderr, "palisade scan: {}\n", error);
    return 2;
  }
  // A scan that read nothing says so; it passes only when no path was named (the default ".").
  if (auto nothing = nothingReadMessage(result.inputs, options.paths)) {
    fmt::print(stderr, "palisade {}: {}\n", command, *nothing);
    if (options.paths_named) return 2;
  }
  return failsThreshold(report.findings, options.fail_on.value_or(kDefaultFailOn)) ? 1 : 0;
}

}  // namespace palisade
