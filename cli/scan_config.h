// The configuration of a scan from the command line's point of view: which
// `.palisade.yaml` applies (`--config FILE`, else the nearest one in or above
// each scanned path, up to the repository top — the same one for every path),
// and how its defaults combine with flags — flags win: `--select` replaces
// the file's `select`, `--extend-select` adds to it, `--fail-on` replaces its
// `fail-on`, `--baseline` its `baseline`; `--ignore`, `--exclude`, `--rules`
// and `--params` add to the file's lists.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "cli/options.h"
#include "core/discovery.h"
#include "parsers/bicep/bicep_registry.h"
#include "rules/engine/rule_set.h"
#include "scan/config_loader.h"
#include "scan/scanner.h"

namespace palisade {

// The configuration for these options; an empty Config when there is none.
// Paths with different nearest configurations are an error (scan them
// separately, or name one with --config).
LoadedConfig loadScanConfig(const ScanOptions& options);

// The nearest `.palisade.yaml` of one scanned path (a file or folder): in it
// (a folder) or the folders above it, up to the repository top.
std::optional<std::filesystem::path> nearestConfigOf(const std::string& path);

// Folds the file's defaults (packs, params, fail-on, strict, baseline) into the options.
void applyConfigDefaults(const Config& config, ScanOptions& options);

// --extend-select: adds to --select when given, else to the file's `select`
// (a no-op when neither selects: every rule runs already).
void applyExtendSelect(Config& config, ScanOptions& options);

// `PREFIX=DIR` values (checked by checkModulePathOption) as mappings, DIR made absolute from the current folder.
std::vector<ModulePathMapping> modulePathMappingsOf(const std::vector<std::string>& written);

// What discovery must not read: `--exclude` globs (relative to the current
// folder) and the configuration's `exclude`, and files outside its `include`
// (both relative to the configuration's folder).
SkipPath skipPathsOf(const ScanOptions& options, const Config& config);

// Configuration and rule-file errors on standard error, `file:line:col: error: message`.
void printConfigErrors(const std::vector<Diagnostic>& errors);

// What `scan`, `baseline` and `fix` set up alike before they read anything.
struct ScanSetup {
  LoadedConfig config;
  RuleSet rules;
  std::set<std::string> known_rules;  // every rule id and name, before any selection (for suppressions)
};

// Loads the configuration (folding its defaults and --extend-select into
// `options`) and the rules, and configures the rules from the file. The
// caller still applies --select/--ignore (selectRules), after anything it
// loads in between. On an error, prints it (prefixed "palisade COMMAND: "
// where it is not a located one) and returns nothing: exit 2.
std::optional<ScanSetup> prepareScanSetup(ScanOptions& options, std::string_view command);

// --select/--ignore on the set-up's rules; prints the error and returns false when a selector is unknown.
bool applyRuleSelection(ScanSetup& setup, const ScanOptions& options, std::string_view command);

// The request the options and the configuration describe, for the folders and files in options.paths
// (the caller adds what is its own: a root, standard input).
ScanRequest scanRequestOf(const ScanOptions& options, const Config& config);

}  // namespace palisade
