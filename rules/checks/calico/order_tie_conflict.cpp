// CAL017: two policies of the same tier and scope with the same explicit
// order, overlapping endpoint selectors and rules that match the same
// traffic with opposite actions: which one wins depends on their names.
#include <fmt/format.h>

#include <map>

#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

std::string labelsText(const Labels& labels) {
  if (labels.empty()) return "{}";
  std::string out = "{";
  for (const auto& [k, v] : labels) out += (out.size() > 1 ? ", " : "") + k + "=" + v;
  return out + "}";
}

// Whether both policies are proven to select a common endpoint; its labels in `witness`.
bool selectSameEndpoint(const PolicyView& a, const PolicyView& b, const ProjectFacts& facts, Labels& witness) {
  if (a.global && !(absent(a.namespace_selector) && absent(b.namespace_selector))) {
    if (absent(a.namespace_selector) || absent(b.namespace_selector) ||
        !a.namespace_selector->sameContent(*b.namespace_selector)) {
      return false;
    }
  }
  const SelectorNode all = selectAll();
  const SelectorField& fa = facts.selector(a.selector);
  const SelectorField& fb = facts.selector(b.selector);
  if ((!absent(a.selector) && !fa.node()) || (!absent(b.selector) && !fb.node())) return false;
  const Satisfiability s = overlap(fa.node() ? *fa.node() : all, fb.node() ? *fb.node() : all);
  if (s.satisfiable != Tri::True) return false;
  witness = *s.witness;
  return true;
}

bool opposite(const RuleView& a, const RuleView& b) {
  const std::string x = a.actionName();
  const std::string y = b.actionName();
  return (x == "Allow" && y == "Deny") || (x == "Deny" && y == "Allow");
}

// The first pair of rules, one from each list, with opposite actions that match the same traffic.
std::optional<std::pair<const RuleView*, const RuleView*>> conflict(const std::vector<RuleView>& a,
                                                                     const std::vector<RuleView>& b,
                                                                     const ProjectFacts& facts) {
  for (const RuleView& ra : a)
    for (const RuleView& rb : b)
      if (opposite(ra, rb) && rulesOverlap(ra, rb, facts) == Tri::True) return std::pair{&ra, &rb};
  return std::nullopt;
}

}  // namespace

void checkCalicoOrderTieConflict(CheckContext& context) {
  // (tier, scope, order) → policies, in name order so the report lands on the one that loses the tie.
  const ProjectFacts& facts = factsOf(context);
  std::map<std::tuple<std::string, std::string, double>, std::vector<PolicyView>> groups;
  for (const Resource& r : context.project().resources()) {
    if (r.format != Format::Calico) continue;
    const PolicyView* p = facts.policyOf(r);
    if (!p || p->staged || !p->spec || !p->orderValue()) continue;
    // Untracked and pre-DNAT policies are evaluated in their own phases, apart from normal ones.
    const std::string phase = isTrueFlag(p->do_not_track) ? "untracked" : isTrueFlag(p->pre_dnat) ? "pre-DNAT" : "normal";
    const std::string scope = (p->global ? std::string("global") : "namespace/" + r.namespace_name) + "/" + phase;
    groups[{p->tierName(), scope, *p->orderValue()}].push_back(*p);
  }
  for (auto& [key, policies] : groups) {
    std::sort(policies.begin(), policies.end(),
              [](const PolicyView& x, const PolicyView& y) { return x.resource->name < y.resource->name; });
    for (std::size_t j = 1; j < policies.size(); ++j) {
      const PolicyView& later = policies[j];
      for (std::size_t i = 0; i < j; ++i) {
        const PolicyView& first = policies[i];
        if (first.resource->name == later.resource->name) continue;
        Labels witness;
        if (!selectSameEndpoint(first, later, facts, witness)) continue;
        auto found = (first.governsIngress() && later.governsIngress()) ? conflict(first.ingress, later.ingress, facts)
                                                                        : std::nullopt;
        if (!found && first.governsEgress() && later.governsEgress()) found = conflict(first.egress, later.egress, facts);
        if (!found) continue;
        context.report(*later.resource, later.order->span(),
                       fmt::format("policies '{}' and '{}' share order {} in tier '{}', both select endpoints such as "
                                   "{}, and disagree on the same traffic ({} of '{}' vs {} of '{}')",
                                   first.resource->name, later.resource->name, std::get<2>(key), std::get<0>(key),
                                   labelsText(witness), found->first->describe(), first.resource->name,
                                   found->second->describe(), later.resource->name),
                       "spec.order", {locate(first.order->span(), "the other policy's order")});
        context.addHelp("Calico breaks the tie by name, so renaming one changes what is enforced: give them distinct orders");
        break;
      }
    }
  }
}

}  // namespace palisade::calico
