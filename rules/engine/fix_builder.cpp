#include "rules/engine/fix_builder.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <charconv>
#include <functional>
#include <nlohmann/json.hpp>

#include "core/source_file.h"
#include "rules/engine/assertion.h"
#include "rules/engine/path.h"

namespace palisade {

namespace {

enum class Syntax { Yaml, Bicep, Json };

Syntax syntaxOf(const SourceFile& file) {
  const std::string& p = file.path();
  auto ends = [&](std::string_view s) { return p.size() >= s.size() && p.compare(p.size() - s.size(), s.size(), s) == 0; };
  if (ends(".bicep") || ends(".bicepparam")) return Syntax::Bicep;
  if (ends(".json") || ends(".jsonc")) return Syntax::Json;
  return Syntax::Yaml;
}

std::string_view textOf(const Span& span) {
  const std::string& text = span.file->text();
  if (span.end > text.size() || span.begin > span.end) return {};
  return std::string_view(text).substr(span.begin, span.end - span.begin);
}

std::string_view lineEnding(const SourceFile& file) {
  return file.text().find("\r\n") != std::string::npos ? "\r\n" : "\n";
}

// The leading blanks of the line holding `offset`.
std::string indentAt(const SourceFile& file, uint32_t offset) {
  auto [line, column] = file.lineColumnOf(offset);
  std::string_view text = file.lineText(line);
  std::size_t n = 0;
  while (n < text.size() && (text[n] == ' ' || text[n] == '\t')) ++n;
  return std::string(text.substr(0, n));
}

bool onlyBlanksBefore(const SourceFile& file, uint32_t offset) {
  auto [line, column] = file.lineColumnOf(offset);
  std::string_view text = file.lineText(line);
  for (std::size_t i = 0; i + 1 < column && i < text.size(); ++i) {
    if (text[i] != ' ' && text[i] != '\t') return false;
  }
  return true;
}

// The end of the last byte any part of `value` (keys included) was read from.
uint32_t lastByte(const Value& value) {
  uint32_t end = value.span().file ? value.span().end : 0;
  if (value.isObject()) {
    for (const Member& m : value.members()) {
      if (m.key_span.file == value.span().file) end = std::max(end, m.key_span.end);
      if (m.value.span().file == value.span().file) end = std::max(end, lastByte(m.value));
    }
  } else if (value.isArray()) {
    for (const Value& item : value.items()) {
      if (item.span().file == value.span().file) end = std::max(end, lastByte(item));
    }
  }
  return end;
}

// ---- literals: is the text at a span the value itself, written as a literal? ----

bool yamlPlainIsString(std::string_view s) {
  static const RE2 special(R"((?i)(true|false|yes|no|on|off|y|n|null|~|[-+]?[0-9][0-9_]*(\.[0-9]*)?([eE][-+]?[0-9]+)?|0x[0-9a-f]+|0o[0-7]+|[-+]?\.inf|\.nan)?)");
  return !RE2::FullMatch(s, special);
}

// The scalar a literal's text denotes, when the text is a plain literal of the syntax.
std::optional<Value> literalOf(std::string_view text, Syntax syntax) {
  if (text.empty()) return std::nullopt;
  if (text == "true") return Value::boolean(true);
  if (text == "false") return Value::boolean(false);
  int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) return Value::integer(number);
  char q = text.front();
  switch (syntax) {
    case Syntax::Bicep:
      if (q != '\'' || text.size() < 2 || text.back() != '\'' || text.find("${") != std::string_view::npos) return std::nullopt;
      if (text.find('\\') != std::string_view::npos || text.find('\n') != std::string_view::npos) return std::nullopt;
      return Value::string(std::string(text.substr(1, text.size() - 2)));
    case Syntax::Json: {
      if (q != '"') return std::nullopt;
      auto parsed = nlohmann::json::parse(text, nullptr, false);
      if (parsed.is_discarded() || !parsed.is_string()) return std::nullopt;
      std::string s = parsed.get<std::string>();
      if (s.starts_with("[") && !s.starts_with("[[")) return std::nullopt;  // an ARM expression
      return Value::string(std::move(s));
    }
    case Syntax::Yaml:
      if (text.find('\n') != std::string_view::npos) return std::nullopt;
      if (q == '\'') {
        if (text.size() < 2 || text.back() != '\'' || text.substr(1, text.size() - 2).find('\'') != std::string_view::npos) return std::nullopt;
        return Value::string(std::string(text.substr(1, text.size() - 2)));
      }
      if (q == '"') {
        if (text.size() < 2 || text.back() != '"' || text.find('\\') != std::string_view::npos) return std::nullopt;
        return Value::string(std::string(text.substr(1, text.size() - 2)));
      }
      if (std::string_view("&*!|>{[%@`#").find(q) != std::string_view::npos) return std::nullopt;
      // The YAML 1.1 booleans Kubernetes' decoder still reads.
      for (std::string_view t : {"True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON", "y", "Y"}) {
        if (text == t) return Value::boolean(true);
      }
      for (std::string_view f : {"False", "FALSE", "no", "No", "NO", "off", "Off", "OFF", "n", "N"}) {
        if (text == f) return Value::boolean(false);
      }
      if (!yamlPlainIsString(text)) return std::nullopt;
      return Value::string(std::string(text));
  }
  return std::nullopt;
}

// ---- rendering values in each syntax ----

bool yamlPlainSafe(std::string_view s) {
  if (s.empty() || s.front() == ' ' || s.back() == ' ') return false;
  if (std::string_view("-?:,[]{}#&*!|>'\"%@`").find(s.front()) != std::string_view::npos) return false;
  if (s.find(": ") != std::string_view::npos || s.find(" #") != std::string_view::npos || s.back() == ':') return false;
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20) return false;
  }
  return yamlPlainIsString(s);
}

