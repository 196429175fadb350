#include "parsers/expression/function_library.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "parsers/expression/operators.h"

namespace palisade {

namespace {

using Args = FunctionArgs;

std::string lowered(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

Value fail(const Args& a, std::string_view why) { return Value::unknown(std::string(why), a.span); }

Value deploymentOnly(const Args& a, std::string_view what) {
  return Value::unknown(std::string(what) + " is known only at deployment", a.span);
}

Value str(std::string s, const Args& a) { return Value::string(std::move(s), a.span); }

// Copies a value and relocates it to the call (its content keeps its own spans).
Value at(Value v, const Args& a) {
  v.setSpan(a.span);
  return v;
}

const Value& arg(const Args& a, std::size_t i) { return a.args[i]; }

// ---- strings ----

Value fnConcat(const Args& a) {
  bool arrays = !a.args.empty();
  for (const Value& v : a.args) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!v.isArray() && !v.isNull()) arrays = false;
  }
  if (arrays) {
    Value::Array out;
    for (const Value& v : a.args) {
      if (v.isArray()) out.insert(out.end(), v.items().begin(), v.items().end());
    }
    return Value::array(std::move(out), a.span);
  }
  std::string out;
  for (const Value& v : a.args) {
    if (v.isArray() || v.isObject()) return fail(a, "concat() mixes strings and containers");
    out += valueToArmString(v);
  }
  return str(std::move(out), a);
}

Value fnFormat(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "format() needs a format string");
  const std::string& f = arg(a, 0).asString();
  std::string out;
  for (std::size_t i = 0; i < f.size(); ++i) {
    char c = f[i];
    if (c == '{' && i + 1 < f.size() && f[i + 1] == '{') {
      out.push_back('{');
      ++i;
    } else if (c == '}' && i + 1 < f.size() && f[i + 1] == '}') {
      out.push_back('}');
      ++i;
    } else if (c == '{') {
      std::size_t close = f.find('}', i);
      if (close == std::string::npos) return fail(a, "format() string has an unclosed '{'");
      std::string spec = f.substr(i + 1, close - i - 1);
      std::size_t colon = spec.find(':');
      std::string index_text = spec.substr(0, colon);
      std::size_t index = 0;
      auto [p, ec] = std::from_chars(index_text.data(), index_text.data() + index_text.size(), index);
      if (ec != std::errc() || index + 1 >= a.args.size()) return fail(a, "format() index out of range");
      const Value& v = a.args[index + 1];
      if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
      out += valueToArmString(v);
      i = close;
    } else {
      out.push_back(c);
    }
  }
  return str(std::move(out), a);
}

Value fnToLower(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "toLower() needs a string");
  return str(lowered(arg(a, 0).asString()), a);
}

Value fnToUpper(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "toUpper() needs a string");
  std::string s = arg(a, 0).asString();
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return str(std::move(s), a);
}

Value fnTrim(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "trim() needs a string");
  std::string s = arg(a, 0).asString();
  auto space = [](unsigned char c) { return std::isspace(c) != 0; };
  while (!s.empty() && space(static_cast<unsigned char>(s.back()))) s.pop_back();
  std::size_t start = 0;
  while (start < s.size() && space(static_cast<unsigned char>(s[start]))) ++start;
  return str(s.substr(start), a);
}

Value fnReplace(const Args& a) {
  if (!arg(a, 0).isString() || !arg(a, 1).isString() || !arg(a, 2).isString()) {
    return fail(a, "replace() needs strings");
  }
  std::string s = arg(a, 0).asString();
  const std::string& from = arg(a, 1).asString();
  const std::string& to = arg(a, 2).asString();
  if (from.empty()) return str(s, a);
  std::string out;
  std::size_t pos = 0;
  for (std::size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) {
    out.append(s, pos, hit - pos);
    out += to;
  }
  out.append(s, pos);
  return str(std::move(out), a);
}

