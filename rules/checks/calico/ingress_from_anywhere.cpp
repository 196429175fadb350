// CAL011: an ingress Allow rule open to any source (no source criteria,
// 0.0.0.0/0 or ::/0, or a selector that picks a network set holding such a
// range) on ports that are not public ones. The finding names the ports;
// its severity is the rule's for every port or an administrative/data port,
// a step lower for other ports. A rule whose destination is only loopback
// addresses exposes nothing.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/host_endpoints.h"
#include "parsers/calico/cidr.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

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

// Every destination network is a loopback address (127.0.0.0/8, ::1).
bool onlyLoopback(const EntityRuleView& e) {
  if (absent(e.nets) || !e.nets->isArray()) return false;
  for (const Value& n : e.nets->items()) {
    if (!n.isString()) return false;
    const ParsedCidr parsed = parseCidr(n.asString());
    if (!parsed.cidr) return false;
    const Cidr net = parsed.cidr->network();
    const ParsedCidr loopback = parseCidr(net.version == 4 ? "127.0.0.0/8" : "::1/128");
    if (!loopback.cidr->contains(net)) return false;
  }
  return true;
}

// Ports whose exposure to the world is as bad as exposing everything:
// remote administration, databases, caches, cluster control planes.
bool isSensitivePort(uint32_t port) {
  static constexpr uint32_t kSensitive[] = {22,   23,    135,   139,   445,   1433,  2375,  2376,  2379,
                                            2380, 3306,  3389,  5432,  5900,  5984,  6379,  6443,  9200,
                                            9300, 10250, 10255, 11211, 27017, 27018, 50000};
  for (uint32_t p : kSensitive)
    if (p == port) return true;
  return false;
}

Severity oneStepLower(Severity s) { return s == Severity::Info ? s : static_cast<Severity>(static_cast<int>(s) - 1); }

}  // namespace

void checkCalicoIngressFromAnywhere(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || policy->staged || !policy->governsIngress()) return;
  const std::vector<PortSpec> allowed = publicPorts(context.params());
  const bool host_policy = factsOf(context).isHostPolicy(*policy);
  for (const RuleView& rule : policy->ingress) {
    if (rule.actionName() != "Allow" || excludesEverything(rule.source) || onlyLoopback(rule.destination)) continue;
    const NetworkSetInfo* set = nullptr;
    const Value* set_entry = rule.source.anyPeer() ? nullptr : factsOf(context).broadSetEntrySelected(*policy, rule.source, &set);
    if (!rule.source.anyPeer() && !set_entry) continue;
    std::optional<Protocol> protocol;
    if (!absent(rule.protocol)) {
      const ParsedProtocol parsed = parseProtocol(*rule.protocol);
      if (!parsed.protocol || parsed.protocol->isIcmp()) continue;
      protocol = parsed.protocol;
    }
    std::string what;
    bool sensitive = true;  // every port is as bad as it gets
    if (rule.destination.hasPorts()) {
      if (!rule.destination.ports->isArray()) continue;
      std::vector<std::string> exposed;
      bool only_failsafe = true;
      sensitive = false;
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
        if (parsed.port->kind == PortSpec::Kind::Range) {
          sensitive = sensitive || parsed.port->max - parsed.port->min >= 1000;
          for (uint32_t p = parsed.port->min; p <= parsed.port->max && !sensitive; ++p) sensitive = isSensitivePort(p);
        } else if (parsed.port->kind == PortSpec::Kind::Number) {
          sensitive = sensitive || isSensitivePort(parsed.port->min);
        }
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
    std::string source;
    std::vector<Location> related;
    if (set_entry) {
      source = fmt::format("its source selector picks {} '{}', which holds {}", set->resource->kind,
                           set->resource->name, set_entry->asString());
      related.push_back(locate(set_entry->span(), fmt::format("the broad entry of {} '{}'", set->resource->kind,
                                                              set->resource->name)));
    } else {
      source = net ? net->asString() : std::string("no source criteria");
    }
    const std::string message =
        fmt::format("{} allows traffic from anywhere ({}) to {}{} of {}", rule.describe(), source, what,
                    protocol ? "/" + protocol->display() : std::string(), target);
    const Span at = set_entry ? rule.source.selector->span() : net ? net->span() : rule.anchor();
    const Severity severity = sensitive ? context.rule().severity : oneStepLower(context.rule().severity);
    context.reportWithSeverity(severity, resource, at, message, rule.path, std::move(related));
    context.addHelp("restrict the source (nets, selector) or the ports");
  }
}

}  // namespace palisade::calico