std::string jsonString(const std::string& s) { return nlohmann::json(s).dump(); }

std::string bicepString(const std::string& s) {
  std::string out = "'";
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\'' || s[i] == '\\') out += '\\';
    if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '{') out += '\\';
    out += s[i];
  }
  return out + "'";
}

std::string bicepKey(const std::string& key) {
  static const RE2 identifier("[A-Za-z_][A-Za-z0-9_]*");
  return RE2::FullMatch(key, identifier) ? key : bicepString(key);
}

std::string yamlKey(const std::string& key) { return yamlPlainSafe(key) ? key : jsonString(key); }

// `quote`: the quote character of the YAML scalar this one replaces (0: plain).
std::string renderScalar(const Value& v, Syntax syntax, char quote = 0) {
  switch (v.kind()) {
    case Value::Kind::Bool: return v.asBool() ? "true" : "false";
    case Value::Kind::Int: return std::to_string(v.asInt());
    case Value::Kind::Number: return fmt::format("{}", v.asNumber());
    case Value::Kind::Null: return "null";
    case Value::Kind::String:
      if (syntax == Syntax::Bicep) return bicepString(v.asString());
      if (syntax == Syntax::Json) return jsonString(v.asString());
      if (quote == '\'' && v.asString().find('\'') == std::string::npos) return "'" + v.asString() + "'";
      if (quote == '"' || !yamlPlainSafe(v.asString())) return jsonString(v.asString());
      return v.asString();
    default: return {};
  }
}

struct Layout {
  std::string eol;
  std::string step;  // one level of indentation
};

// `key: value` lines for YAML at indentation `indent`; each line ends with eol.
std::string yamlEntry(const std::string& key, const Value& v, const std::string& indent, const Layout& layout) {
  std::string out = indent + yamlKey(key) + ":";
  if (v.isObject()) {
    out += layout.eol;
    for (const Member& m : v.members()) out += yamlEntry(m.key, m.value, indent + layout.step, layout);
  } else if (v.isArray()) {
    out += layout.eol;
    for (const Value& item : v.items()) out += indent + layout.step + "- " + renderScalar(item, Syntax::Yaml) + layout.eol;
  } else {
    out += " " + renderScalar(v, Syntax::Yaml) + layout.eol;
  }
  return out;
}

