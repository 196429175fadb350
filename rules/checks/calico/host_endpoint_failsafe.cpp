// CAL014: host endpoints and Felix's failsafe ports. Two ways to get them
// wrong: disable the inbound failsafe ports (FelixConfiguration) while no
// policy lets SSH or the API server in, which cuts the host off; or open a
// failsafe port (SSH, etcd, BGP, the API server) to every source, in a host
// policy or in the failsafe list itself.
#include <fmt/format.h>

#include "parsers/calico/cidr.h"
#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/host_endpoints.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

// Whether an ingress Allow rule can admit TCP to `port` (a rule with a
// source restriction still counts: it lets the administrators in).
bool admitsTcp(const RuleView& rule, uint32_t port) {
  if (rule.actionName() != "Allow") return false;
  if (!absent(rule.protocol)) {
    const ParsedProtocol p = parseProtocol(*rule.protocol);
    if (!p.protocol || p.protocol->number != 6) return false;
  }
  if (!rule.destination.hasPorts()) return true;
  if (!rule.destination.ports->isArray()) return false;
  for (const Value& item : rule.destination.ports->items()) {
    const ParsedPort parsed = parsePort(item);
    if (parsed.port && (parsed.port->contains(port) || parsed.port->kind == PortSpec::Kind::Named)) return true;
  }
  return false;
}

void reportCutOff(CheckContext& context, const std::vector<const PolicyView*>& policies, const ProjectFacts& facts) {
  const Resource* disabling = nullptr;
  const Value* disabling_value = nullptr;
  for (const Resource* felix : context.project().ofKind("FelixConfiguration")) {
    const Value* spec = felix->body.find("spec");
    const Value* inbound = spec ? spec->find("failsafeInboundHostPorts") : nullptr;
    if (inbound && ((inbound->isArray() && inbound->items().empty()) ||
                    (inbound->isString() && inbound->asString() == "none"))) {
      disabling = felix;
      disabling_value = inbound;
    }
  }
  if (!disabling) return;
  for (const HostEndpointInfo& h : facts.hostEndpoints()) {
    bool unknown = false;
    bool any_policy = false;
    bool admits = false;
    for (const PolicyView* policy : policies) {
      const PolicyView& p = *policy;
      const Tri selects = selectsHostEndpoint(p, facts.selector(p.selector), h);
      if (selects == Tri::Unknown) unknown = true;
      if (selects != Tri::True || !p.governsIngress()) continue;
      any_policy = true;
      for (const RuleView& r : p.ingress) admits = admits || admitsTcp(r, 22) || admitsTcp(r, 6443);
    }
    if (unknown || admits) continue;
    const Value* name = metadataField(*h.resource, "name");
    context.report(*h.resource, name ? name->span() : h.resource->declaration,
                   fmt::format("host endpoint '{}' can be cut off: FelixConfiguration '{}' disables the inbound "
                               "failsafe ports and {}",
                               h.resource->name, disabling->name,
                               any_policy ? "no policy selecting it allows SSH (22/TCP) or 6443/TCP"
                                          : "no policy selects it, so all its traffic is denied"),
                   "failsafe", {locate(disabling_value->span(), "failsafe ports disabled here")});
    context.addHelp("allow SSH (22/TCP) or the API server (6443/TCP) from your management network before disabling them");
  }
}

void reportOpenPolicyPorts(CheckContext& context, const std::vector<const PolicyView*>& policies,
                           const ProjectFacts& facts) {
  for (const PolicyView* policy : policies) {
    const PolicyView& p = *policy;
    if (!facts.isHostPolicy(p)) continue;
    for (const RuleView& rule : p.ingress) {
      if (rule.actionName() != "Allow" || !rule.source.anyPeer() || !rule.destination.hasPorts() ||
          !rule.destination.ports->isArray()) {
        continue;
      }
      int protocol = 6;
      if (!absent(rule.protocol)) {
        const ParsedProtocol parsed = parseProtocol(*rule.protocol);
        if (!parsed.protocol) continue;
        protocol = parsed.protocol->number;
      }
      std::size_t i = 0;
      for (const Value& item : rule.destination.ports->items()) {
        const std::string path = fmt::format("{}.destination.ports[{}]", rule.path, i++);
        const ParsedPort parsed = parsePort(item);
        if (!parsed.port || parsed.port->kind == PortSpec::Kind::Named) continue;
        for (uint32_t port = parsed.port->min; port <= parsed.port->max; ++port) {
          const FailsafePort* f = failsafeInbound(protocol, port);
          if (!f || f->port == 68) continue;  // DHCP answers come from anywhere
          context.report(*p.resource, item.span(),
                         fmt::format("{} opens {}/{} ({}, a failsafe port) on host endpoints to every source",
                                     rule.describe(), port, protocol == 6 ? "TCP" : "UDP", f->purpose),
                         path);
          context.addHelp("restrict the source to the networks that administer the hosts");
          break;
        }
      }
    }
  }
}

void reportOpenFailsafeList(CheckContext& context) {
  for (const Resource* felix : context.project().ofKind("FelixConfiguration")) {
    const Value* spec = felix->body.find("spec");
    const Value* inbound = spec ? spec->find("failsafeInboundHostPorts") : nullptr;
    if (!inbound || !inbound->isArray()) continue;
    std::size_t i = 0;
    for (const Value& entry : inbound->items()) {
      const std::string path = fmt::format("spec.failsafeInboundHostPorts[{}]", i++);
      if (!entry.isObject()) continue;
      const Value* port = entry.find("port");
      const Value* protocol = entry.find("protocol");
      const Value* net = entry.find("net");
      if (!port || !port->isInt()) continue;
      const bool udp = protocol && protocol->isString() && (protocol->asString() == "UDP" || protocol->asString() == "udp");
      const FailsafePort* f = failsafeInbound(udp ? 17 : 6, static_cast<uint32_t>(port->asInt()));
      if (!f || f->port == 68) continue;
      bool everywhere = absent(net);
      if (!everywhere && net->isString()) {
        const ParsedCidr parsed = parseCidr(net->asString());
        everywhere = parsed.cidr && parsed.cidr->isEverything();
      }
      if (!everywhere) continue;
      // The advice follows what is written: a `net:` that is there but says
      // "everywhere" is narrowed, not added.
      const std::string advice = absent(net) ? std::string("add `net:` with the management network")
                                             : fmt::format("narrow `net: {}` to the management network", net->asString());
      context.report(*felix, absent(net) ? port->span() : net->span(),
                     fmt::format("failsafe port {}/{} ({}) is open to every source on every host endpoint, whatever "
                                 "the policies say",
                                 port->asInt(), udp ? "UDP" : "TCP", f->purpose),
                     path);
      context.addHelp(advice);
    }
  }
}

}  // namespace

void checkCalicoHostEndpointFailsafe(CheckContext& context) {
  const ProjectFacts& facts = factsOf(context);
  std::vector<const PolicyView*> policies;
  for (const PolicyView* p : facts.policies()) {
    if (p->resource->format == Format::Calico && p->global && !p->staged && p->spec) policies.push_back(p);
  }
  reportCutOff(context, policies, facts);
  reportOpenPolicyPorts(context, policies, facts);
  reportOpenFailsafeList(context);
}

}  // namespace palisade::calico