Value fnSplit(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "split() needs a string");
  std::vector<std::string> delimiters;
  if (arg(a, 1).isString()) {
    delimiters.push_back(arg(a, 1).asString());
  } else if (arg(a, 1).isArray()) {
    for (const Value& d : arg(a, 1).items()) {
      if (!d.isString()) return fail(a, "split() delimiters must be strings");
      delimiters.push_back(d.asString());
    }
  } else {
    return fail(a, "split() needs a string delimiter");
  }
  const std::string& s = arg(a, 0).asString();
  Value::Array parts;
  std::size_t pos = 0;
  while (true) {
    std::size_t best = std::string::npos, width = 0;
    for (const std::string& d : delimiters) {
      if (d.empty()) continue;
      std::size_t hit = s.find(d, pos);
      if (hit < best) {
        best = hit;
        width = d.size();
      }
    }
    if (best == std::string::npos) break;
    parts.push_back(Value::string(s.substr(pos, best - pos), a.span));
    pos = best + width;
  }
  parts.push_back(Value::string(s.substr(pos), a.span));
  return Value::array(std::move(parts), a.span);
}

Value fnJoin(const Args& a) {
  if (!arg(a, 0).isArray() || !arg(a, 1).isString()) return fail(a, "join() needs an array and a string");
  std::string out;
  bool first = true;
  for (const Value& v : arg(a, 0).items()) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!first) out += arg(a, 1).asString();
    first = false;
    out += valueToArmString(v);
  }
  return str(std::move(out), a);
}

Value fnStartsWith(const Args& a) {
  if (!arg(a, 0).isString() || !arg(a, 1).isString()) return fail(a, "startsWith() needs strings");
  return Value::boolean(lowered(arg(a, 0).asString()).starts_with(lowered(arg(a, 1).asString())), a.span);
}

Value fnEndsWith(const Args& a) {
  if (!arg(a, 0).isString() || !arg(a, 1).isString()) return fail(a, "endsWith() needs strings");
  return Value::boolean(lowered(arg(a, 0).asString()).ends_with(lowered(arg(a, 1).asString())), a.span);
}

Value indexOfImpl(const Args& a, bool last) {
  if (!arg(a, 0).isString() || !arg(a, 1).isString()) return fail(a, "indexOf() needs strings");
  std::string s = lowered(arg(a, 0).asString()), needle = lowered(arg(a, 1).asString());
  std::size_t hit = last ? s.rfind(needle) : s.find(needle);
  return Value::integer(hit == std::string::npos ? -1 : static_cast<int64_t>(hit), a.span);
}
Value fnIndexOf(const Args& a) {
  if (arg(a, 0).isArray()) {
    const auto& items = arg(a, 0).items();
    for (std::size_t i = 0; i < items.size(); ++i) {
      if (items[i].sameContent(arg(a, 1))) return Value::integer(static_cast<int64_t>(i), a.span);
    }
    return Value::integer(-1, a.span);
  }
  return indexOfImpl(a, false);
}
Value fnLastIndexOf(const Args& a) { return indexOfImpl(a, true); }

Value fnSubstring(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "substring() needs a string");
  const std::string& s = arg(a, 0).asString();
  int64_t start = a.args.size() > 1 && arg(a, 1).isInt() ? arg(a, 1).asInt() : 0;
  int64_t length = a.args.size() > 2 && arg(a, 2).isInt() ? arg(a, 2).asInt() : static_cast<int64_t>(s.size()) - start;
  if (start < 0 || length < 0 || start + length > static_cast<int64_t>(s.size())) {
    return fail(a, "substring() out of range");
  }
  return str(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(length)), a);
}

Value fnPadLeft(const Args& a) {
  if (!arg(a, 1).isInt()) return fail(a, "padLeft() needs a length");
  std::string s = valueToArmString(arg(a, 0));
  char pad = a.args.size() > 2 && arg(a, 2).isString() && !arg(a, 2).asString().empty() ? arg(a, 2).asString()[0] : ' ';
  auto width = static_cast<std::size_t>(std::max<int64_t>(0, arg(a, 1).asInt()));
  if (s.size() < width) s.insert(0, width - s.size(), pad);
  return str(std::move(s), a);
}

Value fnString(const Args& a) { return str(valueToArmString(arg(a, 0)), a); }