// A Bicep or JSON value at indentation `indent` (the first line is not indented; no final eol).
std::string blockValue(const Value& v, Syntax syntax, const std::string& indent, const Layout& layout) {
  if (v.isObject()) {
    std::string out = "{" + layout.eol;
    for (std::size_t i = 0; i < v.members().size(); ++i) {
      const Member& m = v.members()[i];
      out += indent + layout.step + (syntax == Syntax::Json ? jsonString(m.key) : bicepKey(m.key)) + ": " +
             blockValue(m.value, syntax, indent + layout.step, layout);
      if (syntax == Syntax::Json && i + 1 < v.members().size()) out += ",";
      out += layout.eol;
    }
    return out + indent + "}";
  }
  if (v.isArray()) {
    if (syntax == Syntax::Json) {
      std::string out = "[";
      for (std::size_t i = 0; i < v.items().size(); ++i) out += (i ? ", " : "") + renderScalar(v.items()[i], syntax);
      return out + "]";
    }
    std::string out = "[" + layout.eol;
    for (const Value& item : v.items()) out += indent + layout.step + renderScalar(item, syntax) + layout.eol;
    return out + indent + "]";
  }
  return renderScalar(v, syntax);
}

// `{k1: {k2: value}}` for the keys still missing below the nearest object.
Value nest(const std::vector<std::string>& keys, std::size_t from, const Value& value) {
  Value v = value;
  for (std::size_t i = keys.size(); i-- > from + 1;) v = Value::object({Member{keys[i], {}, std::move(v)}});
  return v;
}

std::string fileStep(const SourceFile& file);

// The indentation step a file uses: from a nested block under `object`, else two spaces.
std::string stepOf(const SourceFile& file, const Value& object, const std::string& object_indent) {
  for (const Member& m : object.members()) {
    const Value& child = m.value;
    if (child.span().file != &file) continue;
    if (child.isObject() && !child.members().empty() && child.members()[0].key_span.file == &file) {
      std::string inner = indentAt(file, child.members()[0].key_span.begin);
      std::string outer = indentAt(file, m.key_span.begin);
      if (inner.size() > outer.size() && inner.starts_with(outer)) return inner.substr(outer.size());
    }
  }
  (void)object_indent;
  return fileStep(file);
}

// One level of indentation as the file writes it: its smallest indentation (a tab if it indents with tabs).
std::string fileStep(const SourceFile& file) {
  std::size_t smallest = 0;
  for (uint32_t line = 1; line <= file.lineCount(); ++line) {
    std::string_view text = file.lineText(line);
    if (!text.empty() && text[0] == '\t') return "\t";
    std::size_t n = text.find_first_not_of(' ');
    if (n == std::string_view::npos || n == 0) continue;
    if (smallest == 0 || n < smallest) smallest = n;
  }
  return smallest == 0 || smallest > 8 ? std::string("  ") : std::string(smallest, ' ');
}

// ---- the two kinds of edit ----

SettingEdit refuse(std::string why) { return SettingEdit{{}, std::move(why)}; }

// A Bicep literal that is a whole value: of a property (`key: 'x'`), a
// parameter default or variable (`param p string = 'x'`), or a list element on
// its own line — not a part of an expression (`cond ? 'a' : 'b'`, `'a' == x`).
bool bicepLiteralStandsAlone(const Span& span) {
  static const RE2 before(R"(\s*(?:(?:[A-Za-z_][A-Za-z0-9_]*|'[^']*')\s*:|(?:param|var)\s+[A-Za-z_][A-Za-z0-9_]*(?:\s+[A-Za-z_][A-Za-z0-9_.]*)?\s*=)?\s*)");
  static const RE2 after(R"(\s*(?://.*)?)");
  const SourceFile& file = *span.file;
  auto [line, column] = file.lineColumnOf(span.begin);
  std::string_view text = file.lineText(line);
  std::size_t start = column - 1;
  std::size_t stop = start + (span.end - span.begin);
  if (stop > text.size()) return false;
  return RE2::FullMatch(text.substr(0, start), before) && RE2::FullMatch(text.substr(stop), after);
}

