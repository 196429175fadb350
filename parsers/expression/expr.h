// Expr: the expression tree shared by Bicep and ARM template expressions.
// Bicep syntax trees and ARM `[...]` strings are both lowered into it, so one
// evaluator and one function library serve both formats.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/span.h"
#include "core/value.h"

namespace palisade {

struct Expr {
  enum class Kind : uint8_t {
    Literal,      // `literal`
    Identifier,   // `name`
    Interpolated, // `parts[0]` children[0] `parts[1]` children[1] ... parts.back()
    Array,        // children; `spread[i]` marks `...item`
    Object,       // keys[i]: children[i]; `spread[i]` marks `...value`; `key_exprs[i]` a computed key
    Member,       // children[0].name; `safe` for `.?`; `nested_resource` for `::`
    Index,        // children[0][children[1]]; `safe` for `[?`
    Call,         // name(children...); `method` when children[0] is the object of `obj.name(...)`
    Unary,        // name children[0]
    Binary,       // children[0] name children[1]
    Ternary,      // children[0] ? children[1] : children[2]
    Lambda,       // (keys...) => children[0]
    For,          // [for name, index_name in children[0]: children[1]] ; children[2] the `if` condition
    Unsupported,  // syntax that could not be read: evaluates to Unknown(`name`)
  };

  Kind kind = Kind::Literal;
  Span span;
  Value literal;
  std::string name;
  std::string index_name;
  std::vector<std::string> keys;
  std::vector<Span> key_spans;
  // Object: empty when every key is written out; else one per key, the key's expression
  // (`'${uai.id}': {}` in Bicep, `"[parameters('id')]": {}` in ARM), a string literal for a written one.
  std::vector<Expr> key_exprs;
  std::vector<std::string> parts;
  std::vector<bool> spread;
  std::vector<Expr> children;
  bool safe = false;
  bool method = false;
  bool nested_resource = false;
  bool has_condition = false;
  bool parenthesized = false;  // written in parentheses: `(a ? b : c).d` applies `.d` to the whole

  static Expr makeLiteral(Value v, Span span) {
    Expr e;
    e.kind = Kind::Literal;
    e.span = span;
    e.literal = std::move(v);
    e.literal.setSpan(span);
    return e;
  }
  static Expr makeUnsupported(std::string reason, Span span) {
    Expr e;
    e.kind = Kind::Unsupported;
    e.span = span;
    e.name = std::move(reason);
    return e;
  }
};

}  // namespace palisade