Value fnBase64(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "base64() needs a string");
  static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string& s = arg(a, 0).asString();
  std::string out;
  for (std::size_t i = 0; i < s.size(); i += 3) {
    uint32_t n = static_cast<unsigned char>(s[i]) << 16;
    if (i + 1 < s.size()) n |= static_cast<unsigned char>(s[i + 1]) << 8;
    if (i + 2 < s.size()) n |= static_cast<unsigned char>(s[i + 2]);
    out.push_back(alphabet[(n >> 18) & 63]);
    out.push_back(alphabet[(n >> 12) & 63]);
    out.push_back(i + 1 < s.size() ? alphabet[(n >> 6) & 63] : '=');
    out.push_back(i + 2 < s.size() ? alphabet[n & 63] : '=');
  }
  return str(std::move(out), a);
}

// ---- conversions ----

Value fnInt(const Args& a) {
  const Value& v = arg(a, 0);
  if (v.isInt()) return at(v, a);
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
  if (v.isBool()) return at(v, a);
  if (v.isInt()) return Value::boolean(v.asInt() != 0, a.span);
  if (v.isString()) {
    std::string s = lowered(v.asString());
    if (s == "true") return Value::boolean(true, a.span);
    if (s == "false") return Value::boolean(false, a.span);
  }
  return fail(a, "bool() of a value that is not a boolean");
}

Value fnArray(const Args& a) {
  if (arg(a, 0).isArray()) return at(arg(a, 0), a);
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

// Parses JSON text into a Value; used by json(). Positions are the call's.
struct JsonText {
  std::string_view s;
  std::size_t i = 0;
  Span span;
  int depth = 0;
  bool ok = true;

  void skip() {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  }
  Value parse() {
    if (++depth > 256) {
      ok = false;
      return {};
    }
    skip();
    if (i >= s.size()) {
      ok = false;
      return {};
    }
    char c = s[i];
    Value out;
    if (c == '{') {
      ++i;
      Value::Object members;
      skip();
      if (i < s.size() && s[i] == '}') {
        ++i;
      } else {
        while (ok) {
          skip();
          Value key = parse();
          if (!ok || !key.isString()) {
            ok = false;
            break;
          }
          skip();
          if (i >= s.size() || s[i] != ':') {
            ok = false;
            break;
          }
          ++i;
          Value v = parse();
          members.push_back(Member{key.asString(), span, std::move(v)});
          skip();
          if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
          }
          if (i < s.size() && s[i] == '}') {
            ++i;
            break;
          }
          ok = false;
        }
      }
      out = Value::object(std::move(members), span);
    } else if (c == '[') {
      ++i;
      Value::Array items;
      skip();
      if (i < s.size() && s[i] == ']') {
        ++i;
      } else {
        while (ok) {
          items.push_back(parse());
          skip();
          if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
          }
          if (i < s.size() && s[i] == ']') {
            ++i;
            break;
          }
          ok = false;
        }
      }
      out = Value::array(std::move(items), span);
    } else if (c == '"') {
      ++i;
      std::string text;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) {
          char e = s[++i];
          text.push_back(e == 'n' ? '\n' : e == 't' ? '\t' : e == 'r' ? '\r' : e);
        } else {
          text.push_back(s[i]);
        }
        ++i;
      }
      if (i >= s.size()) ok = false;
      ++i;
      out = Value::string(std::move(text), span);
    } else if (s.substr(i, 4) == "true") {
      i += 4;
      out = Value::boolean(true, span);
    } else if (s.substr(i, 5) == "false") {
      i += 5;
      out = Value::boolean(false, span);
    } else if (s.substr(i, 4) == "null") {
      i += 4;
      out = Value::null(span);
    } else {
      std::size_t start = i;
      while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-' || s[i] == '.' ||
                              s[i] == 'e' || s[i] == 'E' || s[i] == '+')) {
        ++i;
      }
      std::string_view number = s.substr(start, i - start);
      int64_t n = 0;
      auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
      if (number.empty()) {
        ok = false;
      } else if (ec == std::errc() && p == number.data() + number.size()) {
        out = Value::integer(n, span);
      } else {
        out = Value::number(std::strtod(std::string(number).c_str(), nullptr), span);
      }
    }
    --depth;
    return out;
  }
};

