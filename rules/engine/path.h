// Path: the rule language's way to point into a Value —
// `spec.containers[*].securityContext.privileged`, `metadata.annotations['a.b/c']`,
// `$.metadata.name` (from the resource root), `@containers` (every container
// of a pod spec: containers, initContainers, ephemeralContainers), `.` (the
// current node itself).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace palisade {

struct PathSegment {
  enum class Kind { Key, Index, AnyElement, AnyKey, AllContainers };
  Kind kind = Kind::Key;
  std::string key;
  std::size_t index = 0;
};

struct Path {
  bool from_root = false;  // `$.`: from the resource body instead of the current node
  std::vector<PathSegment> segments;
  std::string text;  // as written

  bool hasWildcard() const;
};

// Parses a path; on error returns nullopt and sets `error` to what is wrong.
std::optional<Path> parsePath(std::string_view text, std::string& error);

// One place a path leads to. `value` is null when the path is missing there;
// `nearest` is then the deepest node that does exist (where a finding points).
struct PathMatch {
  const Value* value = nullptr;
  const Value* nearest = nullptr;
  std::string trail;  // e.g. "containers[web].securityContext"; element names, not indexes, where they exist
  const Value* element = nullptr;  // the last array element (an object) the path went through
};

// Follows a path from `current` (or `root` for `$.` paths). A missing key
// gives one match with a null value; a wildcard over an empty array gives none;
// an Unknown on the way stops there and is the match's value.
std::vector<PathMatch> resolvePath(const Path& path, const Value& current, const Value& root,
                                   const std::string& current_trail);

// "name" of an array element for trails: its `name` (Kubernetes) or `name`
// under the element, else its index.
std::string elementLabel(const Value& element, std::size_t index);

}  // namespace palisade
