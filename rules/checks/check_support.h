// What C++ checks read resource bodies with: the value at a path, whether a
// value is absent, and where in the file to point at one.
#pragma once

#include <string_view>

#include "core/span.h"
#include "core/value.h"

namespace palisade {

// The value at a dotted path of plain keys ("properties.networkProfile"), or
// nullptr. Stops at an Unknown on the way and returns it, so callers can tell
// "absent" (nullptr or Null) from "cannot know".
const Value* valueAt(const Value& root, std::string_view dotted_path);

inline bool isAbsent(const Value* v) { return !v || v->isNull(); }

inline bool isTrueFlag(const Value* v) { return v && v->isBool() && v->asBool(); }

// Where to point at a value: the value, else the place that should hold it.
inline Span spanOr(const Value* value, const Span& fallback) {
  return value && value->span().valid() ? value->span() : fallback;
}

// The span of `key` in an object (the key itself), or the object's span.
inline Span keySpan(const Value* object, std::string_view key) {
  if (!object) return {};
  if (const Member* m = object->findMember(key); m && m->key_span.valid()) return m->key_span;
  return object->span();
}

// The last segment of a resource id (`/…/applicationGateways/appgw-shop` → `appgw-shop`).
inline std::string_view lastSegment(std::string_view id) {
  std::size_t slash = id.rfind('/');
  return slash == std::string_view::npos ? id : id.substr(slash + 1);
}

}  // namespace palisade
