// Bicep operators over Values (`+`, `==`, `=~`, `&&`, `??`, `!`, unary `-` …),
// with three-valued results: an Unknown operand gives Unknown unless the
// other operand decides (`false && x`, `true || x`, `null ?? x`).
#pragma once

#include <string_view>

#include "core/tri.h"
#include "core/value.h"

namespace palisade {

Value applyBinaryOperator(std::string_view op, const Value& left, const Value& right, const Span& span);
Value applyUnaryOperator(std::string_view op, const Value& operand, const Span& span);
// Truth of a condition value: Unknown for Unknown or non-bool values.
Tri truthOf(const Value& condition);

}  // namespace palisade
