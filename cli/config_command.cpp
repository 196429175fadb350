// `palisade config [PATH...] [options]`: the configuration a scan with the
// same paths and options would use, as YAML, each value followed by where it
// comes from — a file:line of the .palisade.yaml found (or named), the
// command line, or the default — and how many rules would run.
#include <fmt/format.h>

#include <filesystem>

#include "cli/commands.h"
#include "cli/options.h"
#include "cli/scan_config.h"
#include "parsers/kubernetes/component_config.h"
#include "rules/engine/rule_set.h"

namespace palisade {

namespace {

namespace fs = std::filesystem;

std::string displayOf(const fs::path& path) {
  std::error_code ec;
  fs::path relative = fs::absolute(path).lexically_normal().lexically_relative(fs::current_path(ec));
  if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  return path.generic_string();
}

// "FILE:LINE" of a span in the configuration file.
std::string where(const Config& config, const Span& span) {
  if (!span.valid() || !config.file) return "command line";
  return fmt::format("{}:{}", displayOf(config.file->path()), span.start.line);
}

// The line of a top-level key (`fail-on:`) in the configuration file.
std::string whereKey(const Config& config, std::string_view key) {
  if (!config.file) return "default";
  for (uint32_t line = 1; line <= config.file->lineCount(); ++line) {
    std::string_view text = config.file->lineText(line);
    if (text.starts_with(key) && text.substr(key.size()).starts_with(":")) {
      return fmt::format("{}:{}", displayOf(config.file->path()), line);
    }
  }
  return displayOf(config.file->path());
}

std::string yamlList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) out += (out.empty() ? "" : ", ") + fmt::format("\"{}\"", item);
  return "[" + out + "]";
}

class Printer {
 public:
  void value(std::string_view key, const std::string& value, const std::string& source) {
    std::string line = fmt::format("{}: {}", key, value);
    out_ += fmt::format("{:<44} # {}\n", line, source);
  }
  // A list whose items come from several places: one item a line, each with its source.
  void items(std::string_view key, const std::vector<std::pair<std::string, std::string>>& items,
             std::string_view empty_means) {
    if (items.empty()) {
      value(key, "[]", fmt::format("default: {}", empty_means));
      return;
    }
    out_ += fmt::format("{}:\n", key);
    for (const auto& [item, source] : items) out_ += fmt::format("{:<44} # {}\n", fmt::format("  - \"{}\"", item), source);
  }
  std::string& text() { return out_; }

 private:
  std::string out_;
};

std::vector<std::pair<std::string, std::string>> fromFile(const Config& config, const std::vector<ConfigText>& items) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const ConfigText& item : items) out.emplace_back(item.text, where(config, item.span));
  return out;
}

void addFromCommandLine(std::vector<std::pair<std::string, std::string>>& out, const std::vector<std::string>& items,
                        std::string_view flag) {
  for (const std::string& item : items) out.emplace_back(item, fmt::format("command line ({})", flag));
}

}  // namespace

