#include "scan/config_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <span>
#include <sstream>

#include "parsers/helm/user_values.h"
#include "parsers/kubernetes/component_config.h"
#include "parsers/yaml/yaml_reader.h"
#include "scan/path_glob.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kTopLevelKeys[] = {"version", "select", "ignore",  "severity", "fail-on",   "include",
                                              "exclude", "params", "packs",   "baseline", "strict",    "overrides", "kubernetes-version",
                                              "pod-spec-paths", "module-paths", "helm"};
constexpr std::string_view kOverrideKeys[] = {"paths", "ignore", "severity"};
constexpr std::string_view kPodSpecPathKeys[] = {"apiVersion", "kind", "path"};
constexpr std::string_view kHelmChartKeys[] = {"values", "set", "release", "namespace"};

class ConfigReader {
 public:
  ConfigReader(const fs::path& base, std::vector<Diagnostic>& errors) : base_(base), errors_(errors) {}

  void error(const Span& span, std::string message) {
    errors_.push_back(Diagnostic{GenCode::InvalidConfiguration, std::move(message), span, span.file ? span.file->path() : ""});
  }

  // Unknown keys are errors that list the keys allowed there.
  void checkKeys(const Value& mapping, std::span<const std::string_view> allowed, std::string_view where) {
    for (const Member& m : mapping.members()) {
      if (std::find(allowed.begin(), allowed.end(), m.key) != allowed.end()) continue;
      error(m.key_span, fmt::format("unknown key '{}' in {} (allowed: {})", m.key, where, fmt::join(allowed, ", ")));
    }
  }

  std::optional<std::string> string(const Value& v, std::string_view key) {
    if (v.isString() && !v.asString().empty()) return v.asString();
    error(v.span(), fmt::format("'{}' must be a non-empty string, not {}", key, describe(v)));
    return std::nullopt;
  }

  // A list of non-empty strings; a single string counts as a list of one, null as an empty list.
  std::vector<ConfigText> strings(const Value& v, std::string_view key) {
    std::vector<ConfigText> out;
    if (v.isNull()) return out;
    if (v.isString()) {
      if (auto s = string(v, key)) out.push_back({*s, v.span()});
      return out;
    }
    if (!v.isArray()) {
      error(v.span(), fmt::format("'{}' must be a list of strings, not {}", key, describe(v)));
      return out;
    }
    for (const Value& item : v.items()) {
      if (auto s = string(item, key)) out.push_back({*s, item.span()});
    }
    return out;
  }

  std::vector<ConfigText> globs(const Value& v, std::string_view key) {
    std::vector<ConfigText> out = strings(v, key);
    for (const ConfigText& g : out) {
      if (std::string problem = globSyntaxError(g.text); !problem.empty()) {
        error(g.span, fmt::format("'{}': {}", g.text, problem));
      }
    }
    return out;
  }

  std::vector<SeverityOverride> severities(const Value& v, std::string_view key) {
    std::vector<SeverityOverride> out;
    if (v.isNull()) return out;
    if (!v.isObject()) {
      error(v.span(), fmt::format("'{}' must map rule ids or names to severities, e.g. {{K8S001: low}}", key));
      return out;
    }
    for (const Member& m : v.members()) {
      std::optional<Severity> severity = m.value.isString() ? parseSeverity(m.value.asString()) : std::nullopt;
      if (!severity) {
        error(m.value.span(), fmt::format("severity of '{}' must be critical, high, medium, low or info, not {}", m.key,
                                          describe(m.value)));
        continue;
      }
      out.push_back({{m.key, m.key_span}, *severity});
    }
    return out;
  }

  // A file or folder that must exist, relative to the base folder.
  std::optional<fs::path> existing(const ConfigText& item, bool folder) {
    fs::path path = fs::path(item.text).is_absolute() ? fs::path(item.text) : base_ / item.text;
    std::error_code ec;
    bool ok = folder ? fs::is_directory(path, ec) : fs::is_regular_file(path, ec);
    if (!ok) {
      error(item.span, fmt::format("{} '{}' does not exist (looked for {})", folder ? "folder" : "file", item.text,
                                   path.lexically_normal().string()));
      return std::nullopt;
    }
    return path.lexically_normal();
  }