// Replaces a scalar where it is written: at its own span, or where it comes from.
SettingEdit replaceScalar(const Value& node, const Value& value, const std::string& path) {
  if (node.isUnknown()) return refuse(fmt::format("'{}' cannot be known statically ({})", path, node.asString()));
  if (!node.isScalar()) return refuse(fmt::format("'{}' is not a single value", path));
  std::string expression;
  for (const Span* span : {&node.span(), &node.origin()}) {
    if (!span->valid() || span->end <= span->begin) continue;
    Syntax syntax = syntaxOf(*span->file);
    std::string_view text = textOf(*span);
    std::optional<Value> literal = literalOf(text, syntax);
    if (!literal || !literal->sameContent(node) || (syntax == Syntax::Bicep && !bicepLiteralStandsAlone(*span))) {
      if (expression.empty()) {
        // The expression as written: its own text, or the line around a literal that is part of one.
        std::string_view shown = literal ? span->file->lineText(span->start.line) : text;
        std::size_t first = shown.find_first_not_of(" \t");
        shown = first == std::string_view::npos ? std::string_view() : shown.substr(first);
        expression = std::string(shown.substr(0, 80));
      }
      continue;
    }
    char quote = syntax == Syntax::Yaml && (text.front() == '\'' || text.front() == '"') ? text.front() : 0;
    return SettingEdit{{makeEdit(*span->file, span->begin, span->end, renderScalar(value, syntax, quote))}, {}};
  }
  if (expression.empty()) return refuse(fmt::format("where '{}' is written is not known", path));
  return refuse(fmt::format("'{}' is computed by an expression (`{}`): change it where it is set", path, expression));
}

SettingEdit replaceArray(const Value& node, const Value& value, const std::string& path) {
  const Span& span = node.span();
  if (!span.valid() || span.end <= span.begin || !value.isArray()) return refuse(fmt::format("'{}' cannot be replaced", path));
  const SourceFile& file = *span.file;
  Syntax syntax = syntaxOf(file);
  std::string_view text = textOf(span);
  for (const Value& item : node.items()) {
    if (!item.isScalar() || item.isUnknown()) return refuse(fmt::format("'{}' holds computed values", path));
  }
  Layout layout{std::string(lineEnding(file)), fileStep(file)};
  if (text.front() == '[') {
    if (syntax == Syntax::Bicep) {
      if (text.find('\n') == std::string_view::npos) {
        std::string out = "[";
        for (std::size_t i = 0; i < value.items().size(); ++i) out += (i ? ", " : "") + renderScalar(value.items()[i], syntax);
        return SettingEdit{{makeEdit(file, span.begin, span.end, out + "]")}, {}};
      }
      return SettingEdit{{makeEdit(file, span.begin, span.end, blockValue(value, syntax, indentAt(file, span.begin), layout))}, {}};
    }
    std::string out = "[";
    for (std::size_t i = 0; i < value.items().size(); ++i) out += (i ? ", " : "") + renderScalar(value.items()[i], syntax);
    return SettingEdit{{makeEdit(file, span.begin, span.end, out + "]")}, {}};
  }
  if (syntax != Syntax::Yaml || text.front() != '-') return refuse(fmt::format("'{}' is not written as a list", path));
  // A block sequence: one `- item` per line at the first item's column.
  auto [line, column] = file.lineColumnOf(span.begin);
  std::string indent = indentAt(file, span.begin);
  if (!onlyBlanksBefore(file, span.begin)) indent = std::string(column - 1, ' ');
  std::string out;
  for (std::size_t i = 0; i < value.items().size(); ++i) {
    if (i) out += layout.eol + indent;
    out += "- " + renderScalar(value.items()[i], syntax);
  }
  uint32_t end = lastByte(node);
  return SettingEdit{{makeEdit(file, span.begin, end, out)}, {}};
}

