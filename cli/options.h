// Command-line parsing: turns argv into the options of one sub-command, or a
// usage error (exit code 2) that names the offending argument.
#pragma once

#include <optional>
#include <variant>
#include <string>
#include <vector>

#include "cli/option_table.h"
#include "core/severity.h"
#include "reporters/formats.h"

namespace palisade {

enum class ColorMode { Auto, Always, Never };

struct ScanOptions {
  std::vector<std::string> paths;
  bool paths_named = true;  // false when no path was given and "." is scanned by default
  OutputFormat format = OutputFormat::Text;
  std::string output;  // empty: standard output
  std::string config;
  std::vector<std::string> rule_dirs;
  std::vector<std::string> select;         // ids, names, tags, id prefixes
  std::vector<std::string> extend_select;  // added to the configuration's select
  std::vector<std::string> ignore;
  std::vector<std::string> exclude;        // globs, relative to the current folder: not read
  std::optional<FailOn> fail_on;  // unset: the config's, else kDefaultFailOn (medium)
  std::string baseline;
  std::string diff_base;
  std::string context;  // --context DIR: DIR is scanned, only `paths` reported; empty: not in context mode
  std::size_t jobs = 0;  // 0: every core
  bool strict = false;
  bool no_kustomize = false;  // --no-kustomize: Kustomize folders scanned file by file, unbuilt
  std::string kubernetes_version;  // empty: the config's, else the built-in default
  std::string stdin_filename;
  std::vector<std::string> params;
  std::vector<std::string> module_paths;  // --module-path PREFIX=DIR
  bool scan_compiled = false;             // --scan-compiled: also ARM templates Bicep compiled beside their source
  std::string cache_dir;  // --cache-dir DIR; empty: the default (scan/cache.h, openScanCache)
  bool no_cache = false;  // --no-cache
  std::size_t max_file_size = 0;  // --max-file-size in bytes; 0: the default limit
  std::string dump_model;
  ColorMode color = ColorMode::Auto;
  bool quiet = false;
  bool statistics = false;
  bool sarif_all_rules = false;  // --sarif-rules all
  bool fix_diff = false;      // fix --diff: print the changes, write nothing
  bool unsafe_fixes = false;  // fix --unsafe-fixes
};

// Parses the arguments of `palisade scan` (or of `baseline`/`config`, which
// take a subset of its options) after the sub-command name.
std::variant<ScanOptions, UsageError> parseScanOptions(const std::vector<std::string>& args,
                                                       std::string_view command = "scan");

// The value of --module-path (scan and audit): PREFIX=DIR with a br:/br/ or ts:/ts/ prefix; a usage error otherwise.
std::optional<UsageError> checkModulePathOption(const std::string& value);

// Splits "K8S001,K8S002" into ids.
std::vector<std::string> splitList(const std::string& text);

}  // namespace palisade
