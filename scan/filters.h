// The filter stages of a scan, in DESIGN.md's order: config (paths,
// per-path rule settings), inline suppressions (comments, Kubernetes
// annotations), baseline, diff, then context mode's narrowing to the named
// files (the diff stage again, over whole files). Each stage is a pure
// function over findings; this runs them in order with what the command line
// and config chose.
#pragma once

#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "rules/engine/rule_set.h"
#include "scan/baseline.h"
#include "scan/comment_suppressions.h"
#include "scan/config.h"
#include "scan/diff_filter.h"

namespace palisade {

struct FilterSettings {
  const Config* config = nullptr;  // null: no configuration
  CommentSuppressionSettings suppressions;
  const Baseline* baseline = nullptr;     // null: no baseline
  const ChangedLines* changed = nullptr;  // null: not in diff mode
  const ChangedLines* reported_files = nullptr;  // null: not in context mode (scan/context_scope.h)
};

std::vector<Finding> applyFilters(std::vector<Finding> findings, const Project& project, const RuleSet& rules,
                                  const FilterSettings& settings);

}  // namespace palisade