// Inserts `keys[from..]` = value into `object`, where a person would write it.
SettingEdit insertInto(const Value& object, const std::vector<std::string>& keys, std::size_t from, const Value& value,
                       const std::string& path) {
  const Span& span = object.span();
  if (!span.valid() || span.end <= span.begin) return refuse(fmt::format("where '{}' would be written is not known", path));
  const SourceFile& file = *span.file;
  Syntax syntax = syntaxOf(file);
  std::string_view whole = file.text();
  std::string_view text = textOf(span);
  for (const Member& m : object.members()) {
    if (m.key_span.file != &file) return refuse(fmt::format("the object that would hold '{}' is assembled from several places", path));
  }
  Layout layout{std::string(lineEnding(file)), fileStep(file)};
  const std::string& key = keys[from];
  Value inner = nest(keys, from, value);
  const bool flow = text.front() == '{';
  if (syntax == Syntax::Yaml && !flow) {
    if (object.members().empty()) return refuse(fmt::format("where '{}' would be written is not known", path));
    const Member& first = object.members().front();
    auto [first_line, first_column] = file.lineColumnOf(first.key_span.begin);
    std::string indent(first_column - 1, ' ');
    layout.step = stepOf(file, object, indent);
    uint32_t end = lastByte(object);
    uint32_t at;
    std::string prefix;
    if (end > 0 && whole[end - 1] == '\n') {
      at = end;
    } else if (std::size_t nl = whole.find('\n', end); nl != std::string_view::npos) {
      at = static_cast<uint32_t>(nl + 1);
    } else {
      at = static_cast<uint32_t>(whole.size());
      prefix = layout.eol;
    }
    return SettingEdit{{makeEdit(file, at, at, prefix + yamlEntry(key, inner, indent, layout))}, {}};
  }
  if (!flow || text.back() != '}') return refuse(fmt::format("the object that would hold '{}' is not written as an object", path));
  uint32_t close = span.end - 1;
  if (syntax == Syntax::Yaml) {
    // A flow mapping: `{a: 1}` gains `, key: value`; `{}` becomes `{key: value}`.
    std::function<std::string(const Value&)> flowOf = [&](const Value& v) -> std::string {
      if (v.isObject()) {
        std::string out = "{";
        for (std::size_t i = 0; i < v.members().size(); ++i) out += (i ? ", " : "") + yamlKey(v.members()[i].key) + ": " + flowOf(v.members()[i].value);
        return out + "}";
      }
      if (v.isArray()) {
        std::string out = "[";
        for (std::size_t i = 0; i < v.items().size(); ++i) out += (i ? ", " : "") + renderScalar(v.items()[i], Syntax::Yaml);
        return out + "]";
      }
      return renderScalar(v, Syntax::Yaml);
    };
    std::string entry = yamlKey(key) + ": " + flowOf(inner);
    if (object.members().empty()) return SettingEdit{{makeEdit(file, span.begin, span.end, "{" + entry + "}")}, {}};
    const Member& last = object.members().back();
    uint32_t after = std::max(last.key_span.end, lastByte(last.value));
    return SettingEdit{{makeEdit(file, after, after, ", " + entry)}, {}};
  }
  std::string open_indent = indentAt(file, span.begin);
  std::string key_text = syntax == Syntax::Json ? jsonString(key) : bicepKey(key);
  if (object.members().empty()) {
    // `{}` (or an empty block): written out on lines of their own.
    std::string close_indent = indentAt(file, close);
    std::string indent = (onlyBlanksBefore(file, close) ? close_indent : open_indent) + layout.step;
    std::string body = indent + key_text + ": " + blockValue(inner, syntax, indent, layout) + layout.eol;
    if (text.find('\n') == std::string_view::npos) {
      return SettingEdit{{makeEdit(file, span.begin, span.end, "{" + layout.eol + body + open_indent + "}")}, {}};
    }
    uint32_t at = file.lineStart(file.lineColumnOf(close).first);
    if (!onlyBlanksBefore(file, close)) return refuse(fmt::format("the object that would hold '{}' is not laid out one entry a line", path));
    return SettingEdit{{makeEdit(file, at, at, body)}, {}};
  }
  const Member& first = object.members().front();
  const Member& last = object.members().back();
  bool one_line = file.lineColumnOf(first.key_span.begin).first == file.lineColumnOf(span.begin).first;
  std::string indent = indentAt(file, first.key_span.begin);
  std::string close_indent = indentAt(file, close);
  if (indent.size() > close_indent.size() && indent.starts_with(close_indent)) layout.step = indent.substr(close_indent.size());
  if (syntax == Syntax::Json) {
    uint32_t after = lastByte(last.value);
    if (one_line) {
      std::string compact = inner.isScalar() ? renderScalar(inner, syntax) : blockValue(inner, syntax, "", Layout{"", ""});
      return SettingEdit{{makeEdit(file, after, after, ", " + key_text + ": " + compact)}, {}};
    }
    return SettingEdit{{makeEdit(file, after, after, "," + layout.eol + indent + key_text + ": " + blockValue(inner, syntax, indent, layout))}, {}};
  }
  // Bicep: a line before the closing brace, at the entries' indentation.
  if (one_line || !onlyBlanksBefore(file, close)) return refuse(fmt::format("the object that would hold '{}' is written on one line", path));
  uint32_t at = file.lineStart(file.lineColumnOf(close).first);
  return SettingEdit{{makeEdit(file, at, at, indent + key_text + ": " + blockValue(inner, syntax, indent, layout) + layout.eol)}, {}};
}

