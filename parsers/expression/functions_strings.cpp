// Strings: concat, format, case, trimming, splitting, searching, padding, base64.
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
  return str(lowerAscii(arg(a, 0).asString()), a);
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
  return Value::boolean(lowerAscii(arg(a, 0).asString()).starts_with(lowerAscii(arg(a, 1).asString())), a.span);
}

Value fnEndsWith(const Args& a) {
  if (!arg(a, 0).isString() || !arg(a, 1).isString()) return fail(a, "endsWith() needs strings");
  return Value::boolean(lowerAscii(arg(a, 0).asString()).ends_with(lowerAscii(arg(a, 1).asString())), a.span);
}

Value indexOfImpl(const Args& a, bool last) {
  if (!arg(a, 0).isString() || !arg(a, 1).isString()) return fail(a, "indexOf() needs strings");
  std::string s = lowerAscii(arg(a, 0).asString()), needle = lowerAscii(arg(a, 1).asString());
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

}  // namespace palisade::functions
