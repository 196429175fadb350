#include "parsers/yaml/yaml_writer.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "core/json_string.h"

namespace palisade {

namespace {

bool isAsciiAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Whether a string can be written plain and read back as the same string. On
// the safe side: it starts with a letter, '_' or '/', holds only characters
// that mean nothing to YAML where they stand, and is none of the words YAML
// 1.1 readers (go-yaml, palisade's) take for booleans or null.
bool plainSafe(std::string_view s) {
  if (s.empty()) return false;
  if (!(isAsciiAlnum(s[0]) || s[0] == '_' || s[0] == '/') || (s[0] >= '0' && s[0] <= '9')) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (isAsciiAlnum(c) || std::string_view("_-./@+=,()%*~^").find(c) != std::string_view::npos) continue;
    bool last = i + 1 == s.size();
    if (c == ':' && !last) continue;  // `a:b`, never `a: b` (no spaces around here) or a trailing ':'
    if (c == ' ' && !last && s[i + 1] != '#' && s[i + 1] != ' ' && s[i - 1] != ':') continue;
    return false;
  }
  std::string lower;
  for (char c : s) lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  for (std::string_view word : {"true", "false", "yes", "no", "on", "off", "null", "y", "n"}) {
    if (lower == word) return false;
  }
  return true;
}

bool goYamlDigit(char c) { return c >= '0' && c <= '9'; }

// Go's strconv.ParseInt/ParseUint with base 0 (after go-yaml removed '_'):
// an optional sign, then 0x/0o/0b digits, a leading-0 octal, or decimal.
bool goParsesAsInteger(std::string_view s) {
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) s.remove_prefix(1);
  if (s.empty()) return false;
  std::string_view digits = "0123456789";
  if (s.size() > 1 && s[0] == '0') {
    char p = s[1];
    if (p == 'x' || p == 'X') {
      digits = "0123456789abcdefABCDEF";
      s.remove_prefix(2);
    } else if (p == 'o' || p == 'O') {
      digits = "01234567";
      s.remove_prefix(2);
    } else if (p == 'b' || p == 'B') {
      digits = "01";
      s.remove_prefix(2);
    } else {
      digits = "01234567";
      s.remove_prefix(1);
    }
  }
  return !s.empty() && s.find_first_not_of(digits) == std::string_view::npos;
}

// go-yaml's yamlStyleFloat: ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$
bool goYamlStyleFloat(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  std::size_t int_digits = 0;
  while (i < s.size() && goYamlDigit(s[i])) ++i, ++int_digits;
  std::size_t frac_digits = 0;
  bool dot = i < s.size() && s[i] == '.';
  if (dot) {
    ++i;
    while (i < s.size() && goYamlDigit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && goYamlDigit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  return i == s.size();
}

// go-yaml's isBase60Float: ^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$
bool goYamlBase60(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  if (i >= s.size() || !goYamlDigit(s[i])) return false;
  while (i < s.size() && (goYamlDigit(s[i]) || s[i] == '_')) ++i;
  int groups = 0;
  while (i < s.size() && s[i] == ':') {
    ++i;
    std::size_t start = i;
    while (i < s.size() && goYamlDigit(s[i]) && i - start < 2) ++i;
    if (i == start || (i - start == 2 && s[start] > '5')) return false;
    ++groups;
  }
  if (groups == 0) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && (goYamlDigit(s[i]) || s[i] == '_')) ++i;
  }
  return i == s.size();
}

// A date go-yaml reads as a timestamp: YYYY-M-D, alone or followed by a time.
bool goYamlTimestamp(std::string_view s) {
  std::size_t i = 0;
  while (i < s.size() && goYamlDigit(s[i])) ++i;
  if (i != 4 || i >= s.size() || s[i] != '-') return false;
  for (int part = 0; part < 2; ++part) {
    if (part == 1) {
      if (i >= s.size() || s[i] != '-') return false;
    }
    std::size_t start = ++i;
    while (i < s.size() && goYamlDigit(s[i]) && i - start < 2) ++i;
    if (i == start) return false;
  }
  if (i == s.size()) return true;
  return (s[i] == 'T' || s[i] == 't' || s[i] == ' ') && i + 1 < s.size() && goYamlDigit(s[i + 1]);
}

