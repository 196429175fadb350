// CAL012: an egress Allow rule to any destination on any port, or to a
// network set holding 0.0.0.0/0, ::/0 or a broad public range.
#include <fmt/format.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

void checkCalicoEgressAllowAll(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || policy->staged || !policy->governsEgress()) return;
  for (const RuleView& rule : policy->egress) {
    if (rule.actionName() != "Allow" || rule.destination.hasPorts()) continue;
    const NetworkSetInfo* set = nullptr;
    const Value* set_entry =
        rule.destination.anyPeer() ? nullptr : factsOf(context).broadSetEntrySelected(*policy, rule.destination, &set);
    if (!rule.destination.anyPeer() && !set_entry) continue;
    if (!absent(rule.protocol)) {
      const ParsedProtocol parsed = parseProtocol(*rule.protocol);
      if (!parsed.protocol || parsed.protocol->isIcmp()) continue;
    }
    if (!absent(rule.http)) continue;
    if (set_entry) {
      context.report(resource, rule.destination.selector->span(),
                     fmt::format("{} allows {}egress on any port to {} '{}', which holds {}: that is the internet, "
                                 "not a list of destinations",
                                 rule.describe(),
                                 absent(rule.protocol) ? std::string() : rule.protocol->toDisplayString() + " ",
                                 set->resource->kind, set->resource->name, set_entry->asString()),
                     rule.path,
                     {locate(set_entry->span(), fmt::format("the broad entry of {} '{}'", set->resource->kind,
                                                            set->resource->name))});
      context.addHelp("narrow the set or the rule's ports");
      continue;
    }
    context.report(resource, rule.anchor(),
                   fmt::format("{} allows {}egress to any destination on any port: a compromised workload can reach "
                               "anything, including the internet",
                               rule.describe(),
                               absent(rule.protocol) ? std::string() : rule.protocol->toDisplayString() + " "),
                   rule.path);
    context.addHelp("list the destinations (selector, nets, ports) it needs");
  }
}

}  // namespace palisade::calico
