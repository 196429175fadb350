// Finding: one reported problem — rule, severity, message, where (with the
// related places that explain it), a fingerprint that survives line moves,
// and whether a suppression or the baseline covers it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/fix.h"
#include "core/severity.h"
#include "core/span.h"

namespace palisade {

struct Location {
  // What a related location is to its finding: a module call the resource was
  // deployed through, the kustomization that built it, the Helm chart that
  // rendered it, where the offending value was written (a parameter default,
  // a values-file line), or anything else.
  enum class Role : uint8_t { Context, ModuleCall, BuiltBy, RenderedBy, ValueFrom };

  std::string uri;  // relative to the scan root, '/'-separated
  uint32_t start_line = 0;
  uint32_t start_column = 0;  // 1-based UTF-16 code units
  uint32_t end_line = 0;
  uint32_t end_column = 0;
  std::string snippet;  // the text of the start line
  std::string message;  // for related locations: what this place is
  std::string line_hash;  // GitHub's primaryLocationLineHash of start_line (core/line_hash.h); set by the scan when asked
  Role role = Role::Context;

  bool valid() const { return start_line != 0; }
  bool operator==(const Location&) const = default;
};

// Resolves a Span against its file: UTF-16 columns and the line's text.
Location locate(const Span& span, std::string message = {});

struct Suppression {
  enum class Kind { InSource, External };  // External: baseline or config
  Kind kind = Kind::InSource;
  std::string justification;

  bool operator==(const Suppression&) const = default;
};

struct Finding {
  std::string rule_id;
  std::string rule_name;
  Severity severity = Severity::Medium;
  Level level = Level::Warning;
  std::string message;  // what is wrong, stated as a fact
  // What to do about it ("set it to 'Disabled'"), apart from the message so
  // that each reporter renders it its own way and nothing reads advice out of
  // message text. May be empty.
  std::string help;
  // What would make the finding go away (`palisade fix`, SARIF `fixes`), when the rule knows.
  std::optional<Fix> fix;
  Location location;
  std::vector<Location> related;
  std::string resource;     // display name of the resource, when there is one
  std::string fingerprint;  // rule + resource identity + property path
  // Set when the finding stands only because --strict counts a value that
  // cannot be known as failing: what cannot be known. Reporters render it.
  std::string strict_reason;
  std::optional<Suppression> suppression;
  bool baselined = false;

  bool operator==(const Finding&) const = default;
};

struct RuleInfo;
// A finding of `rule`: its id, name, severity and level filled in.
Finding findingOfRule(const RuleInfo& rule);

// A stable fingerprint: a hash over the parts, which must not contain line numbers.
std::string fingerprintOf(std::string_view rule_id, std::string_view file, std::string_view resource_identity,
                          std::string_view property_path);

// The message as every reporter shows it: with "(reported because of
// --strict: …)" when the finding stands only because of --strict.
std::string displayMessage(const Finding& finding);

// Sorts by file, line, column, rule: the order every reporter shows.
void sortFindings(std::vector<Finding>& findings);

}  // namespace palisade