Value fnJson(const Args& a) {
  if (!arg(a, 0).isString()) return fail(a, "json() needs a string");
  JsonText parser{arg(a, 0).asString(), 0, a.span};
  Value v = parser.parse();
  parser.skip();
  if (!parser.ok || parser.i != parser.s.size()) return fail(a, "json() of text that is not JSON");
  return v;
}

// ---- collections ----

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
    std::string key = lowered(item.asString());
    for (const Member& m : c.members()) {
      if (lowered(m.key) == key) return Value::boolean(true, a.span);
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
                   [](const Member& x, const Member& y) { return lowered(x.key) < lowered(y.key); });
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

// ---- logic and comparison (ARM spellings of the Bicep operators) ----

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
  return at(std::move(current), a);
}

Value fnTrue(const Args& a) { return Value::boolean(true, a.span); }
Value fnFalse(const Args& a) { return Value::boolean(false, a.span); }
Value fnNull(const Args& a) { return Value::null(a.span); }

// ---- deployment context ----

Value contextObject(const Args& a, std::string_view what, std::initializer_list<std::string_view> keys) {
  Value::Object members;
  for (std::string_view key : keys) {
    members.push_back(Member{std::string(key), a.span,
                             Value::unknown(fmt::format("{}().{} is known only at deployment", what, key), a.span)});
  }
  return Value::object(std::move(members), a.span);
}

// A member of a context object that is known: its value replaces the Unknown.
void setKnown(Value& object, std::string_view key, const std::string& text, const Args& a) {
  if (text.empty()) return;
  if (Value* member = object.find(key)) *member = Value::string(text, a.span);
}

std::string subscriptionIdOf(const std::string& subscription) {
  return subscription.empty() ? std::string() : "/subscriptions/" + subscription;
}

// resourceGroup(), resourceGroup(name), resourceGroup(subscriptionId, name): the
// name and id are known when given, or when a module's `scope:` named the group.
Value fnResourceGroup(const Args& a) {
  const DeploymentScope& scope = a.context.scope;
  std::string subscription = scope.subscription;
  std::string group = scope.kind == DeploymentScope::Kind::ResourceGroup ? scope.resource_group : std::string();
  Value out;
  if (!a.args.empty()) {
    out = contextObject(a, "resourceGroup", {"id", "name", "location", "properties", "tags", "managedBy"});
    group = a.args.back().isString() ? a.args.back().asString() : std::string();
    if (a.args.size() == 2) subscription = a.args[0].isString() ? a.args[0].asString() : std::string();
  } else {
    out = contextObject(a, "resourceGroup", {"id", "name", "type", "location", "properties", "tags", "managedBy"});
    setKnown(out, "type", "Microsoft.Resources/resourceGroups", a);
  }
  setKnown(out, "name", group, a);
  if (!group.empty() && !subscription.empty()) setKnown(out, "id", subscriptionIdOf(subscription) + "/resourceGroups/" + group, a);
  return out;
}
Value fnSubscription(const Args& a) {
  Value out = contextObject(a, "subscription", {"id", "subscriptionId", "tenantId", "displayName"});
  std::string subscription = a.args.empty() ? a.context.scope.subscription
                             : a.args[0].isString() ? a.args[0].asString()
                                                    : std::string();
  setKnown(out, "subscriptionId", subscription, a);
  setKnown(out, "id", subscriptionIdOf(subscription), a);
  return out;
}
Value fnTenant(const Args& a) { return contextObject(a, "tenant", {"tenantId", "countryCode", "displayName"}); }
Value fnManagementGroup(const Args& a) {
  Value out = contextObject(a, "managementGroup", {"id", "name", "type", "properties"});
  const DeploymentScope& scope = a.context.scope;
  std::string group = !a.args.empty() ? (a.args[0].isString() ? a.args[0].asString() : std::string())
                      : scope.kind == DeploymentScope::Kind::ManagementGroup ? scope.management_group
                                                                             : std::string();
  setKnown(out, "name", group, a);
  if (!group.empty()) setKnown(out, "id", "/providers/Microsoft.Management/managementGroups/" + group, a);
  return out;
}
Value fnDeployment(const Args& a) { return contextObject(a, "deployment", {"name", "location", "properties"}); }
Value fnDeployer(const Args& a) { return contextObject(a, "deployer", {"objectId", "tenantId", "userPrincipalName"}); }
Value fnEnvironment(const Args& a) {
  return contextObject(a, "environment", {"name", "authentication", "resourceManager", "suffixes", "graph", "gallery"});
}
Value fnUniqueString(const Args& a) { return deploymentOnly(a, "uniqueString()"); }
Value fnGuid(const Args& a) { return deploymentOnly(a, "guid()"); }
Value fnNewGuid(const Args& a) { return deploymentOnly(a, "newGuid()"); }
Value fnUtcNow(const Args& a) { return deploymentOnly(a, "utcNow()"); }
Value fnReference(const Args& a) { return deploymentOnly(a, "reference()"); }
Value fnDateTimeAdd(const Args& a) { return deploymentOnly(a, "dateTimeAdd()"); }
Value fnPickZones(const Args& a) { return deploymentOnly(a, "pickZones()"); }