int runConfigCommand(const std::vector<std::string>& args) {
  auto parsed = parseScanOptions(args, "config");
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade config: {}\n", error->message);
    return 2;
  }
  ScanOptions options = std::get<ScanOptions>(parsed);
  ScanOptions flags = options;  // before the file's defaults are folded in
  LoadedConfig loaded = loadScanConfig(options);
  for (const Diagnostic& d : loaded.errors) {
    if (d.span.valid()) {
      fmt::print(stderr, "{}:{}:{}: error: {}\n", d.span.file->path(), d.span.start.line, d.span.start.column, d.message);
    } else {
      fmt::print(stderr, "{}: error: {}\n", d.path, d.message);
    }
  }
  if (!loaded.errors.empty()) return 2;
  Config& config = loaded.config;
  applyConfigDefaults(config, options);
  applyExtendSelect(config, options);

  Printer p;
  p.text() += fmt::format("# palisade configuration for {}\n", fmt::join(flags.paths, " "));
  if (config.file) {
    p.text() += fmt::format("# file: {} ({})\n", displayOf(config.file->path()),
                            flags.config.empty() ? "the nearest .palisade.yaml" : "named with --config");
  } else {
    p.text() += "# file: none (no .palisade.yaml in or above the scanned paths, up to the repository top)\n";
  }

  if (!flags.select.empty()) {
    std::vector<std::pair<std::string, std::string>> items;
    addFromCommandLine(items, flags.select, "--select");
    addFromCommandLine(items, flags.extend_select, "--extend-select");
    p.items("select", items, "every rule");
  } else {
    p.items("select", fromFile(config, config.select), "every rule");
  }
  auto ignore = fromFile(config, config.ignore);
  addFromCommandLine(ignore, flags.ignore, "--ignore");
  p.items("ignore", ignore, "no rule");
  if (config.severity.empty()) {
    p.value("severity", "{}", "default: each rule's own");
  } else {
    p.text() += "severity:\n";
    for (const SeverityOverride& s : config.severity) {
      p.text() += fmt::format("{:<44} # {}\n", fmt::format("  {}: {}", s.rule.text, severityName(s.severity)),
                              where(config, s.rule.span));
    }
  }
  std::string fail_on_source = !flags.fail_on ? (config.fail_on ? whereKey(config, "fail-on") : "default")
                                              : "command line (--fail-on)";
  p.value("fail-on", std::string(failOnName(options.fail_on.value_or(kDefaultFailOn))), fail_on_source);
  p.items("include", fromFile(config, config.include), "every path");
  auto exclude = fromFile(config, config.exclude);
  addFromCommandLine(exclude, flags.exclude, "--exclude");
  p.items("exclude", exclude, "nothing");
  std::vector<std::pair<std::string, std::string>> params;
  for (const fs::path& file : config.params) params.emplace_back(displayOf(file), whereKey(config, "params"));
  addFromCommandLine(params, flags.params, "--params");
  p.items("params", params, "none");
  std::vector<std::pair<std::string, std::string>> module_paths;
  for (const auto& [prefix, folder] : config.module_paths) {
    module_paths.emplace_back(fmt::format("{}={}", prefix.text, displayOf(folder)), where(config, prefix.span));
  }
  addFromCommandLine(module_paths, flags.module_paths, "--module-path");
  p.items("module-paths", module_paths, "none: registry modules from the Bicep module cache");
  std::vector<std::pair<std::string, std::string>> packs;
  for (const fs::path& dir : config.packs) packs.emplace_back(displayOf(dir), whereKey(config, "packs"));
  addFromCommandLine(packs, flags.rule_dirs, "--rules");
  p.items("packs", packs, "the built-in packs only");
  std::string baseline_source = !flags.baseline.empty() ? "command line (--baseline)"
                                : config.baseline     ? whereKey(config, "baseline")
                                                      : "default: none";
  p.value("baseline", options.baseline.empty() ? "null" : fmt::format("\"{}\"", displayOf(options.baseline)),
          baseline_source);
  std::string strict_source = flags.strict ? "command line (--strict)" : config.strict ? whereKey(config, "strict") : "default";
  p.value("strict", options.strict ? "true" : "false", strict_source);
  std::string version_source = !flags.kubernetes_version.empty() ? "command line (--kubernetes-version)"
                               : config.kubernetes_version     ? where(config, config.kubernetes_version->span)
                                                               : "default";
  p.value("kubernetes-version",
          fmt::format("\"{}\"", options.kubernetes_version.empty() ? kDefaultKubernetesVersion.toString() : options.kubernetes_version),
          version_source);
  if (!config.pod_spec_paths.empty()) {
    p.text() += fmt::format("{:<44} # {}\n", "pod-spec-paths:", whereKey(config, "pod-spec-paths"));
    for (const PodSpecLocation& l : config.pod_spec_paths) {
      std::string api = l.api_version.empty() ? "" : fmt::format("apiVersion: {}, ", l.api_version);
      p.text() += fmt::format("  - {{{}kind: {}, path: {}}}\n", api, l.kind, fmt::join(l.path, "."));
    }
  }
  if (!config.overrides.empty()) {
    p.text() += "overrides:\n";
    for (const PathOverride& o : config.overrides) {
      std::vector<std::string> globs, ignored;
      for (const ConfigText& g : o.paths) globs.push_back(g.text);
      for (const ConfigText& i : o.ignore) ignored.push_back(i.text);
      std::string source = o.paths.empty() ? "" : where(config, o.paths.front().span);
      p.text() += fmt::format("{:<44} # {}\n", fmt::format("  - paths: {}", yamlList(globs)), source);
      if (!ignored.empty()) p.text() += fmt::format("    ignore: {}\n", yamlList(ignored));
      for (const SeverityOverride& s : o.severity) {
        p.text() += fmt::format("    severity: {{{}: {}}}\n", s.rule.text, severityName(s.severity));
      }
    }
  }

  // The rules that would run: the same selection as a scan.
  std::vector<Diagnostic> rule_errors;
  std::vector<fs::path> rule_dirs(options.rule_dirs.begin(), options.rule_dirs.end());
  RuleSet rules = RuleSet::load(rule_dirs, rule_errors);
  std::size_t total = rules.rules().size() + rules.dormant().size();
  std::string error = unknownSelector(rules, options.extend_select);
  if (error.empty()) {
    std::vector<Diagnostic> errors = configureRules(config, rules, !options.select.empty());
    if (!errors.empty()) error = errors.front().message;
  }
  if (error.empty()) error = selectRules(rules, options.select, options.ignore);
  if (!rule_errors.empty() || !error.empty()) {
    fmt::print("{}", p.text());
    fmt::print(stderr, "palisade config: {}\n", rule_errors.empty() ? error : rule_errors.front().message);
    return 2;
  }
  p.text() += fmt::format("# {} of {} rules run\n", rules.rules().size(), total);
  fmt::print("{}", p.text());
  return 0;
}

}  // namespace palisade
