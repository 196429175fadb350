// CAL018: a Log rule that no later terminal rule of the same policy and
// direction decides: the logged packets fall through to the next policy (or
// the end of the tier), so the log does not say what happened to them.
#include <fmt/format.h>

#include <algorithm>

#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

void checkCalicoLogWithoutTerminal(const Resource& resource, CheckContext& context) {
  const ProjectFacts& facts = factsOf(context);
  const PolicyView* policy = facts.policyOf(resource);
  if (!policy) return;
  for (const std::vector<RuleView>* rules : {&policy->ingress, &policy->egress}) {
    // A direction with only Log rules is a deliberate logging policy: later policies decide.
    if (std::none_of(rules->begin(), rules->end(), [](const RuleView& r) { return r.isTerminal(); })) continue;
    for (std::size_t i = 0; i < rules->size(); ++i) {
      const RuleView& log = (*rules)[i];
      if (log.actionName() != "Log") continue;
      bool shadowed = false;  // CAL016 reports a Log rule an earlier terminal rule covers
      for (std::size_t k = 0; k < i && !shadowed; ++k) {
        shadowed = (*rules)[k].isTerminal() && ruleCovers((*rules)[k], log, facts);
      }
      if (shadowed) continue;
      bool decided = false;
      for (std::size_t k = i + 1; k < rules->size() && !decided; ++k) {
        decided = (*rules)[k].isTerminal() && ruleCovers((*rules)[k], log, facts);
      }
      if (decided) continue;
      context.report(resource, log.anchor(),
                     fmt::format("{} is not followed by an Allow, Deny or Pass rule matching the same traffic: the "
                                 "logged packets are decided by later policies or dropped at the end of the tier",
                                 log.describe()),
                     log.path);
      context.addHelp("add the terminal rule right after it");
    }
  }
}

}  // namespace palisade::calico