// resourceId([subscriptionId], [resourceGroupName], type, name...): a stand-in id.
Value resourceIdImpl(const Args& a, std::string_view scope) {
  for (const Value& v : a.args) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!v.isString()) return fail(a, "resource id parts must be strings");
  }
  std::size_t type_index = 0;
  while (type_index < a.args.size() && a.args[type_index].asString().find('/') == std::string::npos) ++type_index;
  if (type_index >= a.args.size()) return fail(a, "resource id without a resource type");
  std::string prefix;
  if (scope == "tenant") {
    prefix = "";
  } else if (scope == "managementGroup") {
    const std::string& group = a.context.scope.management_group;
    prefix = "/providers/Microsoft.Management/managementGroups/" + (group.empty() ? std::string("{managementGroup}") : group);
  } else {
    const DeploymentScope& deployed_to = a.context.scope;
    std::string subscription = deployed_to.subscription.empty() ? "{subscriptionId}" : deployed_to.subscription;
    std::string group = deployed_to.kind == DeploymentScope::Kind::ResourceGroup && !deployed_to.resource_group.empty()
                            ? deployed_to.resource_group
                            : "{resourceGroupName}";
    if (scope == "resourceGroup") {
      if (type_index >= 2) subscription = a.args[0].asString();
      if (type_index >= 1) group = a.args[type_index - 1].asString();
      prefix = "/subscriptions/" + subscription + "/resourceGroups/" + group;
    } else {
      if (type_index >= 1) subscription = a.args[0].asString();
      prefix = "/subscriptions/" + subscription;
    }
  }
  const std::string& type = a.args[type_index].asString();
  std::size_t slash = type.find('/');
  std::string out = prefix + "/providers/" + type.substr(0, slash);
  std::vector<std::string> type_parts;
  for (std::size_t pos = slash + 1; pos <= type.size();) {
    std::size_t next = type.find('/', pos);
    if (next == std::string::npos) next = type.size();
    type_parts.push_back(type.substr(pos, next - pos));
    pos = next + 1;
  }
  // A name argument may hold several segments: resourceId(type, 'vnet/subnet').
  std::vector<std::string> names;
  for (std::size_t i = type_index + 1; i < a.args.size(); ++i) {
    const std::string& name = a.args[i].asString();
    for (std::size_t pos = 0; pos <= name.size();) {
      std::size_t next = std::min(name.find('/', pos), name.size());
      names.push_back(name.substr(pos, next - pos));
      pos = next + 1;
    }
  }
  if (names.size() != type_parts.size()) return fail(a, "resource id names do not match the type's segments");
  for (std::size_t i = 0; i < type_parts.size(); ++i) out += "/" + type_parts[i] + "/" + names[i];
  return str(std::move(out), a);
}
Value fnResourceId(const Args& a) {
  return resourceIdImpl(a, a.context.scope.kind == DeploymentScope::Kind::ResourceGroup ? "resourceGroup" : "subscription");
}
Value fnSubscriptionResourceId(const Args& a) { return resourceIdImpl(a, "subscription"); }
Value fnTenantResourceId(const Args& a) { return resourceIdImpl(a, "tenant"); }
Value fnManagementGroupResourceId(const Args& a) { return resourceIdImpl(a, "managementGroup"); }
Value fnExtensionResourceId(const Args& a) {
  if (arg(a, 0).isUnknown()) return Value::unknown(arg(a, 0).asString(), a.span);
  std::vector<Value> rest(a.args.begin() + 1, a.args.end());
  Args inner{rest, a.span, a.context};
  Value tail = resourceIdImpl(inner, "tenant");
  if (!tail.isString() || !arg(a, 0).isString()) return tail;
  return str(arg(a, 0).asString() + tail.asString(), a);
}