std::string joinKeys(const std::vector<std::string>& keys, std::size_t count) {
  std::string out;
  for (std::size_t i = 0; i < count && i < keys.size(); ++i) out += (i ? "." : "") + keys[i];
  return out;
}

// Where the keys lead from `base`: the value, or the nearest object and how many keys it took.
struct Walk {
  const Value* found = nullptr;   // the value at the keys
  const Value* nearest = nullptr;  // else the deepest existing object
  std::size_t depth = 0;           // keys followed to `nearest`
  std::string refused;
  std::vector<const Value*> chain;  // every existing node on the way, from the base
};

Walk walk(const Value& base, const std::vector<std::string>& keys) {
  Walk w;
  const Value* node = &base;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    w.chain.push_back(node);
    if (node->isUnknown()) {
      w.refused = fmt::format("'{}' cannot be known statically ({})", joinKeys(keys, i), node->asString());
      return w;
    }
    if (!node->isObject()) {
      w.refused = fmt::format("'{}' is not an object", joinKeys(keys, i));
      return w;
    }
    const Value* child = node->find(keys[i]);
    if (!child || child->isNull()) {
      if (child && child->span().valid() && child->span().end > child->span().begin) {
        w.refused = fmt::format("'{}' is written as null", joinKeys(keys, i + 1));
        return w;
      }
      w.nearest = node;
      w.depth = i;
      return w;
    }
    node = child;
  }
  w.found = node;
  w.chain.push_back(node);
  return w;
}

}  // namespace

SettingEdit editSetting(const Value& base, const std::vector<std::string>& keys, const Value& value) {
  std::string path = joinKeys(keys, keys.size());
  Walk w = walk(base, keys);
  if (!w.refused.empty()) return refuse(std::move(w.refused));
  if (w.found) {
    if (w.found->sameContent(value)) return {};
    if (w.found->isArray()) return replaceArray(*w.found, value, path);
    return replaceScalar(*w.found, value, path);
  }
  return insertInto(*w.nearest, keys, w.depth, value, path);
}

Fix settingFix(std::string title, bool safe, const Value& base, const std::vector<std::string>& keys, const Value& value) {
  Fix fix;
  fix.title = std::move(title);
  fix.safe = safe;
  SettingEdit edit = editSetting(base, keys, value);
  fix.edits = std::move(edit.edits);
  fix.refused = std::move(edit.refused);
  if (fix.edits.empty() && fix.refused.empty()) fix.refused = "the value is already set";
  return fix;
}