  PathOverride pathOverride(const Value& v) {
    PathOverride o;
    if (!v.isObject()) {
      error(v.span(), "each entry of 'overrides' must be a mapping with 'paths' and 'ignore' or 'severity'");
      return o;
    }
    checkKeys(v, kOverrideKeys, "an entry of 'overrides'");
    if (const Value* paths = v.find("paths")) o.paths = globs(*paths, "paths");
    if (o.paths.empty()) error(v.span(), "an entry of 'overrides' needs 'paths': the globs it applies to");
    if (const Value* ignore = v.find("ignore")) o.ignore = strings(*ignore, "ignore");
    if (const Value* severity = v.find("severity")) o.severity = severities(*severity, "severity");
    return o;
  }

  // `pod-spec-paths:` entries: {apiVersion (optional: group/version or group), kind, path}.
  std::optional<PodSpecLocation> podSpecLocation(const Value& v) {
    if (!v.isObject()) {
      error(v.span(), "each entry of 'pod-spec-paths' must be a mapping {apiVersion, kind, path}");
      return std::nullopt;
    }
    checkKeys(v, kPodSpecPathKeys, "an entry of 'pod-spec-paths'");
    PodSpecLocation location;
    const Value* kind = v.find("kind");
    const Value* path = v.find("path");
    if (!kind || !path) {
      error(v.span(), "an entry of 'pod-spec-paths' needs 'kind' and 'path' (to the PodTemplateSpec or PodSpec)");
      return std::nullopt;
    }
    auto kind_text = string(*kind, "kind");
    auto path_text = string(*path, "path");
    if (!kind_text || !path_text) return std::nullopt;
    location.kind = *kind_text;
    if (std::string problem = parsePodSpecPath(*path_text, location.path); !problem.empty()) {
      error(path->span(), fmt::format("'path' '{}': {}", *path_text, problem));
      return std::nullopt;
    }
    if (const Value* api = v.find("apiVersion")) {
      auto api_text = string(*api, "apiVersion");
      if (!api_text) return std::nullopt;
      location.api_version = *api_text;
    }
    return location;
  }

  // `helm:` maps chart folders (relative to the configuration) to {values, set, release, namespace}.
  void helmCharts(const Value& v, std::vector<HelmChartConfig>& out) {
    if (!v.isObject()) {
      error(v.span(), "'helm' must map chart folders to their values, e.g. {charts/web: {values: [prod.yaml], set: [image.tag=1.2]}}");
      return;
    }
    for (const Member& entry : v.members()) {
      HelmChartConfig chart;
      chart.chart = ConfigText{entry.key, entry.key_span};
      std::optional<fs::path> folder = existing(chart.chart, true);
      if (!folder) continue;
      std::error_code ec;
      if (!fs::is_regular_file(*folder / "Chart.yaml", ec)) {
        error(entry.key_span, fmt::format("'{}' in 'helm' is not a Helm chart (no Chart.yaml in {})", entry.key, folder->string()));
        continue;
      }
      chart.folder = *folder;
      const Value& settings = entry.value;
      if (!settings.isObject()) {
        if (!settings.isNull()) error(settings.span(), fmt::format("the entry of chart '{}' in 'helm' must be a mapping {{values, set, release, namespace}}", entry.key));
        out.push_back(std::move(chart));
        continue;
      }
      checkKeys(settings, kHelmChartKeys, fmt::format("the 'helm' entry of '{}'", entry.key));
      if (const Value* values = settings.find("values")) {
        for (const ConfigText& item : strings(*values, "values")) {
          if (auto path = existing(item, false)) chart.values.push_back(*path);
        }
      }
      if (const Value* set = settings.find("set")) {
        for (const ConfigText& item : strings(*set, "set")) {
          Value probe = Value::object();
          if (auto problem = helm::applySetExpression(probe, item.text)) {
            error(item.span, fmt::format("'set' '{}': {}", item.text, *problem));
          } else {
            chart.set.push_back(item);
          }
        }
      }
      if (const Value* release = settings.find("release")) {
        if (auto s = string(*release, "release")) chart.release = ConfigText{*s, release->span()};
      }
      if (const Value* ns = settings.find("namespace")) {
        if (auto s = string(*ns, "namespace")) chart.namespace_name = ConfigText{*s, ns->span()};
      }
      out.push_back(std::move(chart));
    }
  }