// What go-yaml's emitter finds in a scalar (yaml_emitter_analyze_scalar) that
// decides its style: plain in block context, single-quoted, a literal block.
struct GoScalarAnalysis {
  bool block_plain = true;
  bool single_quoted = true;
  bool block = true;
};

bool goPrintable(unsigned char c) { return c == '\n' || (c >= 0x20 && c <= 0x7e) || c >= 0x80; }

GoScalarAnalysis analyzeGoScalar(std::string_view s) {
  GoScalarAnalysis a;
  if (s.empty()) {
    a.block = false;
    return a;
  }
  bool block_indicators = s.starts_with("---") || s.starts_with("...");
  bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
  bool break_space = false, space_break = false, special = false, line_breaks = false;
  bool previous_space = false, previous_break = false, preceded_by_whitespace = true;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    bool first = i == 0;
    bool last = i + 1 == s.size();
    bool followed_by_whitespace = last || s[i + 1] == ' ' || s[i + 1] == '\t' || s[i + 1] == '\n' || s[i + 1] == '\r';
    if (first) {
      if (std::string_view("#,[]{}&*!|>'\"%@`").find(c) != std::string_view::npos) block_indicators = true;
      if ((c == '?' || c == ':' || c == '-') && followed_by_whitespace) block_indicators = true;
    } else {
      if (c == ':' && followed_by_whitespace) block_indicators = true;
      if (c == '#' && preceded_by_whitespace) block_indicators = true;
    }
    if (!goPrintable(static_cast<unsigned char>(c))) special = true;
    if (c == '\n') line_breaks = true;
    if (c == ' ') {
      if (first) leading_space = true;
      if (last) trailing_space = true;
      if (previous_break) break_space = true;
      previous_space = true;
      previous_break = false;
    } else if (c == '\n') {
      if (first) leading_break = true;
      if (last) trailing_break = true;
      if (previous_space) space_break = true;
      previous_break = true;
      previous_space = false;
    } else {
      previous_space = previous_break = false;
    }
    preceded_by_whitespace = c == ' ' || c == '\t' || c == '\n' || c == '\r';
  }
  if (leading_space || leading_break || trailing_space || trailing_break) a.block_plain = false;
  if (trailing_space) a.block = false;
  if (break_space) a.block_plain = a.single_quoted = false;
  if (space_break || special) a.block_plain = a.single_quoted = a.block = false;
  if (line_breaks || block_indicators) a.block_plain = false;
  return a;
}

std::string yamlSingleQuoted(std::string_view s) {
  std::string out = "'";
  for (char c : s) {
    out += c;
    if (c == '\'') out += '\'';
  }
  return out + "'";
}

std::string doubleQuoted(std::string_view s) {
  std::string out;
  appendJsonString(out, s);
  return out;
}

// The lines of a multi-line string when a literal block keeps it exactly
// (and the count of its final line breaks); empty when it must be quoted.
std::vector<std::string_view> literalLines(std::string_view s, std::size_t& final_breaks) {
  if (s.find('\n') == std::string_view::npos || s.front() == ' ' || s.front() == '\n' || s.front() == '\t') return {};
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\n' && c != '\t') || u == 0x7f) return {};
  }
  final_breaks = 0;
  while (final_breaks < s.size() && s[s.size() - 1 - final_breaks] == '\n') ++final_breaks;
  std::string_view content = s.substr(0, s.size() - final_breaks);
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (true) {
    std::size_t end = content.find('\n', start);
    std::string_view line = content.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    // Trailing blanks, and lines of blanks alone, are where block scalars and readers disagree.
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) return {};
    lines.push_back(line);
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return lines;
}

enum class GoStringStyle : uint8_t { Plain, Single, Double, Literal };