// Sorted by name: builtinFunctions() is searched by binary search.
constexpr std::array kFunctions = {
    FunctionInfo{"add", 2, 2, false, fnAdd},
    FunctionInfo{"and", 2, 255, true, fnAnd},
    FunctionInfo{"array", 1, 1, false, fnArray},
    FunctionInfo{"base64", 1, 1, false, fnBase64},
    FunctionInfo{"bool", 1, 1, false, fnBool},
    FunctionInfo{"coalesce", 1, 255, true, fnCoalesce},
    FunctionInfo{"concat", 1, 255, true, fnConcat},
    FunctionInfo{"contains", 2, 2, false, fnContains},
    FunctionInfo{"createarray", 0, 255, true, fnCreateArray},
    FunctionInfo{"createobject", 0, 255, true, fnCreateObject},
    FunctionInfo{"datetimeadd", 2, 3, true, fnDateTimeAdd},
    FunctionInfo{"deployer", 0, 0, false, fnDeployer},
    FunctionInfo{"deployment", 0, 0, false, fnDeployment},
    FunctionInfo{"div", 2, 2, false, fnDiv},
    FunctionInfo{"empty", 1, 1, false, fnEmpty},
    FunctionInfo{"endswith", 2, 2, false, fnEndsWith},
    FunctionInfo{"environment", 0, 0, false, fnEnvironment},
    FunctionInfo{"equals", 2, 2, true, fnEquals},
    FunctionInfo{"extensionresourceid", 3, 255, true, fnExtensionResourceId},
    FunctionInfo{"false", 0, 0, false, fnFalse},
    FunctionInfo{"first", 1, 1, false, fnFirst},
    FunctionInfo{"flatten", 1, 1, false, fnFlatten},
    FunctionInfo{"format", 1, 255, true, fnFormat},
    FunctionInfo{"greater", 2, 2, true, fnGreater},
    FunctionInfo{"greaterorequals", 2, 2, true, fnGreaterOrEquals},
    FunctionInfo{"guid", 1, 255, true, fnGuid},
    FunctionInfo{"if", 3, 3, true, fnIf},
    FunctionInfo{"indexof", 2, 2, false, fnIndexOf},
    FunctionInfo{"int", 1, 1, false, fnInt},
    FunctionInfo{"intersection", 2, 255, false, fnIntersection},
    FunctionInfo{"items", 1, 1, false, fnItems},
    FunctionInfo{"join", 2, 2, false, fnJoin},
    FunctionInfo{"json", 1, 1, false, fnJson},
    FunctionInfo{"last", 1, 1, false, fnLast},
    FunctionInfo{"lastindexof", 2, 2, false, fnLastIndexOf},
    FunctionInfo{"length", 1, 1, false, fnLength},
    FunctionInfo{"less", 2, 2, true, fnLess},
    FunctionInfo{"lessorequals", 2, 2, true, fnLessOrEquals},
    FunctionInfo{"managementgroup", 0, 1, true, fnManagementGroup},
    FunctionInfo{"managementgroupresourceid", 2, 255, true, fnManagementGroupResourceId},
    FunctionInfo{"max", 1, 255, false, fnMax},
    FunctionInfo{"min", 1, 255, false, fnMin},
    FunctionInfo{"mod", 2, 2, false, fnMod},
    FunctionInfo{"mul", 2, 2, false, fnMul},
    FunctionInfo{"newguid", 0, 0, false, fnNewGuid},
    FunctionInfo{"not", 1, 1, false, fnNot},
    FunctionInfo{"null", 0, 0, false, fnNull},
    FunctionInfo{"objectkeys", 1, 1, false, fnObjectKeys},
    FunctionInfo{"or", 2, 255, true, fnOr},
    FunctionInfo{"padleft", 2, 3, false, fnPadLeft},
    FunctionInfo{"pickzones", 3, 5, true, fnPickZones},
    FunctionInfo{"range", 2, 2, false, fnRange},
    FunctionInfo{"reference", 1, 3, true, fnReference},
    FunctionInfo{"replace", 3, 3, false, fnReplace},
    FunctionInfo{"resourcegroup", 0, 2, true, fnResourceGroup},
    FunctionInfo{"resourceid", 2, 255, true, fnResourceId},
    FunctionInfo{"shallowmerge", 1, 1, false, fnShallowMerge},
    FunctionInfo{"skip", 2, 2, false, fnSkip},
    FunctionInfo{"split", 2, 2, false, fnSplit},
    FunctionInfo{"startswith", 2, 2, false, fnStartsWith},
    FunctionInfo{"string", 1, 1, false, fnString},
    FunctionInfo{"sub", 2, 2, false, fnSub},
    FunctionInfo{"subscription", 0, 1, true, fnSubscription},
    FunctionInfo{"subscriptionresourceid", 2, 255, true, fnSubscriptionResourceId},
    FunctionInfo{"substring", 1, 3, false, fnSubstring},
    FunctionInfo{"take", 2, 2, false, fnTake},
    FunctionInfo{"tenant", 0, 0, false, fnTenant},
    FunctionInfo{"tenantresourceid", 2, 255, true, fnTenantResourceId},
    FunctionInfo{"tolower", 1, 1, false, fnToLower},
    FunctionInfo{"toupper", 1, 1, false, fnToUpper},
    FunctionInfo{"trim", 1, 1, false, fnTrim},
    FunctionInfo{"true", 0, 0, false, fnTrue},
    FunctionInfo{"tryget", 2, 255, true, fnTryGet},
    FunctionInfo{"union", 1, 255, true, fnUnion},
    FunctionInfo{"uniquestring", 1, 255, true, fnUniqueString},
    FunctionInfo{"utcnow", 0, 1, true, fnUtcNow},
};

}  // namespace

