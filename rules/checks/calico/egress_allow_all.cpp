// CAL012: an egress Allow rule to any destination on any port.
#include <fmt/format.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade {

using namespace calico;

void checkCalicoEgressAllowAll(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || policy->staged || !policy->governsEgress()) return;
  for (const RuleView& rule : policy->egress) {
    if (rule.actionName() != "Allow" || !rule.destination.anyPeer() || rule.destination.hasPorts()) continue;
    if (!absent(rule.protocol)) {
      const ParsedProtocol parsed = parseProtocol(*rule.protocol);
      if (!parsed.protocol || parsed.protocol->isIcmp()) continue;
    }
    if (!absent(rule.http)) continue;
    context.report(resource, rule.anchor(),
                   fmt::format("{} allows {}egress to any destination on any port: a compromised workload can reach "
                               "anything, including the internet; list the destinations (selector, nets, ports) it "
                               "needs",
                               rule.describe(),
                               absent(rule.protocol) ? std::string() : rule.protocol->toDisplayString() + " "),
                   rule.path);
  }
}

}  // namespace palisade
