#include "cli/options.h"

#include "cli/named_inputs.h"

#include <fmt/format.h>

#include <charconv>

#include "parsers/kubernetes/component_config.h"

namespace palisade {

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

std::variant<ScanOptions, UsageError> parseScanOptions(const std::vector<std::string>& args) {
  ScanOptions o;
  for (std::size_t i = 0; i < args.size(); ++i) {
    std::string arg = args[i];
    std::string value;
    bool has_inline_value = false;
    if (arg.starts_with("--") && arg.find('=') != std::string::npos) {
      value = arg.substr(arg.find('=') + 1);
      arg = arg.substr(0, arg.find('='));
      has_inline_value = true;
    }
    auto next = [&]() -> std::optional<std::string> {
      if (has_inline_value) return value;
      if (i + 1 >= args.size()) return std::nullopt;
      return args[++i];
    };
    auto need = [&](std::string& into) -> std::optional<UsageError> {
      auto v = next();
      if (!v) return UsageError{fmt::format("{} needs a value", arg)};
      into = *v;
      return std::nullopt;
    };
    std::string v;
    if (arg == "--format" || arg == "-f") {
      if (auto e = need(v)) return *e;
      auto format = parseOutputFormat(v);
      if (!format) return UsageError{fmt::format("unknown format '{}' (text, sarif, json, junit, github, csv, html)", v)};
      o.format = *format;
    } else if (arg == "--output" || arg == "-o") {
      if (auto e = need(o.output)) return *e;
    } else if (arg == "--config") {
      if (auto e = need(o.config)) return *e;
    } else if (arg == "--rules") {
      if (auto e = need(v)) return *e;
      o.rule_dirs.push_back(v);
    } else if (arg == "--select") {
      if (auto e = need(v)) return *e;
      for (auto& id : splitList(v)) o.select.push_back(id);
    } else if (arg == "--ignore") {
      if (auto e = need(v)) return *e;
      for (auto& id : splitList(v)) o.ignore.push_back(id);
    } else if (arg == "--fail-on") {
      if (auto e = need(v)) return *e;
      auto level = parseLevel(v);
      if (!level) return UsageError{fmt::format("--fail-on takes error, warning, note or none, not '{}'", v)};
      o.fail_on = *level;
    } else if (arg == "--baseline") {
      if (auto e = need(o.baseline)) return *e;
    } else if (arg == "--diff-base") {
      if (auto e = need(o.diff_base)) return *e;
    } else if (arg == "--context") {
      if (auto e = need(o.context)) return *e;
    } else if (arg == "--jobs" || arg == "-j") {
      if (auto e = need(v)) return *e;
      std::size_t jobs = 0;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), jobs);
      if (ec != std::errc() || end != v.data() + v.size() || jobs == 0 || jobs > 1024) {
        return UsageError{fmt::format("--jobs takes a number from 1 to 1024, not '{}'", v)};
      }
      o.jobs = jobs;
    } else if (arg == "--strict") {
      o.strict = true;
    } else if (arg == "--no-kustomize") {
      o.no_kustomize = true;
    } else if (arg == "--kubernetes-version") {
      if (auto e = need(v)) return *e;
      if (!KubernetesVersion::parse(v)) return UsageError{fmt::format("--kubernetes-version takes a release such as 1.28, not '{}'", v)};
      o.kubernetes_version = v;
    } else if (arg == "--stdin-filename") {
      if (auto e = need(o.stdin_filename)) return *e;
    } else if (arg == "--params") {
      if (auto e = need(v)) return *e;
      o.params.push_back(v);
    } else if (arg == "--max-file-size") {
      if (auto e = need(v)) return *e;
      auto bytes = parseByteSize(v);
      if (!bytes) return UsageError{fmt::format("--max-file-size takes a size such as 512K, 16M or 1G, not '{}'", v)};
      o.max_file_size = *bytes;
    } else if (arg == "--dump-model") {
      if (auto e = need(o.dump_model)) return *e;
    } else if (arg == "--color" || arg == "--colour") {
      if (auto e = need(v)) return *e;
      if (v == "auto") o.color = ColorMode::Auto;
      else if (v == "always") o.color = ColorMode::Always;
      else if (v == "never") o.color = ColorMode::Never;
      else return UsageError{fmt::format("--color takes auto, always or never, not '{}'", v)};
    } else if (arg == "--no-color") {
      o.color = ColorMode::Never;
    } else if (arg == "--quiet" || arg == "-q") {
      o.quiet = true;
    } else if (arg == "--statistics") {
      o.statistics = true;
    } else if (arg == "-") {
      o.paths.push_back(arg);
    } else if (arg.starts_with("-")) {
      return UsageError{fmt::format("unknown option '{}' (see palisade scan --help)", arg)};
    } else {
      o.paths.push_back(arg);
    }
  }
  if (o.paths.empty() && o.context.empty()) o.paths.push_back(".");
  return o;
}

}  // namespace palisade
