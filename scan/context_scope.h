// Context mode (`scan --context DIR PATH...`), for pre-commit: the whole of
// DIR is read and checked, so rules that judge the project as a whole (a
// namespace's network policy in another file, the platform pack, references
// between resources) see all of it, but only the findings of the named PATHs
// are reported. The named files become whole-file ChangedLines, and the diff
// stage narrows the report to them: a finding counts when it is located in
// one of them or one of its related locations is (the parameter or resource
// in a staged file that made it).
#pragma once

#include <filesystem>
#include <string>
#include <variant>
#include <vector>

#include "core/scan_root.h"
#include "scan/diff_filter.h"

namespace palisade {

// The files of `named` (a folder means the files discovery finds under it),
// relative to `root`, as whole files; or, when a path does not exist, is
// standard input or lies outside `context_dir`, a message that says which.
std::variant<ChangedLines, std::string> filesToReport(const std::filesystem::path& context_dir,
                                                      const std::vector<std::string>& named, const ScanRoot& root);

}  // namespace palisade
