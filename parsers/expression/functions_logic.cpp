// Logic and comparison: the ARM spellings of the Bicep operators, if(), tryGet().
#include "parsers/expression/function_families.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/ascii.h"
#include "parsers/expression/operators.h"

namespace palisade::functions {

Value binary(const Args& a, std::string_view op) { return applyBinaryOperator(op, arg(a, 0), arg(a, 1), a.span); }
Value fnEquals(const Args& a) { return binary(a, "=="); }
Value fnLess(const Args& a) { return binary(a, "<"); }
Value fnLessOrEquals(const Args& a) { return binary(a, "<="); }
Value fnGreater(const Args& a) { return binary(a, ">"); }
Value fnGreaterOrEquals(const Args& a) { return binary(a, ">="); }
Value fnAdd(const Args& a) { return binary(a, "+"); }
Value fnSub(const Args& a) { return binary(a, "-"); }
Value fnMul(const Args& a) { return binary(a, "*"); }
Value fnDiv(const Args& a) { return binary(a, "/"); }
Value fnMod(const Args& a) { return binary(a, "%"); }
Value fnNot(const Args& a) { return applyUnaryOperator("!", arg(a, 0), a.span); }

Value andOr(const Args& a, bool is_and) {
  Value acc = arg(a, 0);
  for (std::size_t i = 1; i < a.args.size(); ++i) acc = applyBinaryOperator(is_and ? "&&" : "||", acc, a.args[i], a.span);
  return acc;
}
Value fnAnd(const Args& a) { return andOr(a, true); }
Value fnOr(const Args& a) { return andOr(a, false); }

Value fnIf(const Args& a) {
  Tri t = truthOf(arg(a, 0));
  if (t == Tri::True) return arg(a, 1);
  if (t == Tri::False) return arg(a, 2);
  if (arg(a, 1).sameContent(arg(a, 2))) return arg(a, 1);
  return Value::unknown(arg(a, 0).isUnknown() ? arg(a, 0).asString() : "if() condition is not a boolean", a.span);
}

// tryGet(object, key...) / tryGet(array, index...): null where a step is missing.
Value fnTryGet(const Args& a) {
  Value current = arg(a, 0);
  for (std::size_t i = 1; i < a.args.size(); ++i) {
    const Value& key = a.args[i];
    if (current.isUnknown()) return Value::unknown(current.asString(), a.span);
    const Value* next = nullptr;
    if (current.isObject() && key.isString()) {
      next = current.find(key.asString());
      if (!next) {
        if (const Value* spread = current.find("...")) return Value::unknown(spread->asString(), a.span);
      }
    } else if (current.isArray() && key.isInt() && key.asInt() >= 0) {
      next = current.at(static_cast<std::size_t>(key.asInt()));
    } else if (key.isUnknown()) {
      return Value::unknown(key.asString(), a.span);
    }
    if (!next) return Value::null(a.span);
    current = Value(*next);  // copy first: `next` points into `current`
  }
  return relocated(std::move(current), a);
}

Value fnTrue(const Args& a) { return Value::boolean(true, a.span); }
Value fnFalse(const Args& a) { return Value::boolean(false, a.span); }
Value fnNull(const Args& a) { return Value::null(a.span); }

}  // namespace palisade::functions
