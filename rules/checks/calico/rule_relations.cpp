#include "rules/checks/calico/rule_relations.h"

#include <vector>

#include "parsers/calico/cidr.h"
#include "parsers/calico/ports.h"

namespace palisade::calico {

namespace {

bool sameOrBothAbsent(const Value* a, const Value* b) {
  if (absent(a) || absent(b)) return absent(a) && absent(b);
  return a->sameContent(*b);
}

std::optional<std::vector<Cidr>> cidrsOf(const Value* list) {
  if (!list || !list->isArray()) return std::nullopt;
  std::vector<Cidr> out;
  for (const Value& item : list->items()) {
    if (!item.isString()) return std::nullopt;
    ParsedCidr parsed = parseCidr(item.asString());
    if (!parsed.cidr) return std::nullopt;
    out.push_back(parsed.cidr->network());
  }
  return out;
}

std::optional<std::vector<PortSpec>> portsOf(const Value* list) {
  if (!list || !list->isArray()) return std::nullopt;
  std::vector<PortSpec> out;
  for (const Value& item : list->items()) {
    ParsedPort parsed = parsePort(item);
    if (!parsed.port) return std::nullopt;
    out.push_back(*parsed.port);
  }
  return out;
}

std::optional<int> protocolNumber(const Value* v) {
  if (absent(v)) return std::nullopt;
  ParsedProtocol parsed = parseProtocol(*v);
  if (!parsed.protocol) return -1;  // unreadable: never equal to anything
  return parsed.protocol->number;
}

bool proven(Tri t) { return t == Tri::True; }

// Selectors (and namespace selectors) of `broad` accept every peer `narrow`'s accept.
bool peersCovered(const EntityRuleView& broad, const EntityRuleView& narrow, const ProjectFacts& facts) {
  const bool broad_sel = !absent(broad.selector);
  const bool broad_ns = !absent(broad.namespace_selector);
  const bool narrow_sel = !absent(narrow.selector);
  const bool narrow_ns = !absent(narrow.namespace_selector);
  if (broad_ns) {
    if (!narrow_ns) return false;
    const SelectorField& b = facts.selector(broad.namespace_selector);
    const SelectorField& n = facts.selector(narrow.namespace_selector);
    if (!b.node() || !n.node() || !proven(implies(*n.node(), *b.node()))) return false;
  } else if (narrow_ns && broad_sel) {
    return false;  // the selectors select over different namespaces
  }
  if (broad_sel) {
    if (!narrow_sel) return false;
    const SelectorField& b = facts.selector(broad.selector);
    const SelectorField& n = facts.selector(narrow.selector);
    if (!b.node() || !n.node() || !proven(implies(*n.node(), *b.node()))) return false;
  }
  if (!absent(broad.not_selector) && !sameOrBothAbsent(broad.not_selector, narrow.not_selector)) return false;
  if (!absent(broad.service_accounts) && !sameOrBothAbsent(broad.service_accounts, narrow.service_accounts)) return false;
  if (!absent(broad.services) && !sameOrBothAbsent(broad.services, narrow.services)) return false;
  return true;
}

bool netsCovered(const EntityRuleView& broad, const EntityRuleView& narrow) {
  if (!absent(broad.nets)) {
    const auto b = cidrsOf(broad.nets);
    const auto n = cidrsOf(narrow.nets);
    if (!b || !n || n->empty()) return false;
    for (const Cidr& c : *n) {
      bool inside = false;
      for (const Cidr& outer : *b) inside = inside || outer.contains(c);
      if (!inside) return false;
    }
  }
  if (!absent(broad.not_nets) && !sameOrBothAbsent(broad.not_nets, narrow.not_nets)) {
    // Covered only when every narrow net is outside every excluded net.
    const auto excluded = cidrsOf(broad.not_nets);
    const auto n = cidrsOf(narrow.nets);
    if (!excluded || !n || n->empty()) return false;
    for (const Cidr& c : *n) {
      for (const Cidr& x : *excluded) {
        if (x.contains(c) || c.contains(x)) return false;
      }
    }
  }
  return true;
}

bool portsCovered(const EntityRuleView& broad, const EntityRuleView& narrow) {
  if (!absent(broad.ports)) {
    const auto b = portsOf(broad.ports);
    const auto n = portsOf(narrow.ports);
    if (!b || !n || n->empty()) return false;
    for (const PortSpec& p : *n) {
      bool inside = false;
      for (const PortSpec& outer : *b) inside = inside || outer.covers(p);
      if (!inside) return false;
    }
  }
  if (!absent(broad.not_ports) && !sameOrBothAbsent(broad.not_ports, narrow.not_ports)) return false;
  return true;
}

bool entityCovers(const EntityRuleView& broad, const EntityRuleView& narrow, const ProjectFacts& facts) {
  return peersCovered(broad, narrow, facts) && netsCovered(broad, narrow) && portsCovered(broad, narrow);
}

Tri triAnd(Tri a, Tri b) {
  if (a == Tri::False || b == Tri::False) return Tri::False;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::True;
}

bool anyPresent(std::initializer_list<const Value*> values) {
  for (const Value* v : values)
    if (!absent(v)) return true;
  return false;
}

Tri selectorsOverlap(const Value* a, const Value* b, const ProjectFacts& facts) {
  if (absent(a) || absent(b)) return Tri::True;
  const SelectorField& fa = facts.selector(a);
  const SelectorField& fb = facts.selector(b);
  if (!fa.node() || !fb.node()) return Tri::Unknown;
  return overlap(*fa.node(), *fb.node()).satisfiable;
}

Tri entitiesOverlap(const EntityRuleView& a, const EntityRuleView& b, const ProjectFacts& facts) {
  if (anyPresent({a.not_nets, a.not_selector, a.service_accounts, a.services, a.not_ports, b.not_nets, b.not_selector,
                  b.service_accounts, b.services, b.not_ports})) {
    return Tri::Unknown;
  }
  Tri result = Tri::True;
  if (!sameOrBothAbsent(a.namespace_selector, b.namespace_selector)) {
    if (!absent(a.namespace_selector) && !absent(b.namespace_selector)) {
      result = triAnd(result, selectorsOverlap(a.namespace_selector, b.namespace_selector, facts));
    }
    // One scoped by namespaces and the other not: their selectors cannot be compared.
    if (!absent(a.selector) || !absent(b.selector)) result = triAnd(result, Tri::Unknown);
  } else {
    result = triAnd(result, selectorsOverlap(a.selector, b.selector, facts));
  }
  if (!absent(a.nets) && !absent(b.nets)) {
    const auto na = cidrsOf(a.nets);
    const auto nb = cidrsOf(b.nets);
    if (!na || !nb) return triAnd(result, Tri::Unknown);
    bool any = false;
    for (const Cidr& x : *na)
      for (const Cidr& y : *nb) any = any || x.contains(y) || y.contains(x);
    result = triAnd(result, triOf(any));
  }
  if (!absent(a.ports) && !absent(b.ports)) {
    const auto pa = portsOf(a.ports);
    const auto pb = portsOf(b.ports);
    if (!pa || !pb) return triAnd(result, Tri::Unknown);
    bool any = false;
    for (const PortSpec& x : *pa) {
      for (const PortSpec& y : *pb) {
        if (x.kind == PortSpec::Kind::Named || y.kind == PortSpec::Kind::Named) {
          any = any || (x.kind == y.kind && x.name == y.name);
        } else {
          any = any || (x.min <= y.max && y.min <= x.max);
        }
      }
    }
    result = triAnd(result, triOf(any));
  }
  return result;
}

}  // namespace

bool absent(const Value* value) {
  if (!value || value->isNull()) return true;
  if (value->isArray()) return value->items().empty();
  if (value->isString()) return value->asString().empty();
  if (value->isObject()) return value->members().empty();
  return false;
}

bool ruleCovers(const RuleView& broad, const RuleView& narrow, const ProjectFacts& facts) {
  if (!absent(broad.protocol)) {
    const auto b = protocolNumber(broad.protocol);
    const auto n = protocolNumber(narrow.protocol);
    if (!n || *b < 0 || *n != *b) return false;
  }
  if (!absent(broad.not_protocol)) {
    const auto excluded = protocolNumber(broad.not_protocol);
    const auto n = protocolNumber(narrow.protocol);
    const auto n_excluded = protocolNumber(narrow.not_protocol);
    const bool ok = (n && *n >= 0 && *n != *excluded) || (n_excluded && *n_excluded == *excluded);
    if (*excluded < 0 || !ok) return false;
  }
  for (auto member : {&RuleView::icmp, &RuleView::not_icmp, &RuleView::ip_version, &RuleView::http}) {
    if (!absent(broad.*member) && !sameOrBothAbsent(broad.*member, narrow.*member)) return false;
  }
  return entityCovers(broad.source, narrow.source, facts) && entityCovers(broad.destination, narrow.destination, facts);
}

Tri rulesOverlap(const RuleView& a, const RuleView& b, const ProjectFacts& facts) {
  if (anyPresent({a.not_protocol, a.icmp, a.not_icmp, a.http, b.not_protocol, b.icmp, b.not_icmp, b.http})) {
    return Tri::Unknown;
  }
  Tri result = Tri::True;
  const auto pa = protocolNumber(a.protocol);
  const auto pb = protocolNumber(b.protocol);
  if (pa && pb) {
    if (*pa < 0 || *pb < 0) return Tri::Unknown;
    result = triOf(*pa == *pb);
  }
  if (!absent(a.ip_version) && !absent(b.ip_version) && !a.ip_version->sameContent(*b.ip_version)) return Tri::False;
  result = triAnd(result, entitiesOverlap(a.source, b.source, facts));
  return triAnd(result, entitiesOverlap(a.destination, b.destination, facts));
}

}  // namespace palisade::calico
