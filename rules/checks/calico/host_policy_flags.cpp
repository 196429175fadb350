// CAL004: preDNAT, doNotTrack and applyOnForward combinations Calico refuses.
#include <fmt/format.h>

#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

void checkCalicoHostPolicyFlags(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || !policy->spec) return;
  const bool pre_dnat = isTrueFlag(policy->pre_dnat);
  const bool no_track = isTrueFlag(policy->do_not_track);
  const bool forward = isTrueFlag(policy->apply_on_forward);

  if (!policy->global) {
    for (const auto& [flag, name] : {std::pair{policy->pre_dnat, "preDNAT"}, std::pair{policy->do_not_track, "doNotTrack"},
                                     std::pair{policy->apply_on_forward, "applyOnForward"}}) {
      if (flag) {
        context.report(resource, keySpan(policy->spec, name),
                       fmt::format("{} exists only on GlobalNetworkPolicy (host endpoint policy); a {} has no such "
                                   "field and calicoctl refuses it",
                                   name, resource.kind),
                       std::string("spec.") + name);
      }
    }
    return;
  }
  if (pre_dnat && no_track) {
    context.report(resource, policy->pre_dnat->span(),
                   "preDNAT and doNotTrack cannot both be true: a policy applies either before DNAT or untracked",
                   "spec.preDNAT");
  }
  if ((pre_dnat || no_track) && !forward) {
    const Value* flag = pre_dnat ? policy->pre_dnat : policy->do_not_track;
    context.report(resource, flag->span(),
                   fmt::format("{}: true needs applyOnForward: true (such rules apply to forwarded traffic in "
                               "practice); calicoctl refuses it otherwise",
                               pre_dnat ? "preDNAT" : "doNotTrack"),
                   pre_dnat ? "spec.preDNAT" : "spec.doNotTrack");
  }
  if (pre_dnat && !policy->egress.empty()) {
    context.report(resource, keySpan(policy->spec, "egress"),
                   "a preDNAT policy cannot have egress rules: pre-DNAT policy only applies to traffic arriving on a "
                   "host endpoint",
                   "spec.egress");
  }
  if (pre_dnat && policy->types && policy->types->isArray()) {
    for (const Value& t : policy->types->items()) {
      if (t.isString() && t.asString() == "Egress") {
        context.report(resource, t.span(), "a preDNAT policy cannot have the Egress type", "spec.types");
      }
    }
  }
}

}  // namespace palisade::calico