std::span<const FunctionInfo> builtinFunctions() { return kFunctions; }

const FunctionInfo* findFunction(std::string_view name) {
  std::string key = lowered(name);
  auto it = std::lower_bound(kFunctions.begin(), kFunctions.end(), key,
                             [](const FunctionInfo& f, const std::string& k) { return f.name < k; });
  if (it == kFunctions.end() || it->name != key) return nullptr;
  return &*it;
}

Value callFunction(const FunctionInfo& function, const FunctionArgs& call) {
  std::size_t n = call.args.size();
  if (n < function.min_args || (function.max_args != 255 && n > function.max_args)) {
    return Value::unknown(fmt::format("{}() called with {} arguments", function.name, n), call.span);
  }
  if (!function.takes_unknown) {
    for (const Value& v : call.args) {
      if (v.isUnknown()) return Value::unknown(v.asString(), call.span);
    }
  }
  return function.impl(call);
}

Value mergeObjects(const Value& base, const Value& overlay, bool deep) {
  Value out = base;
  for (const Member& m : overlay.members()) {
    Value* existing = out.find(m.key);
    if (!existing) {
      out.members().push_back(m);
    } else if (deep && existing->isObject() && m.value.isObject()) {
      *existing = mergeObjects(*existing, m.value, true);
    } else {
      *existing = m.value;
    }
  }
  return out;
}

std::string valueToArmString(const Value& v) {
  if (v.isString()) return v.asString();
  if (v.isBool()) return v.asBool() ? "True" : "False";  // ARM's string(true), concat() and format() give 'True'
  return v.toDisplayString();
}

}  // namespace palisade
