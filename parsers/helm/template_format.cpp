#include "parsers/helm/template_format.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <optional>

#include "core/text_encoding.h"

namespace palisade::helm {

namespace {

// ---- floats -------------------------------------------------------------

// The shortest decimal digits that read back as `d` (no sign), and the
// exponent of the first digit: 1234.5 -> {"12345", 3}.
struct ShortestDigits {
  std::string digits;
  int exponent = 0;
};

ShortestDigits shortestDigits(double d) {
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, std::fabs(d), std::chars_format::scientific);
  std::string text(buf, res.ptr);
  ShortestDigits out;
  std::size_t e = text.find('e');
  for (std::size_t i = 0; i < e; ++i) {
    if (text[i] != '.') out.digits.push_back(text[i]);
  }
  out.exponent = std::stoi(text.substr(e + 1));
  return out;
}

std::string exponentText(int exponent) {
  std::string out = exponent < 0 ? "e-" : "e+";
  int magnitude = std::abs(exponent);
  if (magnitude < 10) out.push_back('0');
  out += std::to_string(magnitude);
  return out;
}

std::string formatShortestFloat(double d, char verb) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Inf" : "+Inf";
  std::string sign = std::signbit(d) ? "-" : "";
  if (d == 0) return sign + "0";
  ShortestDigits sd = shortestDigits(d);
  // strconv's shortest 'g' switches to an exponent below 1e-4 and from 1e+06
  // on (so Helm prints a float 1000000 as 1e+06).
  bool exponential = verb == 'e' || (verb == 'g' && (sd.exponent < -4 || sd.exponent >= 6));
  if (exponential) {
    std::string out = sign + sd.digits.substr(0, 1);
    if (sd.digits.size() > 1) out += "." + sd.digits.substr(1);
    return out + exponentText(sd.exponent);
  }
  // Fixed notation from the digits.
  std::string out = sign;
  int point = sd.exponent + 1;  // digits before the decimal point
  if (point <= 0) {
    out += "0." + std::string(static_cast<std::size_t>(-point), '0') + sd.digits;
  } else if (static_cast<std::size_t>(point) >= sd.digits.size()) {
    out += sd.digits + std::string(static_cast<std::size_t>(point) - sd.digits.size(), '0');
  } else {
    out += sd.digits.substr(0, static_cast<std::size_t>(point)) + "." + sd.digits.substr(static_cast<std::size_t>(point));
  }
  return out;
}

std::string formatFloatPrecision(double d, char verb, int precision) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Inf" : "+Inf";
  char buf[512];
  std::chars_format format = verb == 'e' ? std::chars_format::scientific
                             : verb == 'f' ? std::chars_format::fixed
                                           : std::chars_format::general;
  if (verb == 'g' && precision == 0) precision = 1;
  auto res = std::to_chars(buf, buf + sizeof buf, d, format, precision);
  if (res.ec != std::errc()) return formatShortestFloat(d, verb == 'f' ? 'f' : 'e');
  return std::string(buf, res.ptr);
}

// ---- runes and quoting ----------------------------------------------------

// Decodes one UTF-8 rune; a byte that starts no valid sequence is returned
// as -1 with a length of 1.
int32_t decodeUtf8(std::string_view s, std::size_t pos, std::size_t& length) {
  auto b0 = static_cast<unsigned char>(s[pos]);
  length = 1;
  if (b0 < 0x80) return b0;
  int extra = (b0 & 0xE0) == 0xC0 ? 1 : (b0 & 0xF0) == 0xE0 ? 2 : (b0 & 0xF8) == 0xF0 ? 3 : -1;
  if (extra < 0 || pos + static_cast<std::size_t>(extra) >= s.size()) {
    return -1;
  }
  int32_t rune = b0 & (0x3F >> extra);
  for (int i = 1; i <= extra; ++i) {
    auto b = static_cast<unsigned char>(s[pos + static_cast<std::size_t>(i)]);
    if ((b & 0xC0) != 0x80) return -1;
    rune = (rune << 6) | (b & 0x3F);
  }
  static const int32_t kMinimum[] = {0, 0x80, 0x800, 0x10000};
  if (rune < kMinimum[extra] || rune > 0x10FFFF || (rune >= 0xD800 && rune <= 0xDFFF)) return -1;
  length = static_cast<std::size_t>(extra) + 1;
  return rune;
}

