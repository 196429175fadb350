// Kustomize's field paths as replacements and vars write them:
// `spec.template.spec.containers.[name=web].image`, `metadata.annotations.[a.b/c]`,
// `spec.ports.0.port`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace palisade::kustomize {

std::vector<std::string> splitFieldPath(std::string_view path);
const Value* findField(const Value& root, std::string_view path);
// With `create`, missing map keys on the way (and the last one) are made.
Value* findField(Value& root, std::string_view path, bool create = false);
std::vector<std::string> splitBy(const std::string& text, const std::string& delimiter);

}  // namespace palisade::kustomize
