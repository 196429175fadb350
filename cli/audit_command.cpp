// `palisade audit`: many repositories, each scanned as its own project, in
// parallel, with progress; per-repository SARIF and JSON, a combined JSON
// (the input of `palisade merge`), SARIF, HTML report and summary table.
// `--shard I/N` takes a deterministic share of the repositories so an
// existing engine (a CI matrix, Kubernetes Indexed Jobs) can spread the work.
#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <thread>

#include "cli/audit.h"
#include "cli/commands.h"
#include "cli/options.h"
#include "cli/scan_config.h"
#include "core/atomic_file.h"
#include "core/parallel.h"
#include "reporters/formats.h"
#include "reporters/html_reporter.h"
#include "reporters/json_reporter.h"
#include "reporters/report_builder.h"
#include "reporters/sarif_reporter.h"
#include "scan/civil_date.h"
#include "scan/filters.h"
#include "scan/scanner.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

struct AuditOptions {
  std::vector<std::string> repositories;
  std::string output_dir;
  Shard shard;
  std::size_t jobs = 0;
  std::vector<std::string> rule_dirs;
  std::vector<std::string> select;
  std::vector<std::string> ignore;
  bool strict = false;
  FailOn fail_on = kDefaultFailOn;
  std::string progress = "auto";  // auto, bar, lines, none
  std::vector<std::string> module_paths;  // --module-path PREFIX=DIR, for every repository
  std::string cache_dir;  // --cache-dir: one cache for every repository; empty: each its own
  bool no_cache = false;
};

std::variant<AuditOptions, UsageError> parseAuditOptions(const std::vector<std::string>& args) {
  AuditOptions o;
  auto parsed = parseArguments(*findCommandSpec("audit"), args);
  if (auto* error = std::get_if<UsageError>(&parsed)) return *error;
  o.repositories = std::get<ParsedArgs>(parsed).positionals;
  for (const ParsedOption& opt : std::get<ParsedArgs>(parsed).options) {
    const std::string& v = opt.value;
    if (opt.is("--output-dir")) {
      o.output_dir = v;
    } else if (opt.is("--repos-file")) {
      std::ifstream in(v);
      if (!in) return UsageError{fmt::format("cannot read --repos-file {}", v)};
      std::string line;
      while (std::getline(in, line)) {
        while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
        if (!line.empty() && line[0] != '#') o.repositories.push_back(line);
      }
    } else if (opt.is("--shard")) {
      auto shard = parseShard(v);
      if (!shard) return UsageError{fmt::format("--shard takes I/N with 1 <= I <= N, not '{}'", v)};
      o.shard = *shard;
    } else if (opt.is("--jobs")) {
      o.jobs = std::strtoul(v.c_str(), nullptr, 10);
      if (o.jobs == 0 || o.jobs > 1024) return UsageError{fmt::format("--jobs takes 1 to 1024, not '{}'", v)};
    } else if (opt.is("--rules")) {
      o.rule_dirs.push_back(v);
    } else if (opt.is("--select")) {
      for (auto& id : splitList(v)) o.select.push_back(id);
    } else if (opt.is("--ignore")) {
      for (auto& id : splitList(v)) o.ignore.push_back(id);
    } else if (opt.is("--fail-on")) {
      auto fail_on = parseFailOn(v);
      if (!fail_on) return UsageError{fmt::format("--fail-on takes {}, not '{}'", kFailOnWords, v)};
      o.fail_on = *fail_on;
    } else if (opt.is("--progress")) {
      if (v != "auto" && v != "bar" && v != "lines" && v != "none") {
        return UsageError{fmt::format("--progress takes auto, bar, lines or none, not '{}'", v)};
      }
      o.progress = v;
    } else if (opt.is("--strict")) {
      o.strict = true;
    } else if (opt.is("--cache-dir")) {
      o.cache_dir = v;
    } else if (opt.is("--no-cache")) {
      o.no_cache = true;
    } else if (opt.is("--module-path")) {
      if (auto error = checkModulePathOption(v)) return *error;
      o.module_paths.push_back(v);
    }
  }
  if (o.output_dir.empty()) return UsageError{"--output-dir is required"};
  if (o.repositories.empty()) return UsageError{"name the repositories to audit (paths, or --repos-file FILE)"};
  return o;
}

// Progress on a terminal (one redrawn line) or in CI (a line per repository).
class Progress {
 public:
  Progress(std::string mode, std::size_t total) : total_(total), start_(std::chrono::steady_clock::now()) {
    bool tty = ::isatty(STDERR_FILENO) != 0 && std::getenv("CI") == nullptr;
    bar_ = mode == "bar" || (mode == "auto" && tty);
    lines_ = mode == "lines" || (mode == "auto" && !tty);
    if (bar_) painter_ = std::thread([this] { paintLoop(); });
  }
  ~Progress() { finish(); }

