// What changed in a git working tree since the merge base with a ref: runs
// `git merge-base REF HEAD`, `git diff --unified=0 BASE` (committed, staged
// and unstaged changes alike) and lists untracked files, for diff mode.
#pragma once

#include <filesystem>
#include <string>
#include <variant>

#include "scan/diff_filter.h"

namespace palisade {

// The changed lines of the files under `scan_root`, or why git could not tell.
std::variant<ChangedLines, std::string> changedLinesSince(const std::string& ref, const std::filesystem::path& scan_root);

}  // namespace palisade
