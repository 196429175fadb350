#include "cli/scan_config.h"

#include <fmt/format.h>

#include <filesystem>

#include "core/parallel.h"
#include "core/source_file.h"
#include "parsers/kubernetes/component_config.h"
#include "scan/comment_suppressions.h"
#include "scan/path_glob.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

fs::path canonicalOr(const fs::path& path) {
  std::error_code ec;
  fs::path out = fs::weakly_canonical(fs::absolute(path), ec);
  return ec ? fs::absolute(path).lexically_normal() : out;
}

// `path` relative to `base` with '/', or empty when it is not inside `base`.
std::string relativeInside(const fs::path& path, const fs::path& base) {
  fs::path relative = path.lexically_relative(base);
  if (relative.empty() || *relative.begin() == "..") return {};
  std::string out = relative.generic_string();
  return out == "." ? std::string() : out;
}

std::vector<std::string> textsOf(const std::vector<ConfigText>& items) {
  std::vector<std::string> out;
  for (const ConfigText& item : items) out.push_back(item.text);
  return out;
}

}  // namespace

std::optional<fs::path> nearestConfigOf(const std::string& path) {
  std::error_code ec;
  fs::path absolute = canonicalOr(path);
  return findConfigFile(fs::is_directory(absolute, ec) ? absolute : absolute.parent_path());
}

LoadedConfig loadScanConfig(const ScanOptions& options) {
  if (!options.config.empty()) {
    // Like paths on the command line, relative paths in a file named with --config are read from the current folder.
    return loadConfigFile(options.config, fs::current_path());
  }
  std::optional<fs::path> chosen;
  std::string chosen_for;
  bool any_path = false;
  for (const std::string& path : options.paths) {
    if (path == "-") continue;
    std::optional<fs::path> found = nearestConfigOf(path);
    if (!any_path) {
      chosen = found;
      chosen_for = path;
      any_path = true;
    } else if (found != chosen) {
      LoadedConfig out;
      out.errors.push_back(Diagnostic{
          GenCode::InvalidConfiguration,
          fmt::format("{} and {} have different configurations ({} and {}); scan them separately, or name one with "
                      "--config",
                      chosen_for, path, chosen ? chosen->string() : "none", found ? found->string() : "none"),
          {},
          "palisade"});
      return out;
    }
  }
  if (!any_path) chosen = findConfigFile(configSearchStart(options.paths));  // standard input: from the current folder
  if (chosen) return loadConfigFile(*chosen);
  return LoadedConfig{};
}

void applyConfigDefaults(const Config& config, ScanOptions& options) {
  for (const auto& pack : config.packs) options.rule_dirs.push_back(pack.string());
  for (const auto& params : config.params) options.params.push_back(params.string());
  // The configuration's mappings first: a command-line mapping of the same prefix wins.
  std::vector<std::string> module_paths;
  for (const auto& [prefix, folder] : config.module_paths) module_paths.push_back(prefix.text + "=" + folder.string());
  module_paths.insert(module_paths.end(), options.module_paths.begin(), options.module_paths.end());
  options.module_paths = std::move(module_paths);
  if (!options.fail_on && config.fail_on) options.fail_on = config.fail_on;
  if (config.strict.value_or(false)) options.strict = true;
  if (options.kubernetes_version.empty() && config.kubernetes_version) options.kubernetes_version = config.kubernetes_version->text;
  if (options.baseline.empty() && config.baseline) options.baseline = config.baseline->string();
}

std::vector<ModulePathMapping> modulePathMappingsOf(const std::vector<std::string>& written) {
  std::vector<ModulePathMapping> out;
  for (const std::string& m : written) {
    std::size_t eq = m.find('=');
    out.push_back(ModulePathMapping{m.substr(0, eq), std::filesystem::absolute(m.substr(eq + 1)).lexically_normal()});
  }
  return out;
}

