// CAL013: Calico policies with nothing behind them that denies by default:
// per namespace (a NetworkPolicy, or a Kubernetes NetworkPolicy with an
// empty podSelector) or globally (a GlobalNetworkPolicy), some policy must
// select every endpoint in the direction the others govern and not allow
// everything, so that traffic the others do not allow is dropped at the end
// of the tier.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <map>

#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

struct Coverage {
  bool ingress = false;
  bool egress = false;
};

// Selects every endpoint that carries no special labels (all(), or only exclusions).
bool selectsBroadly(const Value* selector, const ProjectFacts& facts) {
  if (absent(selector)) return true;
  const SelectorField& field = facts.selector(selector);
  return field.node() && matches(*field.node(), Labels{});
}

bool allowsEverything(const std::vector<RuleView>& rules) {
  for (const RuleView& r : rules) {
    const std::string a = r.actionName();
    if ((a == "Allow" || a == "Pass") && absent(r.protocol) && absent(r.not_protocol) && r.source.anyPeer() &&
        r.destination.anyPeer() && !r.source.hasPorts() && !r.destination.hasPorts() && absent(r.source.not_nets) &&
        absent(r.destination.not_nets) && absent(r.source.not_selector) && absent(r.destination.not_selector)) {
      return true;
    }
  }
  return false;
}

// `ignore_namespace_selector`: judge a global policy as if it applied in
// every namespace (its namespaceSelector is matched per namespace instead).
Coverage calicoDefaultDeny(const PolicyView& p, const std::set<std::string, std::less<>>& pass_tiers,
                           const ProjectFacts& facts, bool ignore_namespace_selector = false) {
  Coverage c;
  if (p.staged || !p.spec || pass_tiers.count(p.tierName()) > 0) return c;
  if (!selectsBroadly(p.selector, facts) ||
      (p.global && !ignore_namespace_selector && !selectsBroadly(p.namespace_selector, facts))) {
    return c;
  }
  c.ingress = p.governsIngress() && !allowsEverything(p.ingress);
  c.egress = p.governsEgress() && !allowsEverything(p.egress);
  return c;
}

// A Kubernetes NetworkPolicy with `podSelector: {}` denies what its rules do not allow.
Coverage kubernetesDefaultDeny(const Resource& r) {
  Coverage c;
  const Value* spec = r.body.find("spec");
  if (!spec || !spec->isObject()) return c;
  const Value* pods = spec->find("podSelector");
  if (!pods || !(pods->isNull() || (pods->isObject() && pods->members().empty()))) return c;
  const Value* types = spec->find("policyTypes");
  const Value* ingress = spec->find("ingress");
  const Value* egress = spec->find("egress");
  bool has_ingress_type = !types || !types->isArray();
  bool has_egress_type = false;
  if (types && types->isArray()) {
    for (const Value& t : types->items()) {
      has_ingress_type = has_ingress_type || (t.isString() && t.asString() == "Ingress");
      has_egress_type = has_egress_type || (t.isString() && t.asString() == "Egress");
    }
  } else {
    has_egress_type = egress && egress->isArray();
  }
  const auto allowAll = [](const Value* rules) {
    if (!rules || !rules->isArray()) return false;
    for (const Value& r2 : rules->items())
      if (r2.isObject() && r2.members().empty()) return true;
    return false;
  };
  c.ingress = has_ingress_type && !allowAll(ingress);
  c.egress = has_egress_type && !allowAll(egress);
  return c;
}

struct Scope {
  const Resource* first = nullptr;  // where to report
  bool needs_ingress = false;
  bool needs_egress = false;
  Coverage covered;
};

}  // namespace

void checkCalicoNoDefaultDeny(CheckContext& context) {
  const Project& project = context.project();
  std::set<std::string, std::less<>> pass_tiers;
  for (const Resource* tier : project.ofKind("Tier")) {
    const Value* spec = tier->body.find("spec");
    const Value* action = spec ? spec->find("defaultAction") : nullptr;
    if (action && action->isString() && action->asString() == "Pass") pass_tiers.insert(tier->name);
  }
  Scope global;
  std::map<std::string, Scope> namespaces;
  // Global default denies limited by a namespaceSelector: they cover the
  // namespaces they select.
  std::vector<std::pair<const PolicyView*, Coverage>> scoped_denies;
  for (const Resource& r : project.resources()) {
    if (r.format == Format::Kubernetes && r.kind == "NetworkPolicy") {
      const Coverage c = kubernetesDefaultDeny(r);
      Scope& s = namespaces[r.namespace_name.empty() ? "default" : r.namespace_name];
      s.covered.ingress = s.covered.ingress || c.ingress;
      s.covered.egress = s.covered.egress || c.egress;
      continue;
    }
    if (r.format != Format::Calico) continue;
    const PolicyView* policy = factsOf(context).policyOf(r);
    if (!policy || policy->staged || !policy->spec) continue;
    Scope& s = policy->global ? global : namespaces[r.namespace_name.empty() ? "default" : r.namespace_name];
    const Coverage c = calicoDefaultDeny(*policy, pass_tiers, factsOf(context));
    if (policy->global && !c.ingress && !c.egress && !absent(policy->namespace_selector)) {
      const Coverage scoped = calicoDefaultDeny(*policy, pass_tiers, factsOf(context), true);
      if (scoped.ingress || scoped.egress) {
        // A default deny for the namespaces it selects: it needs nothing behind it itself.
        scoped_denies.emplace_back(policy, scoped);
        continue;
      }
    }
    if (!s.first) s.first = &r;
    s.needs_ingress = s.needs_ingress || policy->governsIngress();
    s.needs_egress = s.needs_egress || policy->governsEgress();
    s.covered.ingress = s.covered.ingress || c.ingress;
    s.covered.egress = s.covered.egress || c.egress;
  }
  for (auto& [name, s] : namespaces) {
    if (scoped_denies.empty()) break;
    const Labels labels = namespaceLabels(project, name);
    for (const auto& [policy, c] : scoped_denies) {
      const SelectorField& field = factsOf(context).selector(policy->namespace_selector);
      if (!field.node() || !matches(*field.node(), labels)) continue;
      s.covered.ingress = s.covered.ingress || c.ingress;
      s.covered.egress = s.covered.egress || c.egress;
    }
  }
  const auto report = [&](const Scope& s, const std::string& where, bool ingress_missing, bool egress_missing) {
    std::vector<std::string> missing;
    std::vector<std::string> types;
    if (ingress_missing) missing.push_back("ingress"), types.push_back("Ingress");
    if (egress_missing) missing.push_back("egress"), types.push_back("Egress");
    if (missing.empty() || !s.first) return;
    const Value* kind = s.first->body.find("kind");
    context.report(*s.first, kind ? kind->span() : s.first->declaration,
                   fmt::format("{} has Calico policies but no default deny for {} traffic: nothing drops what these "
                               "policies do not allow",
                               where, fmt::join(missing, " and ")),
                   "default-deny");
    context.addHelp(fmt::format("add a policy selecting all() with types [{}] and no allow-all rule", fmt::join(types, ", ")));
  };
  report(global, "the cluster (global policies)", global.needs_ingress && !global.covered.ingress,
         global.needs_egress && !global.covered.egress);
  for (const auto& [name, s] : namespaces) {
    report(s, fmt::format("namespace '{}'", name), s.needs_ingress && !s.covered.ingress && !global.covered.ingress,
           s.needs_egress && !s.covered.egress && !global.covered.egress);
  }
}

}  // namespace palisade::calico
