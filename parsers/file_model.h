// FileModel: what a reader produces from its input — resources, input
// diagnostics, and every source file it read (modules included) so the
// project can keep them alive for spans and snippets.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/resource.h"
#include "core/scan_root.h"
#include "core/source_file.h"

namespace palisade {

struct FileModel {
  std::vector<Resource> resources;
  std::vector<Diagnostic> diagnostics;
  std::vector<SourceFilePtr> files;

  void append(FileModel&& other);
};

// Limits every reader honours; exceeding one is a located diagnostic, not a crash.
struct ReadLimits {
  std::size_t max_file_bytes = 16 * 1024 * 1024;
  std::size_t max_depth = 256;               // nesting of YAML/JSON/expressions
  std::size_t max_alias_expansion = 100000;  // YAML nodes produced by aliases
  std::size_t max_loop_expansion = 10000;    // Bicep/ARM loop iterations
  std::size_t max_module_depth = 32;
  double file_time_budget_seconds = 5.0;
};

// Reads a file as UTF-8 text within the limits, as every front end does:
// UTF-16/32 with a byte-order mark is decoded; over the size limit is GEN015,
// unreadable GEN005, plainly wide text without a mark GEN004 (an error: nothing
// in it was checked). Returns nullptr when the file was not read; the
// diagnostic says why. The SourceFile is not added to any model.
SourceFilePtr loadSource(const std::filesystem::path& absolute, const std::string& display, const ReadLimits& limits,
                         std::vector<Diagnostic>& diagnostics);
// The same for bytes already read (standard input).
SourceFilePtr sourceFromBytes(std::string bytes, const std::string& display, std::vector<Diagnostic>& diagnostics);

// "16 MiB", "512 KiB", "100 bytes": a limit as people read it.
std::string describeBytes(std::size_t bytes);

}  // namespace palisade
