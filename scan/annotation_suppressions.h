// The annotation suppression filter: a finding inside a Kubernetes object
// whose `metadata.annotations` hold `palisade.dev/ignore-RULE: "reason"` (or
// `palisade.dev/ignore: "RULE,RULE reason"`) is marked suppressed, in source,
// with the reason as its justification. Annotations without a reason suppress
// nothing (K8S041 reports them). One filter stage of the scan pipeline.
#pragma once

#include <vector>

#include "core/finding.h"
#include "core/project.h"

namespace palisade {

// A finding belongs to a resource when it lies inside the resource's document
// (same file, within the byte range of its body). Rules are matched by id or
// name, case-insensitively. Findings already suppressed are left as they are.
std::vector<Finding> applyAnnotationSuppressions(std::vector<Finding> findings, const Project& project);

}  // namespace palisade
