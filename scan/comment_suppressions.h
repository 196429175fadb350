// Inline suppressions in comments, one filter stage of the scan pipeline:
//
//   # palisade-ignore K8S002: legacy job, tracked in OPS-12          (YAML)
//   // palisade-ignore AZR001,AZR004 until 2027-03-31: migration    (Bicep)
//   #disable-next-line AZR001                                       (Bicep's own)
//
// A comment after code covers its line; a comment on a line of its own covers
// the next line that is not a comment (or `---`). When the covered line
// starts a resource (Bicep decorators included), every finding of that
// resource is covered. Covered findings of the named rules (ids or names)
// are kept, marked suppressed in source with the reason as justification.
// `#disable-next-line` also covers the rules that declare a named Bicep linter
// code their equivalent (`outputs-should-not-contain-secrets` → AZR037).
//
// A suppression that does not work is itself a finding: no reason (GEN008;
// it suppresses nothing), past its `until` date (GEN009; it suppresses
// nothing any more), naming a rule that matched nothing here or no rule at
// all (GEN010; the Bicep linter's codes in its directive are the linter's
// business, never reported), or unreadable (GEN011). These findings are built from the
// rules' metadata in the RuleSet, so disabling one of those rules silences it.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "rules/engine/rule_set.h"
#include "scan/civil_date.h"

namespace palisade {

struct SuppressionComment {
  enum class Style { PalisadeIgnore, BicepDisableNextLine };
  Style style = Style::PalisadeIgnore;
  uint32_t line = 0;    // where the comment is
  uint32_t column = 0;  // 1-based byte column of its marker (`#`, `//`)
  uint32_t end_column = 0;
  std::vector<uint32_t> covered_lines;  // the line it covers, plus decorator lines down to a declaration
  std::vector<std::string> rules;       // as written
  std::optional<CivilDate> until;
  std::string reason;
  std::string problem;  // why the comment cannot be read; empty when it can
  std::string text;     // the comment from its marker, for fingerprints
};

// The suppression comments of one file (YAML, or Bicep by extension).
std::vector<SuppressionComment> suppressionCommentsIn(const SourceFile& file);

struct CommentSuppressionSettings {
  CivilDate today;
  // Every rule id and name that exists (lower case), running or not: a
  // suppression of a rule that exists but did not run is not "unused".
  std::set<std::string> known_rules;
};

// Every id and name of a rule set, lower case.
std::set<std::string> knownRuleNames(const RuleSet& rules);

// The lines each resource declared in a file spans (a comment above a
// resource covers all of them), by file display path.
struct ResourceLineRange {
  uint32_t first = 0;
  uint32_t last = 0;
};
using ResourceLineExtents = std::map<std::string, std::vector<ResourceLineRange>>;
// `only_files` (display paths): only the resources declared in those files.
ResourceLineExtents resourceLineExtents(const Project& project, const std::unordered_set<std::string_view>* only_files = nullptr);

// `extents`: the resources' lines when the project holds no resources (a scan
// result kept without them, scan/scan_memo.h); null: taken from the project.
// `comments`: each file's suppression comments (by display path) when the
// project's files hold only the lines they are on (the same kept result); null:
// read from the files' text.
using SuppressionCommentsByFile = std::map<std::string, std::vector<SuppressionComment>>;
// The suppression comments of a project read again and again (the language server's checks): each
// file's are found once per SourceFile, which an unchanged file keeps from one reading to the next.
class SuppressionCommentsMemo {
 public:
  // The comments of the project's files that have any, by display path.
  SuppressionCommentsByFile of(const Project& project);

 private:
  struct Found {
    SourceFilePtr file;  // keeps the key's file alive: a new file never reuses its address
    std::vector<SuppressionComment> comments;
  };
  std::unordered_map<const SourceFile*, Found> by_file_;
};

std::vector<Finding> applyCommentSuppressions(std::vector<Finding> findings, const Project& project, const RuleSet& rules,
                                              const CommentSuppressionSettings& settings,
                                              const ResourceLineExtents* extents = nullptr,
                                              const SuppressionCommentsByFile* comments = nullptr);

}  // namespace palisade
