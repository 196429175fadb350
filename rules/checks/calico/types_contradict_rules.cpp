// CAL008: a policy's `types` that Calico refuses: not a list, a repeated
// type, or something other than Ingress/Egress. CAL027: rules of a
// direction `types` leaves out, which Calico accepts and ignores.
#include <fmt/format.h>

#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

void checkCalicoTypesContradictRules(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || !policy->types || policy->types->isNull() || policy->types->isUnknown()) return;
  if (!policy->types->isArray()) {
    context.report(resource, policy->types->span(), "types must be a list of Ingress and/or Egress", "spec.types");
    return;
  }
  bool ingress = false;
  bool egress = false;
  for (const Value& t : policy->types->items()) {
    if (t.isUnknown()) return;
    if (t.isObject()) {
      context.report(resource, t.span(),
                     "types holds a rule (a mapping), not Ingress or Egress: the `ingress:` or `egress:` key above "
                     "the rules is probably missing",
                     "spec.types");
      continue;
    }
    const std::string name = t.isString() ? t.asString() : t.toDisplayString();
    if (name != "Ingress" && name != "Egress") {
      context.report(resource, t.span(), fmt::format("'{}' is not a policy type (Ingress or Egress, case-sensitive)", name),
                     "spec.types");
      continue;
    }
    bool& seen = name == "Ingress" ? ingress : egress;
    if (seen) {
      context.report(resource, t.span(), fmt::format("'{}' is listed twice in types; Calico refuses repeats", name),
                     "spec.types");
    }
    seen = true;
  }
}

void checkCalicoRulesIgnoredByTypes(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || !policy->types || !policy->types->isArray() || policy->types->items().empty()) return;
  bool ingress = false;
  bool egress = false;
  for (const Value& t : policy->types->items()) {
    if (t.isUnknown()) return;
    ingress = ingress || (t.isString() && t.asString() == "Ingress");
    egress = egress || (t.isString() && t.asString() == "Egress");
  }
  if (!ingress && !policy->ingress.empty()) {
    context.report(resource, keySpan(policy->spec, "ingress"),
                   fmt::format("{} ingress rule(s) are ignored: types does not list Ingress, so the policy does not "
                               "govern ingress traffic (Calico accepts this silently)",
                               policy->ingress.size()),
                   "spec.ingress");
  }
  if (!egress && !policy->egress.empty()) {
    context.report(resource, keySpan(policy->spec, "egress"),
                   fmt::format("{} egress rule(s) are ignored: types does not list Egress, so the policy does not "
                               "govern egress traffic (Calico accepts this silently)",
                               policy->egress.size()),
                   "spec.egress");
  }
}

}  // namespace palisade::calico
