// CAL011: an ingress Allow rule open to any source (no source criteria, or
// 0.0.0.0/0 or ::/0) on ports that are not public ones.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/host_endpoints.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade {

namespace {

using namespace calico;

std::vector<PortSpec> publicPorts(const Value& params) {
  std::vector<PortSpec> out;
  const Value* list = params.isObject() ? params.find("public-ports") : nullptr;
  if (!list || !list->isArray()) {
    for (const char* p : {"80", "443", "http", "https"}) out.push_back(*parsePortText(p).port);
    return out;
  }
  for (const Value& item : list->items()) {
    if (auto parsed = parsePort(item); parsed.port) out.push_back(*parsed.port);
  }
  return out;
}

const Value* everythingNet(const EntityRuleView& e) {
  if (!e.nets || !e.nets->isArray()) return nullptr;
  for (const Value& n : e.nets->items())
    if (n.isString() && (n.asString() == "0.0.0.0/0" || n.asString() == "::/0")) return &n;
  return nullptr;
}

// notNets 0.0.0.0/0 or ::/0: the rule matches nothing (CAL015 says so).
bool excludesEverything(const EntityRuleView& e) {
  if (!e.not_nets || !e.not_nets->isArray()) return false;
  for (const Value& n : e.not_nets->items())
    if (n.isString() && (n.asString() == "0.0.0.0/0" || n.asString() == "::/0")) return true;
  return false;
}

}  // namespace

void checkCalicoIngressFromAnywhere(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || policy->staged || !policy->governsIngress()) return;
  const std::vector<PortSpec> allowed = publicPorts(context.params());
  const bool host_policy = factsOf(context).isHostPolicy(*policy);
  for (const RuleView& rule : policy->ingress) {
    if (rule.actionName() != "Allow" || !rule.source.anyPeer() || excludesEverything(rule.source)) continue;
    std::optional<Protocol> protocol;
    if (!absent(rule.protocol)) {
      const ParsedProtocol parsed = parseProtocol(*rule.protocol);
      if (!parsed.protocol || parsed.protocol->isIcmp()) continue;
      protocol = parsed.protocol;
    }
    std::string what;
    if (rule.destination.hasPorts()) {
      if (!rule.destination.ports->isArray()) continue;
      std::vector<std::string> exposed;
      bool only_failsafe = true;
      for (const Value& item : rule.destination.ports->items()) {
        const ParsedPort parsed = parsePort(item);
        if (!parsed.port) continue;
        bool is_public = false;
        for (const PortSpec& p : allowed) is_public = is_public || p.covers(*parsed.port);
        if (is_public) continue;
        exposed.push_back(parsed.port->toString());
        const bool failsafe = parsed.port->kind == PortSpec::Kind::Number &&
                              failsafeInbound(protocol ? protocol->number : 6, parsed.port->min) != nullptr;
        only_failsafe = only_failsafe && failsafe;
      }
      if (exposed.empty()) continue;
      if (host_policy && only_failsafe) continue;  // CAL014 reports failsafe ports opened to the world
      what = fmt::format("port{} {}", exposed.size() > 1 ? "s" : "", fmt::join(exposed, ", "));
    } else {
      what = "every port";
    }
    const Value* net = everythingNet(rule.source);
    const std::string target = absent(policy->selector) ? std::string("every endpoint it selects")
                               : policy->selector->isString()
                                   ? fmt::format("the endpoints selected by `{}`", policy->selector->asString())
                                   : std::string("the endpoints it selects");
    context.report(resource, net ? net->span() : rule.anchor(),
                   fmt::format("{} allows traffic from anywhere ({}) to {}{} of {}; restrict the source (nets, "
                               "selector) or the ports",
                               rule.describe(), net ? net->asString() : std::string("no source criteria"), what,
                               protocol ? "/" + protocol->display() : std::string(), target),
                   rule.path);
  }
}

}  // namespace palisade
