// CAL015: selectors and rules that can never match — contradictory
// selectors, a selector its own notSelector excludes, nets inside notNets,
// ports inside notPorts, protocol equal to notProtocol, and a rule peer that
// contradicts the policy's own selector.
#include <fmt/format.h>

#include "parsers/calico/cidr.h"
#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

bool unsatisfiable(const SelectorField& field) {
  return field.node() && satisfiability(*field.node()).satisfiable == Tri::False;
}

// Reports a selector that can never select anything; true when reported.
bool reportContradiction(const Resource& resource, CheckContext& context, const Value* value, const std::string& path,
                         std::string_view consequence) {
  const SelectorField& field = factsOf(context).selector(value);
  if (!unsatisfiable(field)) return false;
  context.report(resource, value->span(),
                 fmt::format("selector `{}` contradicts itself, no set of labels satisfies it: {}", value->asString(),
                             consequence),
                 path);
  return true;
}

void checkNetsInsideNotNets(const Resource& resource, CheckContext& context, const EntityRuleView& e,
                            const RuleView& rule, const std::string& path) {
  if (absent(e.nets) || absent(e.not_nets) || !e.nets->isArray() || !e.not_nets->isArray()) return;
  std::vector<Cidr> excluded;
  for (const Value& n : e.not_nets->items()) {
    if (!n.isString()) return;
    const ParsedCidr parsed = parseCidr(n.asString());
    if (!parsed.cidr) return;
    excluded.push_back(parsed.cidr->network());
  }
  for (const Value& n : e.nets->items()) {
    if (!n.isString()) return;
    const ParsedCidr parsed = parseCidr(n.asString());
    if (!parsed.cidr) return;
    bool inside = false;
    for (const Cidr& x : excluded) inside = inside || x.contains(parsed.cidr->network());
    if (!inside) return;
  }
  context.report(resource, keySpan(e.node, "notNets"),
                 fmt::format("{} can never match: every network in nets is inside notNets", rule.describe()),
                 path + ".notNets");
}

// notNets holding 0.0.0.0/0 or ::/0 excludes every address of that version,
// and a rule matches one IP version only (Calico refuses mixed rules).
bool checkCatchAllNotNets(const Resource& resource, CheckContext& context, const EntityRuleView& e,
                          const RuleView& rule, const std::string& path) {
  if (absent(e.not_nets) || !e.not_nets->isArray()) return false;
  for (const Value& n : e.not_nets->items()) {
    if (!n.isString()) continue;
    const ParsedCidr parsed = parseCidr(n.asString());
    if (!parsed.cidr || !parsed.cidr->isEverything()) continue;
    context.report(resource, n.span(),
                   fmt::format("{} can never match: notNets {} excludes every IPv{} address, and a rule with IPv{} "
                               "networks matches only IPv{} traffic",
                               rule.describe(), n.asString(), parsed.cidr->version, parsed.cidr->version,
                               parsed.cidr->version),
                   path + ".notNets");
    context.addHelp("remove the rule, or write nets for what it should match");
    return true;
  }
  return false;
}

void checkPortsInsideNotPorts(const Resource& resource, CheckContext& context, const EntityRuleView& e,
                              const RuleView& rule, const std::string& path) {
  if (absent(e.ports) || absent(e.not_ports) || !e.ports->isArray() || !e.not_ports->isArray()) return;
  std::vector<PortSpec> excluded;
  for (const Value& p : e.not_ports->items()) {
    const ParsedPort parsed = parsePort(p);
    if (!parsed.port) return;
    excluded.push_back(*parsed.port);
  }
  for (const Value& p : e.ports->items()) {
    const ParsedPort parsed = parsePort(p);
    if (!parsed.port || parsed.port->kind == PortSpec::Kind::Named) return;
    bool inside = false;
    for (const PortSpec& x : excluded) inside = inside || x.covers(*parsed.port);
    if (!inside) return;
  }
  context.report(resource, keySpan(e.node, "notPorts"),
                 fmt::format("{} can never match: every port in ports is inside notPorts", rule.describe()),
                 path + ".notPorts");
}

}  // namespace

void checkCalicoRuleNeverMatches(const Resource& resource, CheckContext& context) {
  const ProjectFacts& facts = factsOf(context);
  const PolicyView* policy = facts.policyOf(resource);
  if (!policy || !policy->spec) return;
  const bool policy_never =
      reportContradiction(resource, context, policy->selector, "spec.selector",
                          "the policy applies to no endpoint") ||
      reportContradiction(resource, context, policy->namespace_selector, "spec.namespaceSelector",
                          "the policy applies to no namespace");
  const SelectorField& policy_selector = facts.selector(policy->selector);

  forEachRule(*policy, [&](const RuleView& rule) {
    bool reported = false;
    forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) {
      if (reportContradiction(resource, context, e.selector, path + ".selector", "the rule never matches") ||
          reportContradiction(resource, context, e.namespace_selector, path + ".namespaceSelector",
                              "the rule never matches")) {
        reported = true;
        return;
      }
      const SelectorField& selector = facts.selector(e.selector);
      const SelectorField& excluded = facts.selector(e.not_selector);
      if (selector.node() && excluded.node() && implies(*selector.node(), *excluded.node()) == Tri::True) {
        context.report(resource, e.not_selector->span(),
                       fmt::format("{} can never match: notSelector `{}` excludes every endpoint selector `{}` "
                                   "selects",
                                   rule.describe(), e.not_selector->asString(), e.selector->asString()),
                       path + ".notSelector");
        reported = true;
        return;
      }
      if (!checkCatchAllNotNets(resource, context, e, rule, path)) checkNetsInsideNotNets(resource, context, e, rule, path);
      checkPortsInsideNotPorts(resource, context, e, rule, path);
    });
    if (!absent(rule.protocol) && !absent(rule.not_protocol)) {
      const ParsedProtocol p = parseProtocol(*rule.protocol);
      const ParsedProtocol n = parseProtocol(*rule.not_protocol);
      if (p.protocol && n.protocol && p.protocol->number == n.protocol->number) {
        context.report(resource, rule.not_protocol->span(),
                       fmt::format("{} can never match: protocol and notProtocol are both {}", rule.describe(),
                                   p.protocol->display()),
                       rule.path + ".notProtocol");
      }
    }
    // The policy's own endpoints are the destination of ingress rules and the source of egress rules.
    const EntityRuleView& own = rule.ingress ? rule.destination : rule.source;
    if (reported || policy_never || !policy_selector.node() || !absent(own.namespace_selector)) return;
    const SelectorField& own_selector = facts.selector(own.selector);
    if (!own_selector.node()) return;
    if (overlap(*own_selector.node(), *policy_selector.node()).satisfiable == Tri::False) {
      context.report(resource, own.selector->span(),
                     fmt::format("{} can never match: its {} selector `{}` excludes every endpoint the policy "
                                 "applies to (`{}`)",
                                 rule.describe(), rule.ingress ? "destination" : "source", own.selector->asString(),
                                 policy->selector->asString()),
                     rule.path + (rule.ingress ? ".destination.selector" : ".source.selector"));
    }
  });
}

}  // namespace palisade::calico
