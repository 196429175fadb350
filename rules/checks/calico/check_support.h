// What the Calico checks share: walking a policy's rules and entity rules,
// and the labels a namespace carries.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/project.h"
#include "core/span.h"
#include "core/value.h"
#include "parsers/calico/calico_model.h"
#include "parsers/calico/selector.h"
#include "rules/checks/check_support.h"

namespace palisade::calico {

// Every rule of a policy, ingress first, in order.
inline void forEachRule(const PolicyView& policy, const std::function<void(const RuleView&)>& visit) {
  for (const RuleView& r : policy.ingress) visit(r);
  for (const RuleView& r : policy.egress) visit(r);
}

// Both entity rules of a rule with their property paths ("spec.ingress[0].source").
inline void forEachEntity(const RuleView& rule,
                          const std::function<void(const EntityRuleView&, const std::string&)>& visit) {
  visit(rule.source, rule.path + ".source");
  visit(rule.destination, rule.path + ".destination");
}

// The labels Calico sees on a namespace: its own (when the Namespace is in
// the scan) and the name labels Kubernetes and Calico add.
Labels namespaceLabels(const Project& project, const std::string& name);

}  // namespace palisade::calico