// An approximation of Go's unicode.IsPrint for the runes templates meet:
// controls (C0, DEL, C1), the soft hyphen, line/paragraph separators and
// private-use/unassigned planes are not printable.
bool isGoPrintable(int32_t rune) {
  if (rune < 0x20 || rune == 0x7F || (rune >= 0x80 && rune < 0xA0) || rune == 0xAD) return false;
  if (rune == 0x2028 || rune == 0x2029 || (rune >= 0x200B && rune <= 0x200F) || rune == 0xFEFF) return false;
  if (rune >= 0xE000 && rune <= 0xF8FF) return false;
  if (rune >= 0xFFF9 && rune <= 0xFFFB) return false;
  return rune < 0xF0000;
}

void appendQuotedRune(std::string& out, int32_t rune, char quote, std::size_t width, std::string_view raw) {
  char buf[16];
  if (rune == quote || rune == '\\') {
    out.push_back('\\');
    out.push_back(static_cast<char>(rune));
    return;
  }
  if (rune >= 0 && isGoPrintable(rune)) {
    out.append(raw.substr(0, width));
    return;
  }
  switch (rune) {
    case '\a': out += "\\a"; return;
    case '\b': out += "\\b"; return;
    case '\f': out += "\\f"; return;
    case '\n': out += "\\n"; return;
    case '\r': out += "\\r"; return;
    case '\t': out += "\\t"; return;
    case '\v': out += "\\v"; return;
    default: break;
  }
  if (rune < 0) {
    std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(raw[0]));
  } else if (rune < ' ' || rune == 0x7F) {
    std::snprintf(buf, sizeof buf, "\\x%02x", rune);
  } else if (rune < 0x10000) {
    std::snprintf(buf, sizeof buf, "\\u%04x", rune);
  } else {
    std::snprintf(buf, sizeof buf, "\\U%08x", rune);
  }
  out += buf;
}

std::string quoteWith(std::string_view s, char quote) {
  std::string out(1, quote);
  for (std::size_t pos = 0; pos < s.size();) {
    std::size_t length = 1;
    int32_t rune = decodeUtf8(s, pos, length);
    appendQuotedRune(out, rune, quote, length, s.substr(pos));
    pos += length;
  }
  out.push_back(quote);
  return out;
}

// ---- printf ---------------------------------------------------------------

struct VerbFlags {
  bool minus = false, plus = false, sharp = false, zero = false, space = false;
  std::optional<int> width;
  std::optional<int> precision;
};

std::string pad(std::string body, const VerbFlags& f, bool numeric) {
  if (!f.width || static_cast<int>(body.size()) >= *f.width) return body;
  // Width counts runes in Go; count UTF-8 lead bytes.
  int runes = 0;
  for (char c : body) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++runes;
  }
  if (runes >= *f.width) return body;
  auto fill = static_cast<std::size_t>(*f.width - runes);
  if (f.minus) return body + std::string(fill, ' ');
  if (f.zero && numeric) {
    std::size_t sign = !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ') ? 1 : 0;
    return body.insert(sign, std::string(fill, '0'));
  }
  return std::string(fill, ' ') + body;
}

std::string badVerb(char verb, const Value& v) {
  if (v.isNull()) return std::string("%!") + verb + "(<nil>)";
  return std::string("%!") + verb + "(" + std::string(goTypeName(v)) + "=" + goValueString(v) + ")";
}

