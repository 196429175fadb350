// CAL005: ports (or notPorts) on a rule whose protocol has no ports.
#include <fmt/format.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

void checkCalicoPortsWithoutProtocol(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    std::string problem;
    if (absent(rule.protocol)) {
      problem = "the rule sets no protocol";
    } else {
      const ParsedProtocol protocol = parseProtocol(*rule.protocol);
      if (!protocol.protocol) return;  // CAL009 reports the protocol itself
      if (protocol.protocol->supportsPorts()) return;
      problem = fmt::format("protocol {} has no ports", protocol.protocol->display());
    }
    forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) {
      for (const char* key : {"ports", "notPorts"}) {
        const Value* ports = e.node ? e.node->find(key) : nullptr;
        if (absent(ports)) continue;
        context.report(resource, keySpan(e.node, key),
                       fmt::format("{} in {} but {}: Calico refuses ports unless the protocol is TCP, UDP or SCTP", key,
                                   rule.describe(), problem),
                       path + "." + key);
        context.addHelp("add `protocol: TCP` (or UDP/SCTP)");
      }
    });
  });
}

}  // namespace palisade::calico
