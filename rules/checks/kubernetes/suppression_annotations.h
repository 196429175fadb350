// Suppression annotations on Kubernetes objects: `palisade.dev/ignore-RULE:
// "reason"` (one rule) and `palisade.dev/ignore: "RULE,RULE reason"` (a list,
// then the reason). Read by the annotation filter (scan/) and by K8S041,
// which reports the ones without a reason.
#pragma once

#include <string>
#include <vector>

#include "core/resource.h"
#include "core/value.h"

namespace palisade {

inline constexpr std::string_view kIgnoreAnnotation = "palisade.dev/ignore";

struct SuppressionAnnotation {
  std::vector<std::string> rules;  // ids or names as written (compare case-insensitively)
  std::string reason;              // trimmed; empty when none was given
  const Member* annotation = nullptr;
};

// The suppression annotations in a resource's `metadata.annotations`.
std::vector<SuppressionAnnotation> suppressionAnnotationsOf(const Resource& resource);

}  // namespace palisade