std::string integerDigits(int64_t i, int base, bool upper) {
  uint64_t magnitude = i < 0 ? 0ULL - static_cast<uint64_t>(i) : static_cast<uint64_t>(i);
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  do {
    out.push_back(digits[magnitude % static_cast<uint64_t>(base)]);
    magnitude /= static_cast<uint64_t>(base);
  } while (magnitude != 0);
  std::reverse(out.begin(), out.end());
  return out;
}

std::string formatInteger(int64_t i, char verb, const VerbFlags& f) {
  if (verb == 'c') {
    std::string out;
    appendUtf8(out, static_cast<uint32_t>(i >= 0 && i <= 0x10FFFF ? i : 0xFFFD));
    return pad(out, f, false);
  }
  if (verb == 'q') {
    std::string raw;
    int32_t rune = static_cast<int32_t>(i >= 0 && i <= 0x10FFFF ? i : 0xFFFD);
    appendUtf8(raw, static_cast<uint32_t>(rune));
    std::string out = "'";
    appendQuotedRune(out, rune, '\'', raw.size(), raw);
    return pad(out + "'", f, false);
  }
  if (verb == 'U') {
    std::string hex = integerDigits(i, 16, true);
    if (hex.size() < 4) hex.insert(0, 4 - hex.size(), '0');
    return pad("U+" + hex, f, false);
  }
  int base = verb == 'b' ? 2 : (verb == 'o' || verb == 'O') ? 8 : (verb == 'x' || verb == 'X') ? 16 : 10;
  std::string digits = integerDigits(i, base, verb == 'X');
  if (f.precision) {
    if (*f.precision == 0 && i == 0) digits.clear();
    if (static_cast<int>(digits.size()) < *f.precision) digits.insert(0, static_cast<std::size_t>(*f.precision) - digits.size(), '0');
  }
  std::string prefix;
  if (verb == 'O') prefix = "0o";
  if (f.sharp) {
    if (base == 16) prefix = verb == 'X' ? "0X" : "0x";
    if (base == 2) prefix = "0b";
    if (verb == 'o' && (digits.empty() || digits[0] != '0')) prefix = "0";
  }
  std::string sign = i < 0 ? "-" : f.plus ? "+" : f.space ? " " : "";
  VerbFlags padding = f;
  if (f.precision) padding.zero = false;  // Go ignores 0 when a precision is given
  if (padding.zero && !padding.minus && padding.width) {
    int used = static_cast<int>(sign.size() + prefix.size() + digits.size());
    if (used < *padding.width) digits.insert(0, static_cast<std::size_t>(*padding.width - used), '0');
    return sign + prefix + digits;
  }
  return pad(sign + prefix + digits, padding, false);
}

std::string formatFloat(double d, char verb, const VerbFlags& f) {
  char lower = static_cast<char>(verb | 0x20);
  if (verb == 'F') lower = 'f';
  std::string body;
  if (verb == 'v') {
    body = formatShortestFloat(d, 'g');
  } else if (!f.precision && lower == 'g') {
    body = formatShortestFloat(d, 'g');
  } else {
    body = formatFloatPrecision(d, lower, f.precision.value_or(6));
  }
  if (verb == 'E' || verb == 'G') {
    for (char& c : body) {
      if (c == 'e') c = 'E';
    }
  }
  if (f.plus && body[0] != '-' && body[0] != '+') body.insert(0, "+");
  else if (f.space && body[0] != '-' && body[0] != '+') body.insert(0, " ");
  if (body[0] == '+' && !f.plus && std::isinf(d)) {
    // +Inf prints as +Inf only with the plus flag
    body.erase(0, 1);
  }
  return pad(body, f, std::isfinite(d));
}

