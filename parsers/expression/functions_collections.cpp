// Arrays and objects: length, contains, first/last, take/skip, range, union,
// intersection, coalesce, min/max, items, flatten, shallowMerge.
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

Value fnLength(const Args& a) {
  const Value& v = arg(a, 0);
  if (v.isString()) return Value::integer(static_cast<int64_t>(v.asString().size()), a.span);
  if (v.isArray()) return Value::integer(static_cast<int64_t>(v.items().size()), a.span);
  if (v.isObject()) return Value::integer(static_cast<int64_t>(v.members().size()), a.span);
  return fail(a, "length() of a value without length");
}

Value fnEmpty(const Args& a) {
  const Value& v = arg(a, 0);
  if (v.isNull()) return Value::boolean(true, a.span);
  if (v.isString()) return Value::boolean(v.asString().empty(), a.span);
  if (v.isArray()) return Value::boolean(v.items().empty(), a.span);
  if (v.isObject()) return Value::boolean(v.members().empty(), a.span);
  return fail(a, "empty() of a scalar");
}

Value fnContains(const Args& a) {
  const Value& c = arg(a, 0);
  const Value& item = arg(a, 1);
  if (c.isString()) {
    if (!item.isScalar() || item.isNull()) return fail(a, "contains() of a string needs a scalar");
    return Value::boolean(c.asString().find(valueToArmString(item)) != std::string::npos, a.span);
  }
  if (c.isObject()) {
    if (!item.isString()) return fail(a, "contains() of an object needs a key");
    std::string key = lowerAscii(item.asString());
    for (const Member& m : c.members()) {
      if (lowerAscii(m.key) == key) return Value::boolean(true, a.span);
    }
    return Value::boolean(false, a.span);
  }
  if (c.isArray()) {
    bool unknown = item.containsUnknown();
    for (const Value& v : c.items()) {
      if (v.containsUnknown()) {
        unknown = true;
      } else if (!item.containsUnknown() && v.sameContent(item)) {
        return Value::boolean(true, a.span);
      }
    }
    if (unknown) return fail(a, "contains() over partly unknown values");
    return Value::boolean(false, a.span);
  }
  return fail(a, "contains() needs a string, array or object");
}

Value firstOrLast(const Args& a, bool last) {
  const Value& v = arg(a, 0);
  if (v.isString()) {
    if (v.asString().empty()) return str("", a);
    return str(std::string(1, last ? v.asString().back() : v.asString().front()), a);
  }
  if (v.isArray()) {
    if (v.items().empty()) return Value::null(a.span);
    return last ? v.items().back() : v.items().front();
  }
  return fail(a, "first()/last() needs a string or an array");
}
Value fnFirst(const Args& a) { return firstOrLast(a, false); }
Value fnLast(const Args& a) { return firstOrLast(a, true); }

Value takeOrSkip(const Args& a, bool take) {
  if (!arg(a, 1).isInt()) return fail(a, "take()/skip() needs a count");
  int64_t n = std::max<int64_t>(0, arg(a, 1).asInt());
  const Value& v = arg(a, 0);
  if (v.isString()) {
    std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(n), v.asString().size());
    return str(take ? v.asString().substr(0, count) : v.asString().substr(count), a);
  }
  if (v.isArray()) {
    std::size_t count = std::min<std::size_t>(static_cast<std::size_t>(n), v.items().size());
    auto middle = v.items().begin() + static_cast<std::ptrdiff_t>(count);
    Value::Array out = take ? Value::Array(v.items().begin(), middle) : Value::Array(middle, v.items().end());
    return Value::array(std::move(out), a.span);
  }
  return fail(a, "take()/skip() needs a string or an array");
}
Value fnTake(const Args& a) { return takeOrSkip(a, true); }
Value fnSkip(const Args& a) { return takeOrSkip(a, false); }

Value fnRange(const Args& a) {
  if (!arg(a, 0).isInt() || !arg(a, 1).isInt()) return fail(a, "range() needs integers");
  int64_t start = arg(a, 0).asInt(), count = arg(a, 1).asInt();
  if (count < 0 || count > 100000) return fail(a, "range() count out of bounds");
  Value::Array out;
  for (int64_t i = 0; i < count; ++i) out.push_back(Value::integer(start + i, a.span));
  return Value::array(std::move(out), a.span);
}

