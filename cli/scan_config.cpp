#include "cli/scan_config.h"

#include <filesystem>

namespace palisade {

LoadedConfig loadScanConfig(const ScanOptions& options) {
  if (!options.config.empty()) {
    // Like paths on the command line, relative paths in a file named with --config are read from the current folder.
    return loadConfigFile(options.config, std::filesystem::current_path());
  }
  if (auto found = findConfigFile(configSearchStart(options.paths))) return loadConfigFile(*found);
  return LoadedConfig{};
}

void applyConfigDefaults(const Config& config, ScanOptions& options) {
  for (const auto& pack : config.packs) options.rule_dirs.push_back(pack.string());
  for (const auto& params : config.params) options.params.push_back(params.string());
  if (!options.fail_on && config.fail_on) options.fail_on = config.fail_on;
  if (config.strict.value_or(false)) options.strict = true;
  if (options.kubernetes_version.empty() && config.kubernetes_version) options.kubernetes_version = config.kubernetes_version->text;
  if (options.baseline.empty() && config.baseline) options.baseline = config.baseline->string();
}

}  // namespace palisade
