// Small helpers the Calico checks share: walking a policy's rules and
// entity rules, and locating a finding at a key or a list item.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/span.h"
#include "core/value.h"
#include "parsers/calico/calico_model.h"

namespace palisade::calico {

// Every rule of a policy, ingress first, in order.
inline void forEachRule(const PolicyView& policy, const std::function<void(const RuleView&)>& visit) {
  for (const RuleView& r : policy.ingress) visit(r);
  for (const RuleView& r : policy.egress) visit(r);
}

// Both entity rules of a rule with their property paths ("spec.ingress[0].source").
inline void forEachEntity(const RuleView& rule,
                          const std::function<void(const EntityRuleView&, const std::string&)>& visit) {
  visit(rule.source, rule.path + ".source");
  visit(rule.destination, rule.path + ".destination");
}

// The span of `key` in an object (the key itself), or the object's span.
inline Span keySpan(const Value* object, std::string_view key) {
  if (!object) return {};
  if (const Member* m = object->findMember(key); m && m->key_span.valid()) return m->key_span;
  return object->span();
}

inline bool isTrueFlag(const Value* v) { return v && v->isBool() && v->asBool(); }

}  // namespace palisade::calico
