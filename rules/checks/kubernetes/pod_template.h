// The pod template of a workload: the `metadata` beside its pod spec (the
// resource's own metadata for a Pod), where pod labels and annotations live.
#pragma once

#include <string_view>
#include <vector>

#include "core/resource.h"
#include "core/value.h"

namespace palisade {

// The pod's metadata (labels, annotations), or nullptr for non-workloads or
// when the template has none.
inline const Value* podTemplateMetadata(const Resource& resource) {
  if (resource.pod_spec_path.empty()) return nullptr;
  const Value* node = &resource.body;
  for (std::size_t i = 0; i + 1 < resource.pod_spec_path.size(); ++i) {
    node = node->find(resource.pod_spec_path[i]);
    if (!node) return nullptr;
  }
  const Value* metadata = node->find("metadata");
  return metadata && metadata->isObject() ? metadata : nullptr;
}

// A label or annotation of an object's metadata, or nullptr.
inline const Value* metadataEntry(const Value* metadata, std::string_view map, std::string_view key) {
  if (!metadata) return nullptr;
  const Value* entries = metadata->find(map);
  return entries ? entries->find(key) : nullptr;
}

// The pod template's annotations set to `value`: the legacy seccomp and
// AppArmor annotations turn confinement off with `unconfined`.
inline std::vector<const Member*> podAnnotationsSetTo(const Resource& resource, std::string_view value) {
  std::vector<const Member*> out;
  const Value* metadata = podTemplateMetadata(resource);
  const Value* annotations = metadata ? metadata->find("annotations") : nullptr;
  if (!annotations || !annotations->isObject()) return out;
  for (const Member& m : annotations->members()) {
    if (m.value.isString() && m.value.asString() == value) out.push_back(&m);
  }
  return out;
}

}  // namespace palisade
