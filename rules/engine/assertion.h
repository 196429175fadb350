// Assertion: the rule language's declarative test, parsed from a rule file
// and evaluated in three-valued logic against a Value. See docs/rule-language.md.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <re2/re2.h>

#include "core/diagnostic.h"
#include "core/tri.h"
#include "core/value.h"
#include "rules/engine/path.h"

namespace palisade {

struct Assertion {
  enum class Op {
    All, Any, Not, Each,                      // combinators
    Exists, Equals, NotEquals, In, NotIn,     // value tests
    Matches, NotMatches, Greater, GreaterOrEqual, Less, LessOrEqual,
    Contains, Empty, IsType,
  };
  Op op = Op::All;
  Path path;                          // value tests and `each`
  std::vector<Assertion> children;    // all/any: the list; not: one; each: [assert] or [assert, where]
  Value operand;                      // equals/in/contains/compare/type
  std::shared_ptr<const RE2> regex;   // matches
  bool flag = true;                   // exists/empty: expected truth
  bool ignore_case = false;           // equals/in/contains on strings
};

// Where an assertion's answer comes from: the node that failed (or, for a
// True answer, that satisfied it) and its property path.
struct Blame {
  const Value* node = nullptr;     // the offending value, or the nearest existing ancestor
  bool missing = false;            // the path was absent at `node`
  std::string trail;               // property path, for messages and fingerprints
  const Value* element = nullptr;  // the `each` element this came from, if any
};

struct Verdict {
  Tri value = Tri::True;
  std::vector<Blame> blames;
};

struct AssertionScope {
  const Value& root;       // the resource body (`$.`)
  const Value& current;    // what relative paths start from
  std::string trail;       // property path of `current`
  const Value* element = nullptr;
};

Verdict evaluate(const Assertion& assertion, const AssertionScope& scope);

// Parses an assertion from a rule file's YAML value. Errors are appended with
// their location in the rule file; the result is then nullopt.
std::optional<Assertion> parseAssertion(const Value& node, std::vector<Diagnostic>& errors);

}  // namespace palisade