namespace {

bool endsWithPath(std::string_view trail, std::string_view path) {
  if (trail == path) return true;
  return trail.size() > path.size() && trail.ends_with(path) && trail[trail.size() - path.size() - 1] == '.';
}

// Blamed: the finding's value is the setting's value or inside it (a list's
// element), or the finding says the setting's first missing key is missing.
bool blamedBy(const Walk& w, const std::vector<std::string>& keys, const std::vector<const Blame*>& blames) {
  for (const Blame* b : blames) {
    if (!b->node) continue;
    if (w.found) {
      const Span& in = b->node->span();
      if (b->node == w.found) return true;
      if (in.file && in.file == w.found->span().file && in.begin >= w.found->span().begin && in.end <= w.found->span().end) return true;
    } else if (w.nearest) {
      if (b->missing && b->node == w.nearest && endsWithPath(b->trail, joinKeys(keys, w.depth + 1))) return true;
    } else if (std::find(w.chain.begin(), w.chain.end(), b->node) != w.chain.end()) {
      return true;  // refused on the way: the reason is the fix's answer
    }
  }
  return false;
}

// The objects that are list elements on the way from `from` down to `target`, outermost first.
bool elementsAbove(const Value& from, const Value* target, std::vector<const Value*>& out) {
  if (&from == target) return true;
  if (from.isObject()) {
    for (const Member& m : from.members()) {
      if (elementsAbove(m.value, target, out)) return true;
    }
  } else if (from.isArray()) {
    for (const Value& item : from.items()) {
      if (item.isObject()) out.push_back(&item);
      if (elementsAbove(item, target, out)) return true;
      if (item.isObject()) out.pop_back();
    }
  }
  return false;
}

// Adds `b`'s members to `a` (objects merged key by key): settings that insert under one new key.
void mergeInto(Value& a, const Value& b) {
  if (!a.isObject() || !b.isObject()) return;
  for (const Member& m : b.members()) {
    Value* have = a.find(m.key);
    if (have && have->isObject() && m.value.isObject()) {
      mergeInto(*have, m.value);
    } else if (!have) {
      a.members().push_back(m);
    }
  }
}

}  // namespace

std::optional<Fix> buildRuleFix(const FixSpec& spec, const Value& start, const std::vector<const Blame*>& blames) {
  Fix fix;
  fix.title = spec.title;
  fix.safe = spec.safe;
  bool concerned = false;
  // Missing settings under one new key of one object are inserted together.
  struct Insertion {
    const Value* object;
    std::string key;
    Value value;
    std::string path;
  };
  std::vector<Insertion> insertions;
  for (const FixSetting& setting : spec.settings) {
    // The base: the list element the finding is about (the container holding
    // the blamed value, deepest first), else the rule's start.
    std::vector<const Value*> bases;
    if (spec.from == FixSpec::From::Element) {
      for (const Blame* b : blames) {
        std::vector<const Value*> elements;
        if (b->node) elementsAbove(start, b->node, elements);
        for (auto it = elements.rbegin(); it != elements.rend(); ++it) bases.push_back(*it);
      }
    }
    bases.push_back(&start);
    const Value* base = nullptr;
    Walk w;
    for (const Value* candidate : bases) {
      w = walk(*candidate, setting.keys);
      if (spec.from == FixSpec::From::Start || blamedBy(w, setting.keys, blames)) {
        base = candidate;
        break;
      }
    }
    if (!base) continue;
    concerned = true;
    if (w.refused.empty() && !w.found && w.nearest) {
      Value tree = nest(setting.keys, w.depth, setting.value);
      const std::string& key = setting.keys[w.depth];
      auto same = std::find_if(insertions.begin(), insertions.end(),
                               [&](const Insertion& i) { return i.object == w.nearest && i.key == key; });
      if (same == insertions.end()) {
        insertions.push_back(Insertion{w.nearest, key, std::move(tree), setting.path});
      } else {
        mergeInto(same->value, tree);
      }
      continue;
    }
    SettingEdit edit = editSetting(*base, setting.keys, setting.value);
    if (!edit.refused.empty()) {
      fix.refused = std::move(edit.refused);
      fix.edits.clear();
      return fix;
    }
    for (TextEdit& e : edit.edits) fix.edits.push_back(std::move(e));
  }
  for (const Insertion& insertion : insertions) {
    SettingEdit edit = insertInto(*insertion.object, {insertion.key}, 0, insertion.value, insertion.path);
    if (!edit.refused.empty()) {
      fix.refused = std::move(edit.refused);
      fix.edits.clear();
      return fix;
    }
    for (TextEdit& e : edit.edits) fix.edits.push_back(std::move(e));
  }
  if (!concerned || fix.edits.empty()) return std::nullopt;
  // Two settings inserting at one place (two keys missing from one object) become one insertion.
  std::vector<TextEdit> merged;
  for (TextEdit& e : fix.edits) {
    if (!merged.empty() && merged.back().uri == e.uri && merged.back().begin == e.begin && merged.back().end == e.begin &&
        e.begin == e.end) {
      merged.back().text += e.text;
      continue;
    }
    merged.push_back(std::move(e));
  }
  fix.edits = std::move(merged);
  return fix;
}

