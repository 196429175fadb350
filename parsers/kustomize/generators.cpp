#include "parsers/kustomize/generators.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>

#include "core/text_encoding.h"
#include "parsers/kustomize/value_edit.h"

namespace palisade::kustomize {

namespace fs = std::filesystem;

std::string base64(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  std::size_t i = 0;
  for (; i + 2 < bytes.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8) | uint8_t(bytes[i + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += kAlphabet[n & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t n = uint32_t(uint8_t(bytes[i])) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t n = (uint32_t(uint8_t(bytes[i])) << 16) | (uint32_t(uint8_t(bytes[i + 1])) << 8);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

namespace {

// A string as Go's encoding/json writes it (HTML-safe escapes included), which the hash is computed over.
void goJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (std::size_t i = 0; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default:
        if (c < 0x20) {
          out += fmt::format("\\u{:04x}", c);
        } else if (c == 0xE2 && i + 2 < s.size() && uint8_t(s[i + 1]) == 0x80 && (uint8_t(s[i + 2]) == 0xA8 || uint8_t(s[i + 2]) == 0xA9)) {
          out += uint8_t(s[i + 2]) == 0xA8 ? "\\u2028" : "\\u2029";
          i += 2;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

void goJsonMap(std::string& out, const Value* map) {
  std::map<std::string, std::string> sorted;
  if (map && map->isObject()) {
    for (const Member& m : map->members()) sorted[m.key] = m.value.isString() ? m.value.asString() : m.value.toDisplayString();
  }
  out += '{';
  bool first = true;
  for (const auto& [key, value] : sorted) {
    if (!first) out += ',';
    first = false;
    goJsonString(out, key);
    out += ':';
    goJsonString(out, value);
  }
  out += '}';
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// kustomize strips one pair of matching quotes around a literal's value.
std::string unquoted(std::string_view v) {
  if (v.size() >= 2 && (v.front() == '"' || v.front() == '\'') && v.back() == v.front()) return std::string(v.substr(1, v.size() - 2));
  return std::string(v);
}

struct DataEntry {
  std::string key;
  std::string value;
  Span span;
  Span key_span;
};

void addStringMap(Value& metadata, std::string_view field, const Value* from) {
  if (!from || !from->isObject() || from->members().empty()) return;
  Value* map = memberOrInsert(metadata, field, Value::object({}, from->span()));
  for (const Member& m : from->members()) setMember(*map, m.key, m.value, m.key_span);
}

}  // namespace

std::string contentHashSuffix(const Value& body) {
  const std::string* kind = stringAt(body, {"kind"});
  std::string json = "{";
  const Value* binary = body.find("binaryData");
  if (binary && binary->isObject() && !binary->members().empty()) {
    json += "\"binaryData\":";
    goJsonMap(json, binary);
    json += ',';
  }
  json += "\"data\":";
  goJsonMap(json, body.find("data"));
  json += ",\"kind\":";
  goJsonString(json, kind ? *kind : "");
  json += ",\"name\":\"\"";
  if (kind && *kind == "Secret") {
    const std::string* type = stringAt(body, {"type"});
    json += ",\"type\":";
    goJsonString(json, type ? *type : "");
  }
  json += '}';
  std::string hex = sha256Hex(json).substr(0, 10);
  for (char& c : hex) {
    switch (c) {
      case '0': c = 'g'; break;
      case '1': c = 'h'; break;
      case '3': c = 'k'; break;
      case 'a': c = 'm'; break;
      case 'e': c = 't'; break;
      default: break;
    }
  }
  return hex;
}

BuiltObject generate(const GeneratorInput& input, const LoadFile& load, std::vector<Diagnostic>& diagnostics) {
  const Value& entry = *input.entry;
  const std::string path = input.kustomization ? input.kustomization->path() : std::string();
  auto problem = [&](const Span& at, std::string message) {
    diagnostics.push_back(Diagnostic{GenCode::KustomizeBuildError, std::move(message), at, path});
  };
  std::vector<DataEntry> data;
  std::vector<DataEntry> binary;
  if (const Value* literals = entry.find("literals"); literals && literals->isArray()) {
    for (const Value& l : literals->items()) {
      if (!l.isScalar()) continue;
      std::string text = l.isString() ? l.asString() : l.toDisplayString();
      auto eq = text.find('=');
      if (eq == std::string::npos) {
        problem(l.span(), fmt::format("literal '{}' is not KEY=VALUE", text));
        continue;
      }
      data.push_back(DataEntry{std::string(trimmed(text.substr(0, eq))), unquoted(text.substr(eq + 1)), l.span(), l.span()});
    }
  }
  auto fileEntries = [&](const Value* list, bool env) {
    if (!list) return;
    std::vector<const Value*> names;
    if (list->isArray()) {
      for (const Value& v : list->items()) names.push_back(&v);
    } else if (list->isString()) {
      names.push_back(list);
    }
    for (const Value* v : names) {
      if (!v->isString()) continue;
      std::string spec = v->asString();
      std::string key;
      if (!env) {
        if (auto eq = spec.find('='); eq != std::string::npos) {
          key = spec.substr(0, eq);
          spec = spec.substr(eq + 1);
        }
      }
      fs::path file = (input.dir / spec).lexically_normal();
      SourceFilePtr source = load(file, v->span());
      if (!source) continue;
      if (!env) {
        if (key.empty()) key = file.filename().string();
        const std::string& text = source->text();
        if (firstInvalidUtf8(text)) {
          binary.push_back(DataEntry{key, base64(text), v->span(), v->span()});
        } else {
          data.push_back(DataEntry{key, text, v->span(), v->span()});
        }
        continue;
      }
      // An env file: KEY=VALUE lines; blank lines and # comments are skipped.
      std::string_view text = source->text();
      uint32_t line_no = 0;
      std::size_t start = 0;
      while (start <= text.size()) {
        std::size_t nl = text.find('\n', start);
        std::string_view line = text.substr(start, nl == std::string_view::npos ? std::string_view::npos : nl - start);
        ++line_no;
        Span at = source->pointAt(static_cast<uint32_t>(start));
        at.end = at.begin + static_cast<uint32_t>(line.size());
        at.stop = Position{at.start.line, at.start.column + static_cast<uint32_t>(line.size())};
        std::string_view t = trimmed(line);
        if (!t.empty() && t.front() != '#') {
          auto eq = t.find('=');
          if (eq == std::string_view::npos) {
            // A bare KEY takes its value from kustomize's environment: unknown here, and empty where unset.
            data.push_back(DataEntry{std::string(t), "", at, at});
          } else {
            std::string_view value = t.substr(eq + 1);
            data.push_back(DataEntry{std::string(t.substr(0, eq)), unquoted(value), at, at});
          }
        }
        if (nl == std::string_view::npos) break;
        start = nl + 1;
      }
    }
  };
  fileEntries(entry.find("files"), false);
  fileEntries(entry.find("envs"), true);
  fileEntries(entry.find("env"), true);

  BuiltObject out;
  const std::string* name = stringAt(entry, {"name"});
  const Value* name_value = entry.find("name");
  Value body = Value::object({}, entry.span());
  setMember(body, "apiVersion", Value::string("v1", entry.span()));
  setMember(body, "kind", Value::string(input.secret ? "Secret" : "ConfigMap", entry.span()));
  Value metadata = Value::object({}, entry.span());
  setMember(metadata, "name", name_value ? *name_value : Value::string(name ? *name : "", entry.span()));
  if (const Value* ns = entry.find("namespace"); ns && ns->isString()) setMember(metadata, "namespace", *ns);
  const Value* options = entry.find("options");
  for (const Value* o : {input.options, options}) {
    if (!o) continue;
    addStringMap(metadata, "labels", o->find("labels"));
    addStringMap(metadata, "annotations", o->find("annotations"));
  }
  setMember(body, "metadata", std::move(metadata));
  auto toMap = [&](const std::vector<DataEntry>& entries, bool encode) {
    Value map = Value::object({}, entry.span());
    for (const DataEntry& d : entries) setMember(map, d.key, Value::string(encode ? base64(d.value) : d.value, d.span), d.key_span);
    return map;
  };
  if (input.secret) {
    std::vector<DataEntry> all = data;
    for (const DataEntry& b : binary) all.push_back(b);  // already base64
    Value map = toMap(data, true);
    for (const DataEntry& b : binary) setMember(map, b.key, Value::string(b.value, b.span), b.key_span);
    setMember(body, "data", std::move(map));
    const Value* type = entry.find("type");
    setMember(body, "type", type && type->isString() ? *type : Value::string("Opaque", entry.span()));
  } else {
    if (!data.empty()) setMember(body, "data", toMap(data, false));
    if (!binary.empty()) setMember(body, "binaryData", toMap(binary, false));
  }
  bool hash = true;
  for (const Value* o : {input.options, options}) {
    if (!o) continue;
    if (const Value* d = o->find("disableNameSuffixHash"); d && d->isBool()) hash = !d->asBool();
    if (const Value* im = o->find("immutable"); im && im->isBool() && im->asBool()) setMember(body, "immutable", *im);
  }
  out.body = std::move(body);
  out.hash_suffix = hash;
  const std::string* behavior = stringAt(entry, {"behavior"});
  out.behavior = behavior ? *behavior : "create";
  out.remember();
  return out;
}

void mergeGenerated(BuiltObject& into, const BuiltObject& from) {
  for (std::string_view field : {"data", "binaryData"}) {
    const Value* add = from.body.find(field);
    if (!add || !add->isObject()) continue;
    Value* map = memberOrInsert(into.body, field, Value::object({}, add->span()));
    for (const Member& m : add->members()) setMember(*map, m.key, m.value, m.key_span);
  }
  Value* metadata = into.body.find("metadata");
  const Value* from_metadata = from.body.find("metadata");
  if (metadata && from_metadata) {
    for (std::string_view field : {"labels", "annotations"}) {
      const Value* add = from_metadata->find(field);
      if (!add || !add->isObject()) continue;
      Value* map = memberOrInsert(*metadata, field, Value::object({}, add->span()));
      for (const Member& m : add->members()) setMember(*map, m.key, m.value, m.key_span);
    }
  }
  if (!from.hash_suffix) into.hash_suffix = false;
}

}  // namespace palisade::kustomize
