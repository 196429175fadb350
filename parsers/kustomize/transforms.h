// Kustomize's built-in transformers, each a pure edit of the objects of one
// kustomization: namespace, namePrefix/nameSuffix, labels, annotations,
// images, replicas; and, once at the top of a build, the rewriting of
// references to objects whose names changed. Values a transformer writes are
// located at the kustomization line that asked for them.
#pragma once

#include <string>
#include <vector>

#include "core/value.h"
#include "parsers/kustomize/built_object.h"

namespace palisade::kustomize {

// `namespace:` — every namespaced object, and the references that carry a namespace
// (RoleBinding ServiceAccount subjects, webhook and APIService services).
void setNamespace(std::vector<BuiltObject>& objects, const Value& ns);
// `namePrefix:` / `nameSuffix:` (either may be null).
void addNamePrefixSuffix(std::vector<BuiltObject>& objects, const Value* prefix, const Value* suffix);
// `commonLabels:` (selectors included) and `labels:` entries.
void addLabels(std::vector<BuiltObject>& objects, const Value& labels, bool selectors, bool templates);
void addAnnotations(std::vector<BuiltObject>& objects, const Value& annotations);
// Writes every member of `map` into the map at `path` (keys separated by '/',
// lists crossed), creating it when `create`: a transformer's field spec.
void applyFieldSpec(BuiltObject& object, std::string_view path, bool create, const Value& map);
// `images:` — name/newName/newTag/digest on every container and init container.
void setImages(std::vector<BuiltObject>& objects, const Value& images);
// `replicas:` — {name, count}; returns the names that matched nothing.
std::vector<std::string> setReplicas(std::vector<BuiltObject>& objects, const Value& replicas);
// Rewrites the references to ConfigMaps, Secrets, ServiceAccounts, Roles,
// Services, ... written against a name the object no longer has.
void fixNameReferences(std::vector<BuiltObject>& objects);

}  // namespace palisade::kustomize