  Config read(const Value& root) {
    Config c;
    checkKeys(root, kTopLevelKeys, "the configuration");
    for (const Member& m : root.members()) {
      const Value& v = m.value;
      if (m.key == "version") {
        if (!v.isInt() || v.asInt() != 1) error(v.span(), fmt::format("'version' must be 1, not {}", describe(v)));
      } else if (m.key == "select") {
        c.select = strings(v, m.key);
      } else if (m.key == "ignore") {
        c.ignore = strings(v, m.key);
      } else if (m.key == "severity") {
        c.severity = severities(v, m.key);
      } else if (m.key == "fail-on") {
        std::optional<FailOn> fail_on = v.isString() ? parseFailOn(v.asString()) : std::nullopt;
        // YAML reads a bare `none` as a string, but `no`/`off` as false: accept false as none.
        if (!fail_on && v.isBool() && !v.asBool()) fail_on = FailOn{std::nullopt};
        if (!fail_on) error(v.span(), fmt::format("'fail-on' must be {}, not {}", kFailOnWords, describe(v)));
        c.fail_on = fail_on;
      } else if (m.key == "include") {
        c.include = globs(v, m.key);
      } else if (m.key == "exclude") {
        c.exclude = globs(v, m.key);
      } else if (m.key == "params") {
        for (const ConfigText& item : strings(v, m.key)) {
          if (auto path = existing(item, false)) c.params.push_back(*path);
        }
      } else if (m.key == "packs") {
        for (const ConfigText& item : strings(v, m.key)) {
          if (auto path = existing(item, true)) c.packs.push_back(*path);
        }
      } else if (m.key == "baseline") {
        if (auto s = string(v, m.key)) c.baseline = (base_ / *s).lexically_normal();
      } else if (m.key == "strict") {
        if (!v.isBool()) error(v.span(), fmt::format("'strict' must be true or false, not {}", describe(v)));
        else c.strict = v.asBool();
      } else if (m.key == "kubernetes-version") {
        if (v.isNumber()) {
          error(v.span(), fmt::format("'kubernetes-version' must be quoted, e.g. \"1.30\" (YAML reads {} as a number)", v.toDisplayString()));
        } else if (!v.isString() || !KubernetesVersion::parse(v.asString())) {
          error(v.span(), fmt::format("'kubernetes-version' must be a release such as \"1.28\", not {}", describe(v)));
        } else {
          c.kubernetes_version = ConfigText{v.asString(), v.span()};
        }
      } else if (m.key == "module-paths") {
        if (!v.isObject()) {
          error(v.span(), "'module-paths' must map registry module prefixes to folders, e.g. {br/public:avm/res: ../bicep-registry-modules/avm/res}");
          continue;
        }
        for (const Member& mapping : v.members()) {
          if (!mapping.key.starts_with("br:") && !mapping.key.starts_with("br/") && !mapping.key.starts_with("ts:") &&
              !mapping.key.starts_with("ts/")) {
            error(mapping.key_span, fmt::format("'{}' in 'module-paths' is not a registry (br:, br/alias:) or template spec (ts:, ts/alias:) prefix", mapping.key));
            continue;
          }
          if (auto s = string(mapping.value, "module-paths")) {
            if (auto folder = existing(ConfigText{*s, mapping.value.span()}, true)) {
              c.module_paths.emplace_back(ConfigText{mapping.key, mapping.key_span}, *folder);
            }
          }
        }
      } else if (m.key == "helm") {
        helmCharts(v, c.helm);
      } else if (m.key == "overrides") {
        if (!v.isArray()) {
          error(v.span(), "'overrides' must be a list of {paths, ignore, severity} entries");
          continue;
        }
        for (const Value& item : v.items()) c.overrides.push_back(pathOverride(item));
      } else if (m.key == "pod-spec-paths") {
        if (!v.isArray()) {
          error(v.span(), "'pod-spec-paths' must be a list of {apiVersion, kind, path} entries");
          continue;
        }
        for (const Value& item : v.items()) {
          if (auto location = podSpecLocation(item)) c.pod_spec_paths.push_back(std::move(*location));
        }
      }
    }
    return c;
  }

