// Pod Security admission: when a scanned Namespace enforces the baseline or
// restricted level (label pod-security.kubernetes.io/enforce), the Pod
// Security Standards findings on its workloads are still reported, and
// their message says the pods would be refused at admission.
#pragma once

#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "rules/engine/rule_set.h"

namespace palisade {

// `per_resource[i]` holds the findings on `project.resources()[i]`.
void notePodSecurityAdmission(const Project& project, const RuleSet& rules,
                              std::vector<std::vector<Finding>>& per_resource);

}  // namespace palisade