GoStringStyle goStringStyle(std::string_view s, bool key) {
  if (goYamlResolvesAsNonString(s)) return GoStringStyle::Double;
  GoScalarAnalysis a = analyzeGoScalar(s);
  if (s.find('\n') != std::string_view::npos && !key) return a.block ? GoStringStyle::Literal : GoStringStyle::Double;
  if (a.block_plain) return GoStringStyle::Plain;
  if (a.single_quoted && s.find('\n') == std::string_view::npos) return GoStringStyle::Single;
  return GoStringStyle::Double;
}

std::string yamlQuotedString(std::string_view s, YamlQuoting quoting, bool key) {
  if (quoting == YamlQuoting::Conservative) return plainSafe(s) ? std::string(s) : doubleQuoted(s);
  switch (goStringStyle(s, key)) {
    case GoStringStyle::Plain: return std::string(s);
    case GoStringStyle::Single: return yamlSingleQuoted(s);
    default: return doubleQuoted(s);
  }
}

// A float64 as sigs.k8s.io/yaml writes it: through JSON, so an integral
// value within uint64 reads back as an integer and prints as one; any other
// as Go's strconv.FormatFloat(f, 'g', -1, 64) (1.2345675e+06, 1e-05, 0.5).
std::string goYamlFloat(double d) {
  if (std::trunc(d) == d && d > -9.2e18 && d < 1.8e19) {
    if (d < 0) return fmt::format("{}", static_cast<int64_t>(d));
    return fmt::format("{}", static_cast<uint64_t>(d));
  }
  std::string sci = fmt::format("{:e}", d);  // only for the exponent
  int exponent = std::stoi(sci.substr(sci.find('e') + 1));
  std::string shortest = fmt::format("{}", d);
  if (exponent >= -4 && exponent < 6) {
    // fmt's shortest may still choose an exponent form for small values; Go writes digits.
    if (shortest.find('e') == std::string::npos) return shortest;
    return fmt::format("{:.{}f}", d, std::max(0, -exponent + 16));
  }
  // Shortest digits in Go's %e form: mantissa, 'e', sign, at least two exponent digits.
  std::string digits = fmt::format("{:e}", d);
  for (int precision = 0; precision <= 17; ++precision) {
    std::string candidate = fmt::format("{:.{}e}", d, precision);
    if (std::strtod(candidate.c_str(), nullptr) == d) {
      digits = candidate;
      break;
    }
  }
  std::size_t e = digits.find('e');
  std::string mantissa = digits.substr(0, e);
  char sign = digits[e + 1];
  std::string exp_digits = digits.substr(e + 2);
  while (exp_digits.size() > 2 && exp_digits[0] == '0') exp_digits.erase(0, 1);
  return mantissa + "e" + sign + exp_digits;
}

std::string inlineScalar(const Value& v, YamlQuoting quoting) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown: return "null";
    case Value::Kind::Bool: return v.asBool() ? "true" : "false";
    case Value::Kind::Int: return fmt::format("{}", v.asInt());
    case Value::Kind::Number: {
      double d = v.asNumber();
      if (std::isnan(d)) return ".nan";
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      if (quoting == YamlQuoting::GoYamlV2) return goYamlFloat(d);
      return fmt::format("{}", d);
    }
    case Value::Kind::String: return yamlQuotedString(v.asString(), quoting, false);
    case Value::Kind::Array: return "[]";
    case Value::Kind::Object: return "{}";
  }
  return "null";
}

class Writer {
 public:
  Writer(const YamlComment& comment, YamlQuoting quoting, std::vector<YamlScalarMark>* marks)
      : comment_(comment), quoting_(quoting), marks_(marks) {}

  std::string write(const Value& document) {
    if (document.isObject() && !document.members().empty()) {
      mapping(document, 0, false);
    } else if (document.isArray() && !document.items().empty()) {
      sequence(document, 0);
    } else {
      scalar(document, 0);
    }
    return std::move(out_);
  }

 private:
  void endLine(const Value* scalar) {
    if (scalar && comment_) {
      std::string note = comment_(*scalar);
      if (!note.empty()) out_ += "  # " + note;
    }
    out_ += '\n';
  }