std::string formatString(const std::string& s, char verb, const VerbFlags& f) {
  std::string_view text = s;
  std::string truncated;
  if (f.precision && (verb == 's' || verb == 'v' || verb == 'q')) {
    // Precision counts runes.
    std::size_t pos = 0;
    int runes = 0;
    while (pos < text.size() && runes < *f.precision) {
      std::size_t length = 1;
      decodeUtf8(text, pos, length);
      pos += length;
      ++runes;
    }
    truncated = std::string(text.substr(0, pos));
    text = truncated;
  }
  switch (verb) {
    case 'v':
    case 's': return pad(std::string(text), f, false);
    case 'q': {
      if (f.sharp && text.find('`') == std::string_view::npos &&
          std::none_of(text.begin(), text.end(), [](char c) { return (c < ' ' && c != '\t') || c == 0x7F; })) {
        return pad("`" + std::string(text) + "`", f, false);
      }
      return pad(goQuote(text), f, false);
    }
    case 'x':
    case 'X': {
      std::string out;
      const char* digits = verb == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
      std::size_t limit = f.precision ? std::min<std::size_t>(s.size(), static_cast<std::size_t>(*f.precision)) : s.size();
      for (std::size_t i = 0; i < limit; ++i) {
        if (f.space && i > 0) out.push_back(' ');
        if (f.sharp && (i == 0 || f.space)) out += verb == 'X' ? "0X" : "0x";
        auto b = static_cast<unsigned char>(s[i]);
        out.push_back(digits[b >> 4]);
        out.push_back(digits[b & 15]);
      }
      return pad(out, f, false);
    }
    default: return badVerb(verb, Value::string(s));
  }
}

void formatValue(std::string& out, const Value& v, char verb, const VerbFlags& f);

void formatComposite(std::string& out, const Value& v, char verb, const VerbFlags& f) {
  if (v.isArray()) {
    out.push_back('[');
    bool first = true;
    for (const Value& item : v.items()) {
      if (!first) out.push_back(' ');
      first = false;
      formatValue(out, item, verb, f);
    }
    out.push_back(']');
    return;
  }
  std::vector<const Member*> members;
  for (const Member& m : v.members()) members.push_back(&m);
  std::stable_sort(members.begin(), members.end(), [](const Member* a, const Member* b) { return a->key < b->key; });
  out += "map[";
  bool first = true;
  for (const Member* m : members) {
    if (!first) out.push_back(' ');
    first = false;
    out += formatString(m->key, verb == 'v' ? 's' : verb, f);
    out.push_back(':');
    formatValue(out, m->value, verb, f);
  }
  out.push_back(']');
}

void formatValue(std::string& out, const Value& v, char verb, const VerbFlags& f) {
  switch (v.kind()) {
    case Value::Kind::Null:
      out += verb == 'v' ? pad("<nil>", f, false) : badVerb(verb, v);
      return;
    case Value::Kind::Bool:
      out += verb == 'v' || verb == 't' ? pad(v.asBool() ? "true" : "false", f, false) : badVerb(verb, v);
      return;
    case Value::Kind::Int: {
      static const std::string_view kIntVerbs = "vdbcoOqxXU";
      if (kIntVerbs.find(verb) == std::string_view::npos) {
        out += badVerb(verb, v);
        return;
      }
      out += formatInteger(v.asInt(), verb == 'v' ? 'd' : verb, f);
      return;
    }
    case Value::Kind::Number: {
      static const std::string_view kFloatVerbs = "veEfFgG";
      if (kFloatVerbs.find(verb) == std::string_view::npos) {
        out += badVerb(verb, v);
        return;
      }
      out += formatFloat(v.asNumber(), verb, f);
      return;
    }
    case Value::Kind::String:
      out += formatString(v.asString(), verb, f);
      return;
    case Value::Kind::Unknown:
      out += pad("<unknown>", f, false);
      return;
    case Value::Kind::Array:
    case Value::Kind::Object: formatComposite(out, v, verb, f); return;
  }
}

}  // namespace

std::string_view goTypeName(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "<nil>";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Number: return "float64";
    case Value::Kind::String: return "string";
    case Value::Kind::Array: return "[]interface {}";
    case Value::Kind::Object: return "map[string]interface {}";
    case Value::Kind::Unknown: return "unknown";
  }
  return "unknown";
}