std::optional<FixSpec> parseFixSpec(const Value& node, std::vector<Diagnostic>& errors) {
  auto error = [&](const Span& at, std::string message) {
    errors.push_back(Diagnostic{GenCode::InvalidRuleFile, std::move(message), at, at.file ? at.file->path() : ""});
  };
  std::size_t before = errors.size();
  if (!node.isObject()) {
    error(node.span(), "'fix' is a mapping: title, safe, set (and optionally from)");
    return std::nullopt;
  }
  FixSpec spec;
  for (const Member& m : node.members()) {
    if (m.key != "title" && m.key != "safe" && m.key != "set" && m.key != "from") {
      error(m.key_span, fmt::format("unknown key '{}' in 'fix' (title, safe, set, from)", m.key));
    }
  }
  const Value* title = node.find("title");
  if (!title || !title->isString() || title->asString().empty()) {
    error(title ? title->span() : node.span(), "'fix' needs a 'title': what the fix does, e.g. \"Set allowPrivilegeEscalation: false\"");
  } else {
    spec.title = title->asString();
  }
  const Value* safe = node.find("safe");
  if (!safe || !safe->isBool()) {
    error(safe ? safe->span() : node.span(), "'fix' needs 'safe: true' or 'safe: false' (false: may break a workload; applied only with --unsafe-fixes)");
  } else {
    spec.safe = safe->asBool();
  }
  if (const Value* from = node.find("from")) {
    if (from->isString() && from->asString() == "element") {
      spec.from = FixSpec::From::Element;
    } else if (from->isString() && from->asString() == "start") {
      spec.from = FixSpec::From::Start;
    } else {
      error(from->span(), "'from' is 'element' (the `each` element the finding is about) or 'start' (the pod spec or resource body)");
    }
  }
  const Value* set = node.find("set");
  if (!set || !(set->isArray() || set->isObject())) {
    error(set ? set->span() : node.span(), "'fix' needs 'set': {path: KEYS, value: V} or a list of them");
  } else {
    std::vector<const Value*> entries;
    if (set->isObject()) entries.push_back(set);
    else for (const Value& item : set->items()) entries.push_back(&item);
    for (const Value* entry : entries) {
      if (!entry->isObject()) {
        error(entry->span(), "each 'set' entry is {path: KEYS, value: V}");
        continue;
      }
      for (const Member& m : entry->members()) {
        if (m.key != "path" && m.key != "value") error(m.key_span, fmt::format("unknown key '{}' in a 'set' entry (path, value)", m.key));
      }
      const Value* path = entry->find("path");
      const Value* value = entry->find("value");
      if (!path || !path->isString()) {
        error(path ? path->span() : entry->span(), "a 'set' entry needs 'path': keys separated by dots");
        continue;
      }
      if (!value) {
        error(entry->span(), "a 'set' entry needs 'value'");
        continue;
      }
      std::string path_error;
      std::optional<Path> parsed = parsePath(path->asString(), path_error);
      if (!parsed) {
        error(path->span(), path_error);
        continue;
      }
      FixSetting setting;
      setting.path = path->asString();
      bool keys_only = !parsed->from_root && !parsed->segments.empty();
      for (const PathSegment& s : parsed->segments) {
        if (s.kind != PathSegment::Kind::Key) keys_only = false;
        setting.keys.push_back(s.key);
      }
      if (!keys_only) {
        error(path->span(), fmt::format("a fix path is keys only (no wildcards, indexes, `$.` or `@containers`): '{}'", path->asString()));
        continue;
      }
      bool plain = value->isScalar() && !value->isNull() && !value->isUnknown();
      if (value->isArray()) {
        plain = std::all_of(value->items().begin(), value->items().end(),
                            [](const Value& v) { return v.isScalar() && !v.isNull() && !v.isUnknown(); });
      }
      if (!plain) {
        error(value->span(), "a fix 'value' is a boolean, number, string or a list of them");
        continue;
      }
      setting.value = *value;
      spec.settings.push_back(std::move(setting));
    }
  }
  if (errors.size() != before) return std::nullopt;
  return spec;
}

}  // namespace palisade