  // A scalar after `key: ` or `- `; a literal block's lines go at indent + 2.
  void scalar(const Value& v, int indent) {
    std::size_t breaks = 0;
    std::vector<std::string_view> lines;
    bool indicator = false;  // go-yaml writes `|2-` for text that starts with a blank
    std::string prefixed;    // that text behind a stand-in first character, for literalLines
    if (v.isString() && quoting_ == YamlQuoting::GoYamlV2) {
      const std::string& s = v.asString();
      if (goStringStyle(s, false) == GoStringStyle::Literal) {
        indicator = s.front() == ' ' || s.front() == '\n';
        if (indicator) prefixed = "x" + s;
        lines = literalLines(indicator ? std::string_view(prefixed) : std::string_view(s), breaks);
        if (indicator && !lines.empty()) lines.front().remove_prefix(1);
      }
    } else if (v.isString()) {
      lines = literalLines(v.asString(), breaks);
    }
    std::size_t begin = out_.size();
    if (lines.empty()) {
      out_ += inlineScalar(v, quoting_);
      if (marks_ != nullptr) marks_->push_back(YamlScalarMark{begin, out_.size(), &v});
      endLine(&v);
      return;
    }
    out_ += indicator ? "|2" : "|";
    out_ += breaks == 0 ? "-" : breaks == 1 ? "" : "+";
    endLine(&v);
    for (std::string_view line : lines) {
      if (!line.empty()) out_.append(static_cast<std::size_t>(indent + 2), ' ').append(line);
      out_ += '\n';
    }
    for (std::size_t i = 1; i < breaks; ++i) out_ += '\n';
    if (marks_ != nullptr) marks_->push_back(YamlScalarMark{begin, out_.size() - 1, &v});
  }

  void value(const Value& v, int indent) {
    if (v.isObject() && !v.members().empty()) {
      endLine(nullptr);
      mapping(v, indent + 2, false);
    } else if (v.isArray() && !v.items().empty()) {
      endLine(nullptr);
      sequence(v, indent);  // `- ` at the key's indentation, as kubectl writes it
    } else {
      out_ += ' ';
      scalar(v, indent);
    }
  }

  void mapping(const Value& map, int indent, bool first_on_this_line) {
    bool first = true;
    for (const Member& m : map.members()) {
      if (!(first && first_on_this_line)) out_.append(static_cast<std::size_t>(indent), ' ');
      first = false;
      out_ += yamlQuotedString(m.key, quoting_, true);
      out_ += ':';
      value(m.value, indent);
    }
  }

  void sequence(const Value& list, int indent) {
    for (const Value& item : list.items()) {
      out_.append(static_cast<std::size_t>(indent), ' ');
      if (item.isObject() && !item.members().empty()) {
        out_ += "- ";
        mapping(item, indent + 2, true);
      } else if (item.isArray() && !item.items().empty()) {
        out_ += '-';
        endLine(nullptr);
        sequence(item, indent + 2);
      } else {
        out_ += "- ";
        scalar(item, indent);
      }
    }
  }

  const YamlComment& comment_;
  YamlQuoting quoting_;
  std::vector<YamlScalarMark>* marks_;
  std::string out_;
};

}  // namespace

std::string writeYaml(const Value& document, const YamlComment& comment, YamlQuoting quoting, std::vector<YamlScalarMark>* marks) {
  return Writer(comment, quoting, marks).write(document);
}

bool goYamlResolvesAsNonString(std::string_view s) {
  if (s.empty()) return true;  // null
  static constexpr std::string_view kWords[] = {
      "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no", "No", "NO", "false",
      "False", "FALSE", "off", "Off", "OFF", "~", "null", "Null", "NULL", ".nan", ".NaN", ".NAN", ".inf", ".Inf",
      ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF"};
  for (std::string_view w : kWords) {
    if (s == w) return true;
  }
  char c = s[0];
  if (c == '.') return goYamlStyleFloat(s);
  if (!(goYamlDigit(c) || c == '+' || c == '-')) return false;
  if (goYamlTimestamp(s) || goYamlBase60(s)) return true;
  std::string plain;
  for (char ch : s) {
    if (ch != '_') plain += ch;
  }
  return goParsesAsInteger(plain) || goYamlStyleFloat(plain);
}

}  // namespace palisade