std::string goFloatString(double d) { return formatShortestFloat(d, 'g'); }

void appendGoValue(std::string& out, const Value& v) { formatValue(out, v, 'v', VerbFlags{}); }

std::string goValueString(const Value& v) {
  std::string out;
  appendGoValue(out, v);
  return out;
}

std::string goQuote(std::string_view s) { return quoteWith(s, '"'); }

std::string goSprint(const std::vector<Value>& args) {
  std::string out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (i > 0 && !args[i].isString() && !args[i - 1].isString()) out.push_back(' ');
    appendGoValue(out, args[i]);
  }
  return out;
}

std::string goSprintf(std::string_view format, const std::vector<Value>& args) {
  std::string out;
  std::size_t arg = 0;
  std::size_t i = 0;
  auto takeInt = [&](std::optional<int>& into, bool& bad) {
    if (arg < args.size() && args[arg].isInt()) {
      int64_t n = args[arg++].asInt();
      if (n < -1000000 || n > 1000000) {
        bad = true;
        return;
      }
      into = static_cast<int>(n);
    } else {
      bad = true;
      if (arg < args.size()) ++arg;
    }
  };
  while (i < format.size()) {
    char c = format[i];
    if (c != '%') {
      out.push_back(c);
      ++i;
      continue;
    }
    ++i;
    VerbFlags f;
    for (; i < format.size(); ++i) {
      char flag = format[i];
      if (flag == '-') f.minus = true;
      else if (flag == '+') f.plus = true;
      else if (flag == '#') f.sharp = true;
      else if (flag == '0') f.zero = true;
      else if (flag == ' ') f.space = true;
      else break;
    }
    bool bad_width = false;
    if (i < format.size() && format[i] == '*') {
      ++i;
      takeInt(f.width, bad_width);
      if (f.width && *f.width < 0) {
        f.minus = true;
        f.width = -*f.width;
      }
    } else {
      int w = 0;
      bool any = false;
      while (i < format.size() && format[i] >= '0' && format[i] <= '9' && w < 1000000) {
        w = w * 10 + (format[i++] - '0');
        any = true;
      }
      if (any) f.width = w;
    }
    bool bad_precision = false;
    if (i < format.size() && format[i] == '.') {
      ++i;
      if (i < format.size() && format[i] == '*') {
        ++i;
        takeInt(f.precision, bad_precision);
        if (f.precision && *f.precision < 0) f.precision.reset();
      } else {
        int p = 0;
        while (i < format.size() && format[i] >= '0' && format[i] <= '9' && p < 1000000) p = p * 10 + (format[i++] - '0');
        f.precision = p;
      }
    }
    if (bad_width) out += "%!(BADWIDTH)";
    if (bad_precision) out += "%!(BADPREC)";
    if (i >= format.size()) {
      out += "%!(NOVERB)";
      break;
    }
    // The verb is a rune; Go's verbs are all ASCII.
    std::size_t length = 1;
    int32_t rune = decodeUtf8(format, i, length);
    i += length;
    if (rune == '%') {
      out.push_back('%');
      continue;
    }
    char verb = rune >= 0 && rune < 0x80 ? static_cast<char>(rune) : '?';
    if (arg >= args.size()) {
      out += std::string("%!") + verb + "(MISSING)";
      continue;
    }
    const Value& v = args[arg++];
    if (verb == 'T') {
      out += pad(std::string(goTypeName(v)), f, false);
      continue;
    }
    if (f.sharp && verb == 'v' && v.isString()) {
      out += goQuote(v.asString());
      continue;
    }
    formatValue(out, v, verb, f);
  }
  if (arg < args.size()) {
    out += "%!(EXTRA ";
    for (std::size_t k = arg; k < args.size(); ++k) {
      if (k > arg) out += ", ";
      out += std::string(goTypeName(args[k])) + "=" + goValueString(args[k]);
    }
    out += ")";
  }
  return out;
}

}  // namespace palisade::helm
