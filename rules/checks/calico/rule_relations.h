// Relations between two rules of Calico policies, decided conservatively:
// whether one rule matches every packet another matches (shadowing, Log
// followed by a terminal rule) and whether two rules can match the same
// packet (conflicting policies). "Proven" answers only; anything the
// reasoning cannot decide is reported as not proven.
#pragma once

#include "core/tri.h"
#include "parsers/calico/calico_model.h"
#include "rules/checks/calico/calico_facts.h"

namespace palisade::calico {

// True only when every packet `narrow` matches is proven to match `broad`
// (both rules from the same policy and direction, so with the same scope).
bool ruleCovers(const RuleView& broad, const RuleView& narrow, const ProjectFacts& facts);

// True when some packet is proven to match both rules, False when proven
// disjoint, Unknown otherwise. The rules may come from two policies of the
// same scope.
Tri rulesOverlap(const RuleView& a, const RuleView& b, const ProjectFacts& facts);

// True when the value is absent, null or an empty list/string.
bool absent(const Value* value);

}  // namespace palisade::calico