Value fnUnion(const Args& a) {
  for (const Value& v : a.args) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
  }
  bool objects = std::all_of(a.args.begin(), a.args.end(), [](const Value& v) { return v.isObject() || v.isNull(); });
  bool arrays = std::all_of(a.args.begin(), a.args.end(), [](const Value& v) { return v.isArray() || v.isNull(); });
  if (objects) {
    Value out = Value::object({}, a.span);
    for (const Value& v : a.args) {
      if (v.isObject()) out = mergeObjects(out, v, true);
    }
    out.setSpan(a.span);
    return out;
  }
  if (arrays) {
    Value::Array out;
    for (const Value& v : a.args) {
      if (!v.isArray()) continue;
      for (const Value& item : v.items()) {
        bool seen = std::any_of(out.begin(), out.end(), [&](const Value& o) { return o.sameContent(item); });
        if (!seen) out.push_back(item);
      }
    }
    return Value::array(std::move(out), a.span);
  }
  return fail(a, "union() needs all objects or all arrays");
}

Value fnIntersection(const Args& a) {
  if (arg(a, 0).isArray()) {
    Value::Array out;
    for (const Value& item : arg(a, 0).items()) {
      bool everywhere = std::all_of(a.args.begin() + 1, a.args.end(), [&](const Value& other) {
        return other.isArray() && std::any_of(other.items().begin(), other.items().end(),
                                              [&](const Value& o) { return o.sameContent(item); });
      });
      if (everywhere) out.push_back(item);
    }
    return Value::array(std::move(out), a.span);
  }
  if (arg(a, 0).isObject()) {
    Value::Object out;
    for (const Member& m : arg(a, 0).members()) {
      bool everywhere = std::all_of(a.args.begin() + 1, a.args.end(), [&](const Value& other) {
        const Value* o = other.find(m.key);
        return o && o->sameContent(m.value);
      });
      if (everywhere) out.push_back(m);
    }
    return Value::object(std::move(out), a.span);
  }
  return fail(a, "intersection() needs arrays or objects");
}

Value fnCoalesce(const Args& a) {
  for (const Value& v : a.args) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!v.isNull()) return v;
  }
  return Value::null(a.span);
}

Value minOrMax(const Args& a, bool max) {
  std::vector<Value> values;
  for (const Value& v : a.args) {
    if (v.isArray()) {
      values.insert(values.end(), v.items().begin(), v.items().end());
    } else {
      values.push_back(v);
    }
  }
  if (values.empty()) return fail(a, "min()/max() of nothing");
  std::optional<int64_t> best;
  for (const Value& v : values) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!v.isInt()) return fail(a, "min()/max() needs integers");
    if (!best || (max ? v.asInt() > *best : v.asInt() < *best)) best = v.asInt();
  }
  return Value::integer(*best, a.span);
}
Value fnMin(const Args& a) { return minOrMax(a, false); }
Value fnMax(const Args& a) { return minOrMax(a, true); }

Value fnItems(const Args& a) {
  if (!arg(a, 0).isObject()) return fail(a, "items() needs an object");
  std::vector<Member> sorted = arg(a, 0).members();
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const Member& x, const Member& y) { return lowerAscii(x.key) < lowerAscii(y.key); });
  Value::Array out;
  for (const Member& m : sorted) {
    out.push_back(Value::object({Member{"key", m.key_span, Value::string(m.key, m.key_span)}, Member{"value", m.key_span, m.value}},
                                a.span));
  }
  return Value::array(std::move(out), a.span);
}

Value fnObjectKeys(const Args& a) {
  if (!arg(a, 0).isObject()) return fail(a, "objectKeys() needs an object");
  Value::Array out;
  for (const Member& m : arg(a, 0).members()) out.push_back(Value::string(m.key, m.key_span));
  return Value::array(std::move(out), a.span);
}

Value fnFlatten(const Args& a) {
  if (!arg(a, 0).isArray()) return fail(a, "flatten() needs an array");
  Value::Array out;
  for (const Value& v : arg(a, 0).items()) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!v.isArray()) return fail(a, "flatten() needs an array of arrays");
    out.insert(out.end(), v.items().begin(), v.items().end());
  }
  return Value::array(std::move(out), a.span);
}

Value fnShallowMerge(const Args& a) {
  if (!arg(a, 0).isArray()) return fail(a, "shallowMerge() needs an array of objects");
  Value out = Value::object({}, a.span);
  for (const Value& v : arg(a, 0).items()) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (v.isObject()) out = mergeObjects(out, v, false);
  }
  out.setSpan(a.span);
  return out;
}

}  // namespace palisade::functions
