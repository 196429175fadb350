// Calico label selectors: the parser (with located errors), the canonical
// form Calico itself prints, evaluation against a label set, and the
// conservative reasoning rules need ("can this ever match?", "does every
// endpoint this selects also match that one?").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/tri.h"

namespace palisade::calico {

using Labels = std::map<std::string, std::string, std::less<>>;

struct SelectorNode {
  enum class Kind : uint8_t {
    All,         // all()
    Global,      // global()
    Has,         // has(label)
    Equal,       // label == "v"
    NotEqual,    // label != "v"
    In,          // label in {"a", "b"}
    NotIn,       // label not in {"a", "b"}
    Contains,    // label contains "s"
    StartsWith,  // label starts with "s"
    EndsWith,    // label ends with "s"
    Not,
    And,
    Or,
  };
  Kind kind = Kind::All;
  std::string label;
  std::string value;                  // Equal, NotEqual, Contains, StartsWith, EndsWith
  std::vector<std::string> values;    // In, NotIn: sorted, without duplicates
  std::vector<SelectorNode> children;  // Not: one; And, Or: two or more
  uint32_t begin = 0;                 // byte range of the node in the selector text
  uint32_t end = 0;
};

struct SelectorError {
  uint32_t offset = 0;  // byte offset in the selector text where the problem starts
  std::string message;
  bool limit = false;   // the selector is not wrong: it nests past kMaxSelectorDepth
};

// Nesting deeper than this is not analysed (a located error marked `limit`)
// instead of recursing without bound on hostile input.
inline constexpr std::size_t kMaxSelectorDepth = 100;

struct ParsedSelector {
  std::optional<SelectorNode> root;  // set when the text parsed
  std::optional<SelectorError> error;

  bool ok() const { return root.has_value(); }
};

// Parses Calico's selector language as calicoctl does: an empty or
// all-blank selector is all(); strings are single- or double-quoted with no
// escapes; label names are [A-Za-z0-9_./-]+; leading `!`s collapse.
ParsedSelector parseSelector(std::string_view text);

// The form Calico prints for a selector: `a == "b"`, `(a && b)`, `!has(c)`,
// `k in {"x", "y"}`. Two selectors with the same canonical form are the same.
std::string canonicalForm(const SelectorNode& node);

// Whether the selector selects an endpoint with exactly these labels.
bool matches(const SelectorNode& node, const Labels& labels);

// Same, when the values of `unknown` labels are not statically known (their
// presence is): Unknown when the answer depends on them.
Tri matches(const SelectorNode& node, const Labels& labels, const std::set<std::string, std::less<>>& unknown);

// True when the selector is all() (or an equivalent spelling such as `!!all()`).
bool isAll(const SelectorNode& node);
// True when the tree contains global() anywhere.
bool containsGlobal(const SelectorNode& node);

// Satisfiability: False only when no label set can match (a contradiction
// such as `a == "x" && a == "y"`); True only when a label set that matches
// was found and checked; Unknown when the reasoning gave up (bounded work).
struct Satisfiability {
  Tri satisfiable = Tri::Unknown;
  std::optional<Labels> witness;  // a label set that matches, when True
};
Satisfiability satisfiability(const SelectorNode& node);

// Does every label set matched by `narrow` also match `broad`? True/False
// when proven, Unknown otherwise.
Tri implies(const SelectorNode& narrow, const SelectorNode& broad);

// Can one label set match both? True (with a witness) or False when proven.
Satisfiability overlap(const SelectorNode& a, const SelectorNode& b);

// Helpers for building selectors programmatically (and in tests).
SelectorNode selectAll();
SelectorNode conjunction(std::vector<SelectorNode> children);
SelectorNode negation(SelectorNode child);

}  // namespace palisade::calico