 private:
  static std::string describe(const Value& v) {
    if (v.isString()) return fmt::format("'{}'", v.asString());
    if (v.isScalar()) return fmt::format("{} {}", kindName(v.kind()), v.toDisplayString());
    return std::string(v.isArray() ? "a list" : "a mapping");
  }

  fs::path base_;
  std::vector<Diagnostic>& errors_;
};

}  // namespace

fs::path configSearchStart(const std::vector<std::string>& paths) {
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  std::vector<fs::path> folders;
  bool all_inside = true;
  for (const std::string& p : paths) {
    if (p == "-") continue;
    fs::path absolute = fs::absolute(p, ec).lexically_normal();
    fs::path relative = absolute.lexically_relative(cwd);
    if (relative.empty() || *relative.begin() == "..") all_inside = false;
    folders.push_back(fs::is_directory(absolute, ec) ? absolute : absolute.parent_path());
  }
  if (all_inside || folders.empty()) return cwd;
  fs::path common = folders.front();
  for (const fs::path& folder : folders) {
    fs::path next;
    for (auto a = common.begin(), b = folder.begin(); a != common.end() && b != folder.end() && *a == *b; ++a, ++b) {
      next /= *a;
    }
    common = next;
  }
  return common;
}

std::optional<fs::path> findConfigFile(const fs::path& start) {
  std::error_code ec;
  fs::path folder = fs::weakly_canonical(start, ec);
  if (ec) folder = start;
  while (true) {
    fs::path candidate = folder / kConfigFileName;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    if (fs::exists(folder / ".git", ec)) return std::nullopt;  // the top of the repository
    fs::path parent = folder.parent_path();
    if (parent.empty() || parent == folder) return std::nullopt;
    folder = parent;
  }
}

LoadedConfig parseConfig(SourceFilePtr file, const fs::path& base) {
  LoadedConfig out;
  out.config.file = file;
  std::error_code ec;
  out.config.base = fs::weakly_canonical(base, ec);
  if (ec) out.config.base = fs::absolute(base).lexically_normal();
  YamlReadResult yaml = readYaml(*file, ReadLimits{});
  // The reader's diagnostics say what is wrong in their own words (and keep their codes).
  for (Diagnostic& d : yaml.diagnostics) out.errors.push_back(std::move(d));
  if (!out.errors.empty()) return out;
  if (yaml.documents.size() > 1) {
    const Value& second = yaml.documents[1].root;
    out.errors.push_back(Diagnostic{GenCode::InvalidConfiguration, "a configuration file holds one YAML document", second.span(), file->path()});
    return out;
  }
  if (yaml.documents.empty() || yaml.documents[0].root.isNull()) return out;  // an empty file: defaults
  const Value& root = yaml.documents[0].root;
  ConfigReader reader(out.config.base, out.errors);
  if (!root.isObject()) {
    reader.error(root.span(), "the configuration must be a mapping of keys (select, ignore, severity, …)");
    return out;
  }
  Config parsed = reader.read(root);
  parsed.file = out.config.file;
  parsed.base = out.config.base;
  out.config = std::move(parsed);
  return out;
}

LoadedConfig loadConfigFile(const fs::path& path, const fs::path& base, const std::string& display) {
  const std::string name = display.empty() ? path.string() : display;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    LoadedConfig out;
    out.errors.push_back(Diagnostic{GenCode::InvalidConfiguration, "cannot read the configuration file", {}, name});
    return out;
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto file = std::make_shared<const SourceFile>(name, text.str());
  fs::path folder = base.empty() ? fs::absolute(path).parent_path() : base;
  return parseConfig(file, folder);
}

}  // namespace palisade
