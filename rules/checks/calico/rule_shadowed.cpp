// CAL016: a rule that can never take effect because an earlier rule of the
// same policy and direction matches everything it matches and ends
// evaluation (Allow, Deny or Pass).
#include <fmt/format.h>

#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

// A rule with a contradictory selector is "covered" by anything; CAL015 reports it instead.
bool canMatch(const RuleView& rule, const ProjectFacts& facts) {
  for (const EntityRuleView* e : {&rule.source, &rule.destination}) {
    for (const Value* selector : {e->selector, e->namespace_selector}) {
      const SelectorField& field = facts.selector(selector);
      if (field.node() && satisfiability(*field.node()).satisfiable == Tri::False) return false;
    }
  }
  return true;
}

}  // namespace

void checkCalicoRuleShadowed(const Resource& resource, CheckContext& context) {
  const ProjectFacts& facts = factsOf(context);
  const PolicyView* policy = facts.policyOf(resource);
  if (!policy) return;
  for (const std::vector<RuleView>* rules : {&policy->ingress, &policy->egress}) {
    for (std::size_t later = 1; later < rules->size(); ++later) {
      const RuleView& narrow = (*rules)[later];
      if (!narrow.node->isObject() || !canMatch(narrow, facts)) continue;
      for (std::size_t earlier = 0; earlier < later; ++earlier) {
        const RuleView& broad = (*rules)[earlier];
        if (!broad.isTerminal() || !ruleCovers(broad, narrow, facts)) continue;
        const bool same = broad.actionName() == narrow.actionName();
        context.report(resource, narrow.anchor(),
                       fmt::format("{} never takes effect: {} matches everything it matches and comes first{}",
                                   narrow.describe(), broad.describe(), same ? " (the rule is redundant)" : ""),
                       narrow.path);
        if (!same) context.addHelp("reorder the rules or narrow the earlier one");
        break;
      }
    }
  }
}

}  // namespace palisade::calico