void applyExtendSelect(Config& config, ScanOptions& options) {
  if (options.extend_select.empty()) return;
  if (!options.select.empty()) {
    options.select.insert(options.select.end(), options.extend_select.begin(), options.extend_select.end());
  } else if (!config.select.empty()) {
    for (const std::string& selector : options.extend_select) config.select.push_back(ConfigText{selector, {}});
  }
}

SkipPath skipPathsOf(const ScanOptions& options, const Config& config) {
  std::vector<std::string> cli_exclude = options.exclude;
  std::vector<std::string> include = textsOf(config.include);
  std::vector<std::string> exclude = textsOf(config.exclude);
  if (cli_exclude.empty() && include.empty() && exclude.empty()) return {};
  fs::path cwd = canonicalOr(fs::current_path());
  fs::path base = config.base;
  return [=](const fs::path& absolute, bool is_directory) {
    std::string from_cwd = relativeInside(absolute, cwd);
    if (!from_cwd.empty() && anyGlobMatches(cli_exclude, from_cwd)) return true;
    if (base.empty()) return false;
    std::string from_config = relativeInside(absolute, base);
    if (from_config.empty()) return false;  // outside the configuration's folder: not its to filter
    if (anyGlobMatches(exclude, from_config)) return true;
    // A folder may hold included files at any depth; files are filtered one by one.
    return !is_directory && !include.empty() && !anyGlobMatches(include, from_config);
  };
}

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

std::optional<ScanSetup> prepareScanSetup(ScanOptions& options, std::string_view command) {
  ScanSetup setup{loadScanConfig(options), {}, {}};
  if (!setup.config.errors.empty()) {
    printConfigErrors(setup.config.errors);
    return std::nullopt;
  }
  applyConfigDefaults(setup.config.config, options);
  applyExtendSelect(setup.config.config, options);
  std::vector<Diagnostic> rule_errors;
  std::vector<fs::path> rule_dirs(options.rule_dirs.begin(), options.rule_dirs.end());
  setup.rules = RuleSet::load(rule_dirs, rule_errors);
  if (!rule_errors.empty()) {
    printConfigErrors(rule_errors);
    return std::nullopt;
  }
  setup.known_rules = knownRuleNames(setup.rules);
  if (std::string error = unknownSelector(setup.rules, options.extend_select); !error.empty()) {
    fmt::print(stderr, "palisade {}: --extend-select: {}\n", command, error);
    return std::nullopt;
  }
  if (std::vector<Diagnostic> errors = configureRules(setup.config.config, setup.rules, !options.select.empty());
      !errors.empty()) {
    printConfigErrors(errors);
    return std::nullopt;
  }
  return setup;
}

bool applyRuleSelection(ScanSetup& setup, const ScanOptions& options, std::string_view command) {
  if (std::string error = selectRules(setup.rules, options.select, options.ignore); !error.empty()) {
    fmt::print(stderr, "palisade {}: {}\n", command, error);
    return false;
  }
  return true;
}

ScanRequest scanRequestOf(const ScanOptions& options, const Config& config) {
  ScanRequest request;
  request.paths = options.paths;
  request.jobs = options.jobs == 0 ? defaultJobs() : options.jobs;
  request.strict = options.strict;
  request.kustomize = !options.no_kustomize;
  request.scan_compiled = options.scan_compiled;
  request.skip = skipPathsOf(options, config);
  request.pod_spec_paths = config.pod_spec_paths;
  if (options.max_file_size) request.limits.max_file_bytes = options.max_file_size;
  if (auto version = KubernetesVersion::parse(options.kubernetes_version)) request.kubernetes_version = *version;
  if (!options.stdin_filename.empty()) request.stdin_filename = options.stdin_filename;
  for (const std::string& p : options.params) request.parameter_files.push_back(fs::absolute(p));
  request.module_paths = modulePathMappingsOf(options.module_paths);
  return request;
}

}  // namespace palisade
