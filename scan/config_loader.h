// Finding and reading `.palisade.yaml`: the file is looked for in the scan
// root and the folders above it, up to the top of the git repository (the
// folder holding `.git`), or named with `--config`. It is read with our own
// YAML reader, so every mistake — an unknown key, a bad value, a duplicate
// key, a path that does not exist — is an error with file:line:col.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/discovery.h"  // kConfigFileName
#include "scan/config.h"

namespace palisade {

struct LoadedConfig {
  Config config;
  std::vector<Diagnostic> errors;  // any error: the config must not be used (exit 2)
};

// The folder the search starts from for the paths a scan names: the current
// folder when they are all inside it, else the deepest folder holding them
// (the scan root discovery will choose).
std::filesystem::path configSearchStart(const std::vector<std::string>& paths);

// `.palisade.yaml` in `start` or a folder above it, stopping at the top of a
// git repository; nullopt when there is none.
std::optional<std::filesystem::path> findConfigFile(const std::filesystem::path& start);

// Parses a configuration. `base` is the folder relative paths and globs are
// read from; `file` must stay alive as long as the config (its spans point into it).
LoadedConfig parseConfig(SourceFilePtr file, const std::filesystem::path& base);

// Reads and parses a configuration file; `base` empty: the file's folder;
// `display` empty: reports name the file by `path`.
LoadedConfig loadConfigFile(const std::filesystem::path& path, const std::filesystem::path& base = {},
                            const std::string& display = {});

}  // namespace palisade