  void repositoryDone(const std::string& name, std::size_t files, std::size_t bytes, std::size_t findings, bool ok,
                      double seconds) {
    std::lock_guard lock(mutex_);
    ++done_;
    files_ += files;
    bytes_ += bytes;
    findings_ += findings;
    if (lines_) {
      fmt::print(stderr, "[{}/{}] {}: {} files, {} findings{} ({:.1f}s)\n", done_, total_, name, files, findings,
                 ok ? "" : ", FAILED", seconds);
    }
  }

  void finish() {
    {
      std::lock_guard lock(mutex_);
      if (finished_) return;
      finished_ = true;
    }
    wake_.notify_all();
    if (painter_.joinable()) painter_.join();
    if (bar_) fmt::print(stderr, "\r{}\n", line());
  }

 private:
  std::string line() const {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    double rate = elapsed > 0 ? static_cast<double>(bytes_) / 1e6 / elapsed : 0;
    double eta = done_ > 0 ? elapsed / static_cast<double>(done_) * static_cast<double>(total_ - done_) : 0;
    return fmt::format("repositories {}/{}  files {}  findings {}  {:.1f} MB/s  ETA {:.0f}s   ", done_, total_, files_,
                       findings_, rate, eta);
  }
  void paintLoop() {
    std::unique_lock lock(mutex_);
    while (!finished_) {
      fmt::print(stderr, "\r{}", line());
      wake_.wait_for(lock, std::chrono::milliseconds(200));
    }
  }

  std::size_t total_;
  std::chrono::steady_clock::time_point start_;
  bool bar_ = false;
  bool lines_ = false;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread painter_;
  bool finished_ = false;
  std::size_t done_ = 0, files_ = 0, bytes_ = 0, findings_ = 0;
};

// How a repository is read, as `palisade scan` in it would read it: the settings of its own
// `.palisade.yaml` (at its top) that say where things are and how they render -- `module-paths:`
// (then --module-path, which wins a tie), `helm:` entries and `pod-spec-paths:`. Its rule choices
// do not apply: the auditor's selection decides what is checked across repositories. A
// configuration with errors is not used; its errors are returned, to be reported as GEN020.
LoadedConfig applyRepositoryReading(const std::string& repository, const std::vector<ModulePathMapping>& flags,
                                    ScanRequest& request) {
  LoadedConfig loaded;
  std::error_code ec;
  fs::path config_file = fs::path(repository) / kConfigFileName;
  if (fs::is_regular_file(config_file, ec)) {
    loaded = loadConfigFile(fs::absolute(config_file), {}, kConfigFileName);  // reports name files from the repository's top
    if (loaded.errors.empty()) {
      const Config& config = loaded.config;
      for (const auto& [prefix, folder] : config.module_paths) request.module_paths.push_back(ModulePathMapping{prefix.text, folder});
      request.helm = helmScanOptionsOf(ScanOptions{}, config);
      request.pod_spec_paths = config.pod_spec_paths;
    }
  }
  request.module_paths.insert(request.module_paths.end(), flags.begin(), flags.end());
  return loaded;
}

std::string writeAll(const fs::path& dir, const std::string& name, const std::string& bytes) {
  return writeFileAtomically((dir / name).string(), bytes);
}

}  // namespace

