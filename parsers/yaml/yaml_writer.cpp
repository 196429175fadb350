#include "parsers/yaml/yaml_writer.h"

#include <fmt/format.h>

#include <cmath>
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

std::string inlineScalar(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown: return "null";
    case Value::Kind::Bool: return v.asBool() ? "true" : "false";
    case Value::Kind::Int: return fmt::format("{}", v.asInt());
    case Value::Kind::Number: {
      double d = v.asNumber();
      if (std::isnan(d)) return ".nan";
      if (std::isinf(d)) return d > 0 ? ".inf" : "-.inf";
      return fmt::format("{}", d);
    }
    case Value::Kind::String: return plainSafe(v.asString()) ? v.asString() : doubleQuoted(v.asString());
    case Value::Kind::Array: return "[]";
    case Value::Kind::Object: return "{}";
  }
  return "null";
}

class Writer {
 public:
  explicit Writer(const YamlComment& comment) : comment_(comment) {}

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
    if (v.isString()) lines = literalLines(v.asString(), breaks);
    if (lines.empty()) {
      out_ += inlineScalar(v);
      endLine(&v);
      return;
    }
    out_ += breaks == 0 ? "|-" : breaks == 1 ? "|" : "|+";
    endLine(&v);
    for (std::string_view line : lines) {
      if (!line.empty()) out_.append(static_cast<std::size_t>(indent + 2), ' ').append(line);
      out_ += '\n';
    }
    for (std::size_t i = 1; i < breaks; ++i) out_ += '\n';
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
      out_ += plainSafe(m.key) ? m.key : doubleQuoted(m.key);
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
  std::string out_;
};

}  // namespace

std::string writeYaml(const Value& document, const YamlComment& comment) { return Writer(comment).write(document); }

}  // namespace palisade
