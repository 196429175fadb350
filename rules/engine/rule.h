// Rule: one loaded rule — its metadata (RuleInfo), which resources it looks
// at, and how it tests them (an assertion, a named C++ check, or the input
// diagnostics of its id for the GEN rules).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/resource.h"
#include "core/rule_info.h"
#include "rules/engine/assertion.h"
#include "rules/engine/check.h"
#include "rules/engine/fix_builder.h"

namespace palisade {

struct RuleMatch {
  std::vector<Format> formats;     // empty: any
  std::vector<std::string> kinds;  // Kubernetes/Calico kinds; empty: any
  std::vector<std::string> types;  // lower-case full types; empty: any
  bool pod_spec = false;           // only workloads; paths start at the pod spec
  bool include_existing = false;   // Bicep `existing` resources are references, skipped by default
  std::optional<Assertion> where;  // the rule applies only where this is True
  // Cluster components (kube-apiserver, kubelet…): the rule runs on the
  // component configurations read from a resource, not on its body.
  std::vector<std::string> components;

  bool selects(const Resource& resource) const;
  // `selects` without the type test, for a caller that already chose rules by type.
  bool selectsBesidesType(const Resource& resource) const;
};

struct Rule {
  RuleInfo info;
  RuleMatch match;
  std::optional<Assertion> assertion;
  const CheckDefinition* check = nullptr;
  Value params;
  std::optional<FixSpec> fix;  // assertion rules: the `fix:` that removes a finding
  std::string message;       // template: {resource} {value} {path} {name} {kind} {namespace} {type}
  bool reports_diagnostics = false;  // GEN rules: input diagnostics carrying this id
  std::string source;        // where the rule was loaded from ("builtin:kubernetes/K8S001-….yaml" or a path)
};

}  // namespace palisade