int runAuditCommand(const std::vector<std::string>& args) {
  auto parsed = parseAuditOptions(args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade audit: {}\n", error->message);
    return 2;
  }
  AuditOptions options = std::get<AuditOptions>(parsed);
  std::vector<Diagnostic> rule_errors;
  std::vector<fs::path> rule_dirs(options.rule_dirs.begin(), options.rule_dirs.end());
  RuleSet rules = RuleSet::load(rule_dirs, rule_errors);
  for (const Diagnostic& d : rule_errors) fmt::print(stderr, "{}: error: {}\n", d.path, d.message);
  if (!rule_errors.empty()) return 2;
  // Known before --select/--ignore: suppressing a rule that exists but is not run is not "unused".
  const FilterSettings suppressions_only{nullptr, {todayUtc(), knownRuleNames(rules)}, nullptr, nullptr};
  if (std::string error = selectRules(rules, options.select, options.ignore); !error.empty()) {
    fmt::print(stderr, "palisade audit: {}\n", error);
    return 2;
  }
  fs::path out_dir(options.output_dir);
  std::error_code ec;
  fs::create_directories(out_dir / "repositories", ec);
  if (ec) {
    fmt::print(stderr, "palisade audit: cannot create {}: {}\n", out_dir.string(), ec.message());
    return 2;
  }

  const std::vector<ModulePathMapping> module_paths = modulePathMappingsOf(options.module_paths);
  std::vector<std::string> mine = shardRepositories(options.repositories, options.shard);
  std::size_t jobs = options.jobs == 0 ? defaultJobs() : options.jobs;
  std::vector<std::string> file_names = repositoryFileNames(mine);
  CombinedOutputs combined(out_dir, options.shard);
  if (std::string error = combined.start(); !error.empty()) {
    fmt::print(stderr, "palisade audit: {}\n", error);
    return 2;
  }
  combined.reserve(mine.size());
  std::atomic<bool> any_failed{false};
  std::atomic<bool> any_fails_threshold{false};
  {
    Progress progress(options.progress, mine.size());
    // Repositories in parallel, files within one repository on one thread:
    // for hundreds of repositories that keeps every core busy with the least
    // coordination. A worker holds one repository's project and findings at a
    // time; once its outputs are written, only counts and a sample stay.
    parallelFor(mine.size(), jobs, [&](std::size_t i) {
      auto start = std::chrono::steady_clock::now();
      Report report;
      std::size_t bytes = 0;
      std::error_code dir_error;
      if (!fs::is_directory(mine[i], dir_error)) {
        report.repository = mine[i];
        report.root = mine[i];
        report.tool_version = PALISADE_VERSION;
        report.execution_successful = false;
        report.notifications.push_back(Notification{Level::Error, fmt::format("{}: not a directory; not audited", mine[i]), std::string(genId(GenCode::InputNotScanned)), {}, {}, Severity::High});
        for (const Rule& rule : rules.rules()) report.rules.push_back(rule.info);
        any_failed = true;
      } else {
        try {
          ScanRequest request;
          request.paths = {mine[i]};
          request.root = mine[i];
          request.jobs = 1;
          request.strict = options.strict;
          LoadedConfig repository_config = applyRepositoryReading(mine[i], module_paths, request);
          request.cache = openScanCache(scanRootFor(request.paths, request.root).directory, options.cache_dir, options.no_cache);
          ScanResult result = readProject(request);
          if (!repository_config.errors.empty()) {
            // The repository's problem, not the audit's: located findings in its report.
            if (repository_config.config.file) result.project.addFile(repository_config.config.file);
            for (Diagnostic& d : repository_config.errors) result.project.addDiagnostic(std::move(d));
          }
          result.findings = runRules(rules, result.project, engineOptionsOf(request));
          bytes = result.bytes_scanned;
          // A repository's inline suppressions (with their reasons) hold in an audit too: the
          // findings stay in its SARIF as suppressed. Its `.palisade.yaml` does not, but for
          // how it is read (applyRepositoryReading): the auditor's rule selection decides
          // what is checked across repositories.
          std::vector<Finding> findings = applyFilters(std::move(result.findings), result.project, rules, suppressions_only);
          addLineHashes(findings, result.project);
          report = buildReport(result, std::move(findings), rules, {"palisade", "audit", mine[i]});
          report.root = mine[i];
        } catch (const std::exception& e) {
          report = Report{};
          report.repository = mine[i];
          report.root = mine[i];
          report.tool_version = PALISADE_VERSION;
          report.execution_successful = false;
          report.notifications.push_back(Notification{Level::Error, fmt::format("internal error: {}", e.what()), "", {}, {}, Severity::High});
          any_failed = true;
        }
      }
      report.repository = mine[i];
      std::vector<Report> own{};  // reporters take a list; one, moved in, not copied per format
      own.push_back(std::move(report));
      fs::path own_dir = out_dir / "repositories";
      writeAll(own_dir, file_names[i] + ".sarif", renderSarif(own));
      writeAll(own_dir, file_names[i] + ".json", renderJson(own));
      writeAll(own_dir, file_names[i] + ".html", renderHtml(own));
      const Report& done = own.front();
      combined.add(i, done, "repositories/" + file_names[i] + ".html");
      if (failsThreshold(done.findings, options.fail_on)) any_fails_threshold = true;
      double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      progress.repositoryDone(mine[i], done.files_scanned, bytes, done.findings.size(), done.execution_successful,
                              seconds);
    });
  }
  int status = combined.finish(stdout);
  if (status != 0) return status;
  if (any_failed) return 2;
  return any_fails_threshold ? 1 : 0;
}

}  // namespace palisade
