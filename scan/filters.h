// The filter stages of a scan, in DESIGN.md's order: config (paths,
// per-path rule settings), inline suppressions (comments, Kubernetes
// annotations), baseline, diff, then context mode's narrowing to the named
// files (the diff stage again, over whole files). Each stage is a pure
// function over findings; this runs them in order with what the command line
// and config chose.
#pragma once

#include <optional>
#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "rules/engine/rule_set.h"
#include "scan/annotation_suppressions.h"
#include "scan/baseline.h"
#include "scan/comment_suppressions.h"
#include "scan/config.h"
#include "scan/diff_filter.h"

namespace palisade {

// What the suppression stages read from the project's resources (and, for a
// kept result, its files' comments): kept beside a scan result whose resources
// and files are not (scan/scan_memo.h).
struct ResourceSuppressionFacts {
  ResourceLineExtents extents;  // for the files with suppression comments
  std::vector<AnnotationScope> annotations;
  // The files' suppression comments, when the project's files hold only some of their lines; else null.
  std::optional<SuppressionCommentsByFile> comments;
};
ResourceSuppressionFacts resourceSuppressionFactsOf(const Project& project);

struct FilterSettings {
  const Config* config = nullptr;  // null: no configuration
  CommentSuppressionSettings suppressions;
  const Baseline* baseline = nullptr;     // null: no baseline
  const ChangedLines* changed = nullptr;  // null: not in diff mode
  const ChangedLines* reported_files = nullptr;  // null: not in context mode (scan/context_scope.h)
  const ResourceSuppressionFacts* resource_facts = nullptr;  // null: read from the project's resources
  // The files' suppression comments found already (SuppressionCommentsMemo); null: from the facts, else the files.
  const SuppressionCommentsByFile* comments = nullptr;
};

std::vector<Finding> applyFilters(std::vector<Finding> findings, const Project& project, const RuleSet& rules,
                                  const FilterSettings& settings);

}  // namespace palisade
