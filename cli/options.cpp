#include "cli/options.h"

#include "cli/named_inputs.h"

#include <fmt/format.h>

#include <charconv>

#include "parsers/kubernetes/component_config.h"

namespace palisade {

std::optional<UsageError> checkModulePathOption(const std::string& value) {
  std::size_t eq = value.find('=');
  bool prefix = value.starts_with("br:") || value.starts_with("br/") || value.starts_with("ts:") || value.starts_with("ts/");
  if (eq == std::string::npos || eq == 0 || eq + 1 == value.size() || !prefix) {
    return UsageError{fmt::format("--module-path takes PREFIX=DIR with a registry prefix such as br/public:avm/res, not '{}'", value)};
  }
  return std::nullopt;
}

std::vector<std::string> splitList(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    std::string item = text.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.erase(item.begin());
    while (!item.empty() && item.back() == ' ') item.pop_back();
    if (!item.empty()) out.push_back(item);
    start = comma + 1;
  }
  return out;
}

std::variant<ScanOptions, UsageError> parseScanOptions(const std::vector<std::string>& args, std::string_view command) {
  const CommandSpec* spec = findCommandSpec(command);
  auto parsed = parseArguments(*spec, args);
  if (auto* error = std::get_if<UsageError>(&parsed)) return *error;
  ParsedArgs& a = std::get<ParsedArgs>(parsed);
  ScanOptions o;
  o.paths = std::move(a.positionals);
  for (const ParsedOption& opt : a.options) {
    const std::string& v = opt.value;
    if (opt.is("--format")) {
      auto format = parseOutputFormat(v);
      if (!format) return UsageError{fmt::format("unknown format '{}' ({})", v, outputFormatNames())};
      o.format = *format;
    } else if (opt.is("--output")) {
      o.output = v;
    } else if (opt.is("--config")) {
      o.config = v;
    } else if (opt.is("--rules")) {
      o.rule_dirs.push_back(v);
    } else if (opt.is("--select")) {
      for (auto& id : splitList(v)) o.select.push_back(id);
    } else if (opt.is("--extend-select")) {
      for (auto& id : splitList(v)) o.extend_select.push_back(id);
    } else if (opt.is("--ignore")) {
      for (auto& id : splitList(v)) o.ignore.push_back(id);
    } else if (opt.is("--exclude")) {
      if (v.empty() || v.starts_with("/")) return UsageError{fmt::format("--exclude takes a relative glob, not '{}'", v)};
      o.exclude.push_back(v);
    } else if (opt.is("--fail-on")) {
      auto fail_on = parseFailOn(v);
      if (!fail_on) return UsageError{fmt::format("--fail-on takes {}, not '{}'", kFailOnWords, v)};
      o.fail_on = *fail_on;
    } else if (opt.is("--baseline")) {
      o.baseline = v;
    } else if (opt.is("--diff-base")) {
      o.diff_base = v;
    } else if (opt.is("--context")) {
      o.context = v;
    } else if (opt.is("--jobs")) {
      std::size_t jobs = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), jobs);
      if (ec != std::errc() || end != v.data() + v.size() || jobs == 0 || jobs > 1024) {
        return UsageError{fmt::format("--jobs takes a number from 1 to 1024, not '{}'", v)};
      }
      o.jobs = jobs;
    } else if (opt.is("--strict")) {
      o.strict = true;
    } else if (opt.is("--scan-compiled")) {
      o.scan_compiled = true;
    } else if (opt.is("--cache-dir")) {
      o.cache_dir = v;
    } else if (opt.is("--no-cache")) {
      o.no_cache = true;
    } else if (opt.is("--no-kustomize")) {
      o.no_kustomize = true;
    } else if (opt.is("--kubernetes-version")) {
      if (!KubernetesVersion::parse(v)) return UsageError{fmt::format("--kubernetes-version takes a release such as 1.28, not '{}'", v)};
      o.kubernetes_version = v;
    } else if (opt.is("--stdin-filename")) {
      o.stdin_filename = v;
    } else if (opt.is("--params")) {
      o.params.push_back(v);
    } else if (opt.is("--module-path")) {
      if (auto error = checkModulePathOption(v)) return *error;
      o.module_paths.push_back(v);
    } else if (opt.is("--max-file-size")) {
      auto bytes = parseByteSize(v);
      if (!bytes) return UsageError{fmt::format("--max-file-size takes a size such as 512K, 16M or 1G, not '{}'", v)};
      o.max_file_size = *bytes;
    } else if (opt.is("--dump-model")) {
      o.dump_model = v;
    } else if (opt.is("--color")) {
      if (v == "auto") o.color = ColorMode::Auto;
      else if (v == "always") o.color = ColorMode::Always;
      else if (v == "never") o.color = ColorMode::Never;
      else return UsageError{fmt::format("--color takes auto, always or never, not '{}'", v)};
    } else if (opt.is("--no-color")) {
      o.color = ColorMode::Never;
    } else if (opt.is("--quiet")) {
      o.quiet = true;
    } else if (opt.is("--statistics")) {
      o.statistics = true;
    } else if (opt.is("--diff")) {
      o.fix_diff = true;
    } else if (opt.is("--unsafe-fixes")) {
      o.unsafe_fixes = true;
    } else if (opt.is("--sarif-rules")) {
      if (v != "used" && v != "all") return UsageError{fmt::format("--sarif-rules takes used or all, not '{}'", v)};
      o.sarif_all_rules = v == "all";
    }
  }
  if (o.paths.empty() && o.context.empty()) {
    o.paths.push_back(".");
    o.paths_named = false;
  }
  return o;
}

}  // namespace palisade
