// Conversions: int, bool, string, array and object construction, json().
#include "parsers/expression/function_families.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/ascii.h"
#include "core/source_file.h"
#include "parsers/expression/operators.h"
#include "parsers/json/located_json.h"

namespace palisade::functions {

Value fnInt(const Args& a) {
  const Value& v = arg(a, 0);
  if (v.isInt()) return relocated(v, a);
  if (v.isNumber()) return Value::integer(static_cast<int64_t>(v.asNumber()), a.span);
  if (v.isString()) {
    int64_t n = 0;
    const std::string& s = v.asString();
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
    if (ec == std::errc() && p == s.data() + s.size()) return Value::integer(n, a.span);
  }
  return fail(a, "int() of a value that is not a number");
}

Value fnBool(const Args& a) {
  const Value& v = arg(a, 0);
  if (v.isBool()) return relocated(v, a);
  if (v.isInt()) return Value::boolean(v.asInt() != 0, a.span);
  if (v.isString()) {
    std::string s = lowerAscii(v.asString());
    if (s == "true") return Value::boolean(true, a.span);
    if (s == "false") return Value::boolean(false, a.span);
  }
  return fail(a, "bool() of a value that is not a boolean");
}

Value fnArray(const Args& a) {
  if (arg(a, 0).isArray()) return relocated(arg(a, 0), a);
  return Value::array({arg(a, 0)}, a.span);
}

Value fnCreateArray(const Args& a) { return Value::array(a.args, a.span); }

Value fnCreateObject(const Args& a) {
  if (a.args.size() % 2 != 0) return fail(a, "createObject() needs key/value pairs");
  Value::Object members;
  for (std::size_t i = 0; i < a.args.size(); i += 2) {
    if (!a.args[i].isString()) return fail(a, "createObject() keys must be strings");
    members.push_back(Member{a.args[i].asString(), a.args[i].span(), a.args[i + 1]});
  }
  return Value::object(std::move(members), a.span);
}

// Every span of a value read from json()'s text becomes the call's: the text
// has no file of its own.
void relocateAll(Value& v, const Span& at) {
  v.setSpan(at);
  if (v.isArray()) {
    for (Value& item : v.items()) relocateAll(item, at);
  } else if (v.isObject()) {
    for (Member& m : v.members()) {
      m.key_span = at;
      relocateAll(m.value, at);
    }
  }
}

Value fnJson(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "json() needs a string");
  SourceFile text("json()", arg(a, 0).asString());
  LocatedJsonResult read = parseLocatedJson(text);
  if (!read.ok) return fail(a, "json() of text that is not JSON");
  relocateAll(read.value, a.span);
  return std::move(read.value);
}

}  // namespace palisade::functions
