// JSON patches (RFC 6902) on located Values: add, remove, replace, move,
// copy and test, with JSON pointers (RFC 6901). Values the patch adds keep
// the patch's spans.
#pragma once

#include <string>

#include "core/value.h"

namespace palisade::kustomize {

// Applies every operation of `operations` (an array of {op, path, value,
// from}) to `target`, in order. Returns "" on success, or why an operation
// failed (the target is then left as the failed operation found it).
std::string applyJsonPatch(Value& target, const Value& operations);

}  // namespace palisade::kustomize
