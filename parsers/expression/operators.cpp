#include "parsers/expression/operators.h"

#include <cmath>
#include <string>

#include "core/ascii.h"
#include "parsers/expression/function_library.h"

namespace palisade {

namespace {

Value unknownFrom(const Value& a, const Value& b, const Span& span) {
  const Value& source = a.isUnknown() ? a : b;
  return Value::unknown(source.asString(), span);
}

Value compare(std::string_view op, const Value& left, const Value& right, const Span& span) {
  if (left.isUnknown() || right.isUnknown()) return unknownFrom(left, right, span);
  int order = 0;
  if (left.isNumber() && right.isNumber()) {
    double a = left.asNumber(), b = right.asNumber();
    order = a < b ? -1 : (a > b ? 1 : 0);
  } else if (left.isString() && right.isString()) {
    int c = left.asString().compare(right.asString());
    order = c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else {
    return Value::unknown(std::string("cannot compare ") + std::string(kindName(left.kind())) + " with " +
                              std::string(kindName(right.kind())),
                          span);
  }
  bool result = op == "<" ? order < 0 : op == "<=" ? order <= 0 : op == ">" ? order > 0 : order >= 0;
  return Value::boolean(result, span);
}

Value arithmetic(std::string_view op, const Value& left, const Value& right, const Span& span) {
  if (left.isUnknown() || right.isUnknown()) return unknownFrom(left, right, span);
  if (!left.isInt() || !right.isInt()) {
    return Value::unknown(std::string("operator ") + std::string(op) + " needs integers", span);
  }
  int64_t a = left.asInt(), b = right.asInt();
  if (op == "+") return Value::integer(a + b, span);
  if (op == "-") return Value::integer(a - b, span);
  if (op == "*") return Value::integer(a * b, span);
  if (b == 0) return Value::unknown("division by zero", span);
  if (op == "/") return Value::integer(a / b, span);
  return Value::integer(a % b, span);
}

}  // namespace

Tri truthOf(const Value& condition) {
  if (condition.isBool()) return triOf(condition.asBool());
  return Tri::Unknown;
}

Value applyBinaryOperator(std::string_view op, const Value& left, const Value& right, const Span& span) {
  if (op == "&&" || op == "||") {
    bool is_and = op == "&&";
    Tri l = truthOf(left), r = truthOf(right);
    // The side that decides wins even when the other is Unknown.
    if (l == triOf(!is_and) || r == triOf(!is_and)) return Value::boolean(!is_and, span);
    if (l == Tri::Unknown || r == Tri::Unknown) {
      if (left.isUnknown() || right.isUnknown()) return unknownFrom(left, right, span);
      return Value::unknown(std::string("operator ") + std::string(op) + " needs booleans", span);
    }
    return Value::boolean(is_and, span);
  }
  if (op == "??") {
    if (left.isUnknown()) return Value::unknown(left.asString(), span);
    if (!left.isNull()) return left;
    return right;
  }
  if (op == "==" || op == "!=" || op == "=~" || op == "!~") {
    if (left.containsUnknown() || right.containsUnknown()) {
      if (left.isUnknown() || right.isUnknown()) return unknownFrom(left, right, span);
      return Value::unknown("comparison of values that are partly unknown", span);
    }
    bool equal;
    if (op == "=~" || op == "!~") {
      equal = left.isString() && right.isString() ? lowerAscii(left.asString()) == lowerAscii(right.asString())
                                                 : left.sameContent(right);
    } else {
      equal = left.sameContent(right);
    }
    bool negate = op[0] == '!';
    return Value::boolean(negate ? !equal : equal, span);
  }
  if (op == "<" || op == "<=" || op == ">" || op == ">=") return compare(op, left, right, span);
  if (op == "+" || op == "-" || op == "*" || op == "/" || op == "%") return arithmetic(op, left, right, span);
  return Value::unknown(std::string("unsupported operator ") + std::string(op), span);
}

Value applyUnaryOperator(std::string_view op, const Value& operand, const Span& span) {
  if (operand.isUnknown()) return Value::unknown(operand.asString(), span);
  if (op == "!") {
    if (!operand.isBool()) return Value::unknown("operator ! needs a boolean", span);
    return Value::boolean(!operand.asBool(), span);
  }
  if (op == "-") {
    if (operand.isInt()) return Value::integer(-operand.asInt(), span);
    if (operand.isNumber()) return Value::number(-operand.asNumber(), span);
    return Value::unknown("operator - needs a number", span);
  }
  return Value::unknown(std::string("unsupported operator ") + std::string(op), span);
}

}  // namespace palisade
