// Config: what a `.palisade.yaml` says — which rules run (by id, name or
// tag), severity overrides, the failure threshold, which paths are reported,
// per-path rule settings, Bicep parameter files, extra rule packs — and the
// config filter stage that applies it to findings. Reading the file is
// scan/config_loader.h; every value keeps its location for error messages.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/finding.h"
#include "core/severity.h"
#include "core/source_file.h"
#include "rules/engine/rule_set.h"
#include "scan/pod_spec_paths.h"

namespace palisade {

// A string from the file and where it was written.
struct ConfigText {
  std::string text;
  Span span;
};

struct SeverityOverride {
  ConfigText rule;  // id or name
  Severity severity = Severity::Medium;
};

// `overrides:` entries: rule settings for the paths matching `paths`.
struct PathOverride {
  std::vector<ConfigText> paths;  // globs
  std::vector<ConfigText> ignore;  // ids, names or tags
  std::vector<SeverityOverride> severity;
};

// A `helm:` entry: what the chart in one folder renders with.
struct HelmChartConfig {
  ConfigText chart;                            // the folder as written (relative to the configuration)
  std::filesystem::path folder;                // absolute
  std::vector<std::filesystem::path> values;   // values files, absolute, in order
  std::vector<ConfigText> set;                 // `--set` expressions
  std::optional<ConfigText> release;
  std::optional<ConfigText> namespace_name;
};

struct Config {
  SourceFilePtr file;          // null: no configuration file was used
  std::filesystem::path base;  // relative paths and globs are read from this folder (absolute)
  std::vector<ConfigText> select;  // empty: every rule
  std::vector<ConfigText> ignore;
  std::vector<SeverityOverride> severity;
  std::optional<FailOn> fail_on;
  std::vector<ConfigText> include;  // empty: every path
  std::vector<ConfigText> exclude;
  std::vector<std::filesystem::path> params;  // absolute
  std::vector<std::filesystem::path> packs;   // absolute
  std::optional<std::filesystem::path> baseline;
  std::optional<bool> strict;
  std::optional<ConfigText> kubernetes_version;  // `kubernetes-version: "1.28"`
  // `module-paths: {br/public:avm/res: ../bicep-registry-modules/avm/res}`: registry module prefix → folder (absolute)
  std::vector<std::pair<ConfigText, std::filesystem::path>> module_paths;
  std::vector<PathOverride> overrides;
  std::vector<PodSpecLocation> pod_spec_paths;  // `pod-spec-paths:` custom resources that carry pod specs
  std::vector<HelmChartConfig> helm;  // `helm: {charts/web: {values: [...], set: [...], release, namespace}}`
};

// Applies the config's select/ignore/severity to the loaded rules. A selector
// or override that names no rule is a located error. `command_line_selects`:
// --select was given, which replaces the config's `select`.
std::vector<Diagnostic> configureRules(const Config& config, RuleSet& rules, bool command_line_selects);

// The config filter stage: drops findings outside `include` or inside
// `exclude`, and applies `overrides` (ignored rules, severities) by path.
// `scan_root` is the folder finding paths are relative to. Idempotent.
std::vector<Finding> applyConfig(std::vector<Finding> findings, const Config& config, const RuleSet& rules,
                                 const std::filesystem::path& scan_root);

}  // namespace palisade
