// Kubernetes label selectors (`matchLabels`, `matchExpressions` with In,
// NotIn, Exists, DoesNotExist) matched against an object's labels, in
// three-valued logic: a selector or label the scan cannot know is Unknown.
#pragma once

#include <string_view>

#include "core/tri.h"
#include "core/value.h"

namespace palisade::kubernetes {

namespace detail {

inline Tri expressionMatches(const Value& expression, const Value* labels) {
  const Value* key = expression.find("key");
  const Value* op = expression.find("operator");
  if (!key || !key->isString() || !op || !op->isString()) return Tri::Unknown;
  const Value* label = labels && labels->isObject() ? labels->find(key->asString()) : nullptr;
  if (labels && labels->isUnknown()) return Tri::Unknown;
  if (label && label->isUnknown()) return Tri::Unknown;
  bool present = label && !label->isNull();
  std::string_view oper = op->asString();
  if (oper == "Exists") return triOf(present);
  if (oper == "DoesNotExist") return triOf(!present);
  const Value* values = expression.find("values");
  if (!values || !values->isArray()) return Tri::Unknown;
  bool in = false;
  for (const Value& v : values->items()) {
    if (v.isUnknown()) return Tri::Unknown;
    if (present && v.isScalar() && label->toDisplayString() == v.toDisplayString()) in = true;
  }
  if (oper == "In") return triOf(in);
  if (oper == "NotIn") return triOf(!in);
  return Tri::Unknown;
}

}  // namespace detail

// Whether `selector` (a LabelSelector object) selects an object with
// `labels` (its metadata.labels, or nullptr when it has none). An empty
// selector selects everything; a selector that is not an object is Unknown.
inline Tri labelSelectorMatches(const Value& selector, const Value* labels) {
  if (!selector.isObject()) return Tri::Unknown;
  Tri result = Tri::True;
  auto combine = [&](Tri t) {
    if (t == Tri::False) result = Tri::False;
    if (t == Tri::Unknown && result == Tri::True) result = Tri::Unknown;
  };
  if (const Value* match_labels = selector.find("matchLabels"); match_labels && !match_labels->isNull()) {
    if (!match_labels->isObject()) return Tri::Unknown;
    for (const Member& m : match_labels->members()) {
      if (labels && labels->isUnknown()) return Tri::Unknown;
      const Value* label = labels && labels->isObject() ? labels->find(m.key) : nullptr;
      if (!label || label->isNull()) {
        combine(m.value.isUnknown() ? Tri::Unknown : Tri::False);
      } else if (label->isUnknown() || m.value.isUnknown()) {
        combine(Tri::Unknown);
      } else {
        combine(triOf(label->toDisplayString() == m.value.toDisplayString()));
      }
    }
  }
  if (const Value* expressions = selector.find("matchExpressions"); expressions && !expressions->isNull()) {
    if (!expressions->isArray()) return Tri::Unknown;
    for (const Value& e : expressions->items()) combine(e.isObject() ? detail::expressionMatches(e, labels) : Tri::Unknown);
  }
  return result;
}

}  // namespace palisade::kubernetes
