// The annotation suppression filter: a finding inside a Kubernetes object
// whose `metadata.annotations` hold `palisade.dev/ignore-RULE: "reason"` (or
// `palisade.dev/ignore: "RULE,RULE reason"`) is marked suppressed, in source,
// with the reason as its justification. Annotations without a reason suppress
// nothing (K8S041 reports them). One filter stage of the scan pipeline.
#pragma once

#include <string>
#include <vector>

#include "core/finding.h"
#include "core/project.h"

namespace palisade {

// A finding belongs to a resource when it lies inside the resource's document
// (same file, within the byte range of its body). Rules are matched by id or
// name, case-insensitively. Findings already suppressed are left as they are.
std::vector<Finding> applyAnnotationSuppressions(std::vector<Finding> findings, const Project& project);

// The same in two steps, so a scan's result kept without its resources
// (scan/scan_memo.h) keeps what the annotations say: where each annotation
// with a reason applies, and applying those scopes.
struct AnnotationScope {
  Location extent;  // the resource's body
  std::vector<std::string> rules;  // lower case
  std::string reason;
};
std::vector<AnnotationScope> annotationScopesOf(const Project& project);
std::vector<Finding> applyAnnotationScopes(std::vector<Finding> findings, const std::vector<AnnotationScope>& scopes);

}  // namespace palisade
