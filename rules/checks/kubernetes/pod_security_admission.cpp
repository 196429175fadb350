#include "rules/checks/kubernetes/pod_security_admission.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace palisade {

namespace {

enum class PsaLevel { None, Baseline, Restricted };

struct Enforcement {
  PsaLevel level = PsaLevel::None;
  Span label;  // the namespace's `pod-security.kubernetes.io/enforce` value
};

Enforcement enforcementOf(const Resource& ns) {
  const Value* metadata = ns.body.find("metadata");
  const Value* labels = metadata ? metadata->find("labels") : nullptr;
  const Value* enforce = labels ? labels->find("pod-security.kubernetes.io/enforce") : nullptr;
  if (!enforce || !enforce->isString()) return {};
  Span at = enforce->span().valid() ? enforce->span() : ns.declaration;
  if (enforce->asString() == "restricted") return {PsaLevel::Restricted, at};
  if (enforce->asString() == "baseline") return {PsaLevel::Baseline, at};
  return {};
}

bool hasTag(const RuleInfo& rule, std::string_view tag) {
  return std::find(rule.tags.begin(), rule.tags.end(), tag) != rule.tags.end();
}

}  // namespace

void notePodSecurityAdmission(const Project& project, const RuleSet& rules,
                              std::vector<std::vector<Finding>>& per_resource) {
  std::map<std::string, Enforcement, std::less<>> enforced;
  for (const Resource* ns : project.ofKind("Namespace")) {
    if (ns->format != Format::Kubernetes || ns->name.empty()) continue;
    if (Enforcement e = enforcementOf(*ns); e.level != PsaLevel::None) enforced[ns->name] = e;
  }
  if (enforced.empty()) return;
  const auto& resources = project.resources();
  for (std::size_t i = 0; i < resources.size() && i < per_resource.size(); ++i) {
    const Resource& r = resources[i];
    if (per_resource[i].empty() || !r.podSpec() || r.namespace_name.empty()) continue;
    const auto it = enforced.find(r.namespace_name);
    if (it == enforced.end()) continue;
    const bool restricted = it->second.level == PsaLevel::Restricted;
    for (Finding& f : per_resource[i]) {
      const Rule* rule = rules.find(f.rule_id);
      if (!rule) continue;
      const bool refused = hasTag(rule->info, "pss-baseline") || (restricted && hasTag(rule->info, "pss-restricted"));
      if (!refused) continue;
      f.related.push_back(locate(
          it->second.label, fmt::format("namespace '{}' enforces Pod Security '{}': {} refused at admission", r.namespace_name,
                                        restricted ? "restricted" : "baseline",
                                        r.kind == "Pod" ? "this pod would be" : fmt::format("the pods of this {} would be", r.kind))));
    }
  }
}

}  // namespace palisade
