#include <fmt/format.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <iterator>

#include "cli/commands.h"
#include "cli/options.h"
#include "core/atomic_file.h"
#include "core/parallel.h"
#include "core/source_file.h"
#include "reporters/report_builder.h"
#include "scan/model_dump.h"
#include "scan/scanner.h"

namespace palisade {

namespace {

void printConfigErrors(const std::vector<Diagnostic>& errors) {
  for (const Diagnostic& d : errors) {
    if (d.span.valid()) {
      fmt::print(stderr, "{}:{}:{}: error: {}\n", d.span.file ? d.span.file->path() : d.path, d.span.start.line,
                 d.span.start.column, d.message);
    } else {
      fmt::print(stderr, "{}: error: {}\n", d.path, d.message);
    }
  }
}

bool useColor(ColorMode mode, bool to_file) {
  if (mode == ColorMode::Always) return true;
  if (mode == ColorMode::Never || to_file) return false;
  if (std::getenv("NO_COLOR") != nullptr) return false;
  const char* term = std::getenv("TERM");
  if (term && std::string_view(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) != 0;
}

// --select/--ignore: unknown ids are a usage error, not a silent no-op.
std::string applySelection(RuleSet& rules, const ScanOptions& options) {
  for (const auto* list : {&options.select, &options.ignore}) {
    for (const std::string& id : *list) {
      if (!rules.find(id)) return fmt::format("no rule '{}' (see palisade rules)", id);
    }
  }
  auto named = [](const Rule& r, const std::vector<std::string>& ids) {
    for (const std::string& id : ids) {
      if (r.info.id == id || r.info.name == id) return true;
    }
    return false;
  };
  if (!options.select.empty()) rules.filter([&](const Rule& r) { return named(r, options.select); });
  rules.filter([&](const Rule& r) { return !named(r, options.ignore); });
  return {};
}

}  // namespace

int runScanCommand(const std::vector<std::string>& args) {
  auto parsed = parseScanOptions(args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade scan: {}\n", error->message);
    return 2;
  }
  ScanOptions options = std::get<ScanOptions>(parsed);

  std::vector<Diagnostic> rule_errors;
  std::vector<std::filesystem::path> rule_dirs(options.rule_dirs.begin(), options.rule_dirs.end());
  RuleSet rules = RuleSet::load(rule_dirs, rule_errors);
  if (!rule_errors.empty()) {
    printConfigErrors(rule_errors);
    return 2;
  }
  if (std::string error = applySelection(rules, options); !error.empty()) {
    fmt::print(stderr, "palisade scan: {}\n", error);
    return 2;
  }

  ScanRequest request;
  request.paths = options.paths;
  request.jobs = options.jobs == 0 ? defaultJobs() : options.jobs;
  request.strict = options.strict;
  if (!options.stdin_filename.empty()) request.stdin_filename = options.stdin_filename;
  for (const std::string& p : options.params) request.parameter_files.push_back(std::filesystem::absolute(p));
  for (const std::string& p : options.paths) {
    if (p == "-") {
      request.stdin_text = std::string(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
      break;
    }
  }

  ScanResult result = runScan(request, rules);

  if (!options.dump_model.empty()) {
    if (std::string error = writeFileAtomically(options.dump_model, dumpModelJson(result.project)); !error.empty()) {
      fmt::print(stderr, "palisade scan: {}\n", error);
      return 2;
    }
  }

  std::vector<std::string> command_line = {"palisade", "scan"};
  command_line.insert(command_line.end(), args.begin(), args.end());
  std::vector<Finding> findings = result.findings;
  Report report = buildReport(result, std::move(findings), rules, std::move(command_line));

  RenderOptions render_options;
  render_options.color = options.format == OutputFormat::Text && useColor(options.color, !options.output.empty());
  render_options.quiet = options.quiet;
  render_options.statistics = options.statistics;
  std::string bytes = render(options.format, {report}, render_options);
  if (options.output.empty()) {
    std::fwrite(bytes.data(), 1, bytes.size(), stdout);
    std::fflush(stdout);
  } else if (std::string error = writeFileAtomically(options.output, bytes); !error.empty()) {
    fmt::print(stderr, "palisade scan: {}\n", error);
    return 2;
  }
  return failsThreshold(report.findings, options.fail_on.value_or(Level::Warning)) ? 1 : 0;
}

}  // namespace palisade
