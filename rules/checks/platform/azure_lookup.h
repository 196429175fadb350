// Lookups the cross-format checks share: the deployed Azure resources of a
// type or name, paths into a body, and case-insensitive comparison (Azure
// names and enum values are case-insensitive).
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/project.h"
#include "core/resource.h"
#include "core/value.h"

namespace palisade::platform {

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) { return lowerAscii(a) == lowerAscii(b); }

// Resources a deployment creates or may create: not `existing` references
// (whose properties the template does not state) and not switched off.
inline bool isDeclaredHere(const Resource& r) { return !r.existing && r.condition != Tri::False; }

inline std::vector<const Resource*> declaredOfType(const Project& project, std::string_view type) {
  std::vector<const Resource*> out;
  for (const Resource* r : project.ofType(type)) {
    if (isDeclaredHere(*r)) out.push_back(r);
  }
  return out;
}

// The declared resource of `type` named `name` (case-insensitive), or nullptr.
inline const Resource* declaredNamed(const Project& project, std::string_view type, std::string_view name) {
  for (const Resource* r : declaredOfType(project, type)) {
    if (!r->name.empty() && equalsIgnoreCase(r->name, name)) return r;
  }
  return nullptr;
}

// Follows object keys; stops (returning the Unknown) at an Unknown on the way,
// so callers can tell "absent" (nullptr or Null) from "cannot know".
inline const Value* pathIn(const Value& root, std::initializer_list<std::string_view> keys) {
  const Value* node = &root;
  for (std::string_view key : keys) {
    if (node->isUnknown()) return node;
    node = node->find(key);
    if (!node) return nullptr;
  }
  return node;
}

inline bool isAbsent(const Value* v) { return !v || v->isNull(); }

// The last segment of a resource id (`/…/applicationGateways/appgw-shop` → `appgw-shop`).
inline std::string_view lastSegment(std::string_view id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

// Where to point at a value: the value, else the place that should hold it, else the resource.
inline Span spanOr(const Value* value, const Span& fallback) {
  return value && value->span().valid() ? value->span() : fallback;
}

}  // namespace palisade::platform
