// One object on its way through a Kustomize build: its located body and the
// names and namespaces it has had, which is how kustomize matches patches and
// rewrites references written against a base's names.
#pragma once

#include <string>
#include <vector>

#include "core/value.h"

namespace palisade::kustomize {

struct BuiltObject {
  Value body;
  std::vector<std::string> names;       // every name it has had, the one first written first
  std::vector<std::string> namespaces;  // the same for its namespace ("" for none)
  bool hash_suffix = false;             // a generated ConfigMap/Secret that gets kustomize's hash suffix
  std::string behavior;                 // a generated object's: create, merge or replace

  std::string apiVersion() const;
  std::string kind() const;
  std::string name() const;
  std::string namespaceName() const;
  std::string group() const;    // "" for the core group
  std::string version() const;
  bool hadName(std::string_view name) const;
  bool hadNamespace(std::string_view ns) const;
  // Records the current name and namespace in the histories (after a transformer changed them).
  void remember();
};

// Kinds without a namespace: the namespace transformer leaves them alone.
bool isClusterScoped(std::string_view kind);

}  // namespace palisade::kustomize
