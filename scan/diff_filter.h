// Diff mode, the last filter stage: only findings on lines changed since the
// merge base with a git ref are reported (`scan --diff-base REF`), for pull
// requests. The whole project is still read and checked, so cross-file rules
// see everything; only the report is narrowed. A finding counts as changed
// when its location or one of its related locations (the parameter default
// that made a value bad) is on a changed line. The lines on either side of a
// deletion count as changed, since removing a line can create a finding there.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/finding.h"

namespace palisade {

struct ChangedLines {
  // File (relative to the scan root, '/'-separated) → changed line ranges, inclusive.
  std::map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> ranges;
  std::set<std::string> whole_files;  // new, untracked files: every line counts

  bool touches(const std::string& file, uint32_t line) const;
  bool touchesFile(const std::string& file) const;
};

// Reads `git diff --unified=0` output (new-side line numbers). `root_prefix`
// is the scan root relative to the repository top ("" when the same); files
// outside it are left out.
ChangedLines parseUnifiedDiff(std::string_view diff, std::string_view root_prefix);

std::vector<Finding> applyDiff(std::vector<Finding> findings, const ChangedLines& changed);

}  // namespace palisade
