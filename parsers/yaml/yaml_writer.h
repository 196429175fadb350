// The YAML writer: Values back to block-style YAML that the reader (and
// Kubernetes' decoder) reads as the same data — strings that would read as
// another type are quoted, multi-line text is a literal block where that is
// exact. Used to print built Kustomize objects (`palisade kustomize build`).
#pragma once

#include <functional>
#include <string>

#include "core/value.h"

namespace palisade {

// A comment to put after a scalar's line (without the '#'), or "" for none:
// where the value came from, say.
using YamlComment = std::function<std::string(const Value& scalar)>;

// One YAML document (no `---`), ending in a newline. Mapping keys keep their
// order; sequences are written at their key's indentation, as kubectl does.
std::string writeYaml(const Value& document, const YamlComment& comment = {});

}  // namespace palisade
