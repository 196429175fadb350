// Where pod specs live in custom resources: `.palisade.yaml`'s
// `pod-spec-paths` entries name a kind (and optionally its API group or
// group/version) and the path to its PodTemplateSpec or PodSpec, so every
// pod rule reads those resources as it reads a Deployment. Built-in kinds
// (parsers/kubernetes/kubernetes_classifier.cpp) keep their own paths.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/resource.h"

namespace palisade {

struct PodSpecLocation {
  std::string api_version;        // "group/version", "group", or empty for any
  std::string kind;
  std::vector<std::string> path;  // keys from the resource body
};

// The keys of a dotted path (`spec.worker.template`), or an error message
// when it is not a path of plain keys.
std::string parsePodSpecPath(std::string_view text, std::vector<std::string>& keys);

// True when the entry names the resource's kind and API version.
bool podSpecLocationMatches(const PodSpecLocation& location, const Resource& resource);

// Gives a Kubernetes resource without a built-in pod spec the first matching
// entry's path. A path that reaches a PodTemplateSpec (an object with `spec`
// and no `containers`) is extended to its `spec`; a resource where the path
// leads nowhere keeps the path, and has no pod spec (as a Deployment without one).
void applyPodSpecLocations(Resource& resource, const std::vector<PodSpecLocation>& locations);

}  // namespace palisade
