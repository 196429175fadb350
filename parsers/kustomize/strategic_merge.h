// Strategic merge as Kustomize applies its patches: maps merge key by key (a
// null deletes), lists of the built-in types merge by their merge keys
// (containers by name, ports by containerPort, env by name, volumeMounts by
// mountPath, ...), other lists are replaced, and the directives `$patch:
// delete|replace|merge`, `$retainKeys`, `$setElementOrder/` and
// `$deleteFromPrimitiveList/` are honoured. Values taken from the patch keep
// the patch's spans, so a finding on a patched value points at the patch line.
#pragma once

#include <string>

#include "core/value.h"

namespace palisade::kustomize {

// The merge key of a list field (by the field's name and its elements), or ""
// when the list is replaced as a whole.
std::string mergeKeyOf(std::string_view field, const Value& base_list, const Value& patch_list);

// Merges `patch` into `target`. Returns false when the patch deletes the
// whole object (`$patch: delete` at its top).
bool strategicMerge(Value& target, const Value& patch);

}  // namespace palisade::kustomize
