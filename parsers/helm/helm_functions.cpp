#include "parsers/helm/helm_functions.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "parsers/helm/template_format.h"
#include "parsers/kustomize/generators.h"
#include "parsers/yaml/yaml_writer.h"

namespace palisade::helm {

namespace {

void requireAtLeast(const TemplateCall& call, const std::vector<Value>& args, std::size_t count) {
  if (args.size() < count) {
    call.fail("wrong number of args: want at least " + std::to_string(count) + " got " + std::to_string(args.size()));
  }
}

const std::string& stringArg(const TemplateCall& call, const Value& v, const char* what) {
  if (!v.isString()) {
    call.fail(std::string("wrong type for value; expected string; got ") + std::string(goTypeName(v)) + " (" + what + ")");
  }
  return v.asString();
}

int64_t intArg(const TemplateCall& call, const Value& v) {
  if (v.isInt()) return v.asInt();
  if (v.kind() == Value::Kind::Number) return static_cast<int64_t>(v.asNumber());
  call.fail("wrong type for value; expected int; got " + std::string(goTypeName(v)));
}

// Map keys sorted at every level, as Helm's toYaml (through JSON) writes them.
Value sortedKeys(const Value& v) {
  if (v.isArray()) {
    Value::Array items;
    for (const Value& item : v.items()) items.push_back(sortedKeys(item));
    return Value::array(std::move(items), v.span());
  }
  if (!v.isObject()) return v;
  std::vector<const Member*> members;
  for (const Member& m : v.members()) members.push_back(&m);
  std::stable_sort(members.begin(), members.end(), [](const Member* a, const Member* b) { return a->key < b->key; });
  Value::Object out;
  for (const Member* m : members) out.push_back(Member{m->key, m->key_span, sortedKeys(m->value)});
  return Value::object(std::move(out), v.span());
}

// Sprig's indent: every line of `text` prefixed with n spaces (after every
// newline, a final one included). When `text` is traced, so is the result:
// each piece split at its newlines, the padding a piece of its own.
std::string indentLines(const TemplateCall& call, const std::string& text, int64_t n, bool leading_newline) {
  std::string pad(static_cast<std::size_t>(std::clamp<int64_t>(n, 0, 10000)), ' ');
  const std::vector<OutputPiece>* traced = call.executor.tracedPieces(text);
  std::string out = leading_newline ? "\n" + pad : pad;
  if (traced == nullptr) {
    for (char c : text) {
      out.push_back(c);
      if (c == '\n') out += pad;
    }
    return out;
  }
  std::vector<OutputPiece> pieces;
  auto filler = [&pieces, &out](std::size_t from) {
    if (from == out.size()) return;
    OutputPiece gap;
    gap.begin = static_cast<uint32_t>(from);
    gap.end = static_cast<uint32_t>(out.size());
    pieces.push_back(gap);
  };
  filler(0);
  for (const OutputPiece& p : *traced) {
    std::size_t i = p.begin;
    while (i < p.end) {
      std::size_t newline = text.find('\n', i);
      std::size_t stop = newline == std::string::npos || newline >= p.end ? p.end : newline + 1;
      OutputPiece part = p;
      part.begin = static_cast<uint32_t>(out.size());
      out.append(text, i, stop - i);
      part.end = static_cast<uint32_t>(out.size());
      if (p.verbatim && p.source.file != nullptr) {
        uint32_t source_begin = p.source.begin + static_cast<uint32_t>(i - p.begin);
        Span moved = p.source.file->pointAt(source_begin);
        moved.end = source_begin + static_cast<uint32_t>(stop - i);
        part.source = moved;
      }
      pieces.push_back(part);
      if (out.back() == '\n') {
        std::size_t from = out.size();
        out += pad;
        filler(from);
      }
      i = stop;
    }
  }
  call.executor.traceString(out, std::move(pieces));
  return out;
}

}  // namespace

std::string sprigString(const Value& v) { return v.isString() ? v.asString() : goValueString(v); }

int64_t sprigInt64(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Int: return v.asInt();
    case Value::Kind::Number: return std::isfinite(v.asNumber()) ? static_cast<int64_t>(v.asNumber()) : 0;
    case Value::Kind::Bool: return v.asBool() ? 1 : 0;
    case Value::Kind::String: {
      const std::string& s = v.asString();
      char* end = nullptr;
      long long n = std::strtoll(s.c_str(), &end, 0);
      return (!s.empty() && *end == '\0') ? n : 0;
    }
    default: return 0;
  }
}

void addHelmFunctions(FunctionTable& t) {
  // ---- Helm's own -----------------------------------------------------------
  t.addRendering("include", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    const std::string& name = stringArg(call, args[0], "template name");
    RenderedText text = call.shared_last != nullptr ? call.executor.renderNestedShared(name, *call.shared_last, call.span)
                                                    : call.executor.renderNested(name, std::move(args[1]), call.span);
    // A template that printed only what Helm would generate at random (a
    // password helper) gives that Unknown, not the text of its placeholder.
    bool unknown = false, known_text = false;
    for (const OutputPiece& piece : text.pieces) {
      if (piece.unknown) {
        unknown = true;
      } else if (text.text.find_first_not_of(" \t\r\n", piece.begin) < piece.end) {
        known_text = true;
      }
    }
    if (unknown && !known_text) return Value::unknown("a value Helm generates at random is not known", call.span);
    call.executor.traceString(text.text, text.pieces);
    return Value::string(std::move(text.text));
  });
  t.add("tpl", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    const std::string& text = stringArg(call, args[0], "template text");
    return Value::string(call.executor.renderText(text, "tpl", std::move(args[1]), call.span).text);
  });
  t.add("required", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    const Value& v = args[1];
    if (v.isNull() || (v.isString() && v.asString().empty())) call.failPlain(sprigString(args[0]));
    return v;
  });
  t.add("fail", [](const TemplateCall& call, std::vector<Value>& args) -> Value {
    call.requireArgs(args, 1);
    call.failPlain(sprigString(args[0]));
  });
  t.add("toYaml", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    Value sorted = sortedKeys(args[0]);
    std::vector<YamlScalarMark> marks;
    std::string text = writeYaml(sorted, {}, YamlQuoting::GoYamlV2, &marks);
    while (!text.empty() && text.back() == '\n') text.pop_back();  // Helm trims the final newline
    // Each scalar printed from a located value keeps its span (a values.yaml line).
    std::vector<OutputPiece> pieces;
    bool located = false;
    std::size_t at = 0;
    auto piece = [&pieces, &text](std::size_t begin, std::size_t end) -> OutputPiece* {
      end = std::min(end, text.size());
      if (begin >= end) return nullptr;
      OutputPiece p;
      p.begin = static_cast<uint32_t>(begin);
      p.end = static_cast<uint32_t>(end);
      pieces.push_back(p);
      return &pieces.back();
    };
    for (const YamlScalarMark& mark : marks) {
      piece(at, mark.begin);
      if (OutputPiece* p = piece(mark.begin, mark.end)) {
        p->value = mark.value->span().valid() ? mark.value->span() : Span{};
        p->unknown = mark.value->isUnknown();
        located = located || p->value.valid();
      }
      at = std::max(at, mark.end);
    }
    piece(at, text.size());
    if (located) call.executor.traceString(text, std::move(pieces));
    return Value::string(text);
  });
  // ---- Sprig: strings ---------------------------------------------------------
  t.add("indent", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::string(indentLines(call, sprigString(args[1]), intArg(call, args[0]), false));
  });
  t.add("nindent", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::string(indentLines(call, sprigString(args[1]), intArg(call, args[0]), true));
  });
  t.add("quote", [](const TemplateCall&, std::vector<Value>& args) {
    std::string out;
    for (const Value& v : args) {
      if (v.isNull()) continue;
      if (!out.empty()) out.push_back(' ');
      out += goQuote(sprigString(v));
    }
    return Value::string(out);
  });
  t.add("squote", [](const TemplateCall&, std::vector<Value>& args) {
    std::string out;
    for (const Value& v : args) {
      if (v.isNull()) continue;
      if (!out.empty()) out.push_back(' ');
      out += "'" + sprigString(v) + "'";
    }
    return Value::string(out);
  });
  t.add("toString", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(sprigString(args[0]));
  });
  t.add("trunc", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    int64_t c = intArg(call, args[0]);
    std::string s = sprigString(args[1]);
    auto size = static_cast<int64_t>(s.size());
    if (c < 0 && size + c > 0) return Value::string(s.substr(static_cast<std::size_t>(size + c)));
    if (c >= 0 && size > c) return Value::string(s.substr(0, static_cast<std::size_t>(c)));
    return Value::string(s);
  });
  t.add("trimSuffix", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::string suffix = sprigString(args[0]);
    std::string s = sprigString(args[1]);
    if (s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0) s.resize(s.size() - suffix.size());
    return Value::string(s);
  });
  t.add("trimPrefix", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::string prefix = sprigString(args[0]);
    std::string s = sprigString(args[1]);
    if (s.compare(0, prefix.size(), prefix) == 0) s.erase(0, prefix.size());
    return Value::string(s);
  });
  t.add("trim", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    std::string s = sprigString(args[0]);
    std::size_t b = s.find_first_not_of(" \t\r\n\v\f");
    if (b == std::string::npos) return Value::string("");
    std::size_t e = s.find_last_not_of(" \t\r\n\v\f");
    return Value::string(s.substr(b, e - b + 1));
  });
  t.add("replace", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 3);
    std::string from = sprigString(args[0]);
    std::string to = sprigString(args[1]);
    std::string s = sprigString(args[2]);
    if (from.empty()) return Value::string(s);
    std::string out;
    std::size_t pos = 0;
    for (std::size_t hit; (hit = s.find(from, pos)) != std::string::npos; pos = hit + from.size()) out += s.substr(pos, hit - pos) + to;
    return Value::string(out + s.substr(pos));
  });
  t.add("contains", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::boolean(sprigString(args[1]).find(sprigString(args[0])) != std::string::npos);
  });
  t.add("hasPrefix", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::boolean(sprigString(args[1]).starts_with(sprigString(args[0])));
  });
  t.add("hasSuffix", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::boolean(sprigString(args[1]).ends_with(sprigString(args[0])));
  });
  t.add("b64enc", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(kustomize::base64(sprigString(args[0])));
  });
  t.add("join", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::string sep = sprigString(args[0]);
    if (!args[1].isArray()) return Value::string(sprigString(args[1]));
    std::string out;
    bool first = true;
    for (const Value& item : args[1].items()) {
      if (item.isNull()) continue;
      if (!first) out += sep;
      first = false;
      out += sprigString(item);
    }
    return Value::string(out);
  });
  // ---- Sprig: defaults and logic -------------------------------------------------
  t.add("default", [](const TemplateCall& call, std::vector<Value>& args) {
    requireAtLeast(call, args, 1);
    if (args.size() < 2 || !templateTruth(args[1])) return args[0];
    return args[1];
  });
  t.add("empty", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::boolean(!templateTruth(args[0]));
  });
  t.add("coalesce", [](const TemplateCall&, std::vector<Value>& args) {
    for (const Value& v : args) {
      if (templateTruth(v)) return v;
    }
    return Value::null();
  });
  t.add("ternary", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 3);
    if (!args[2].isBool()) call.fail("wrong type for value; expected bool; got " + std::string(goTypeName(args[2])));
    return args[2].asBool() ? args[0] : args[1];
  });
  t.add("int", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::integer(sprigInt64(args[0]));
  });
  // ---- Sprig: lists and dicts -------------------------------------------------------
  t.add("list", [](const TemplateCall&, std::vector<Value>& args) { return Value::array(args); });
  t.add("dict", [](const TemplateCall&, std::vector<Value>& args) {
    Value out = Value::object();
    for (std::size_t i = 0; i < args.size(); i += 2) {
      std::string key = sprigString(args[i]);
      Value value = i + 1 < args.size() ? args[i + 1] : Value::string("");
      if (Value* existing = out.find(key)) {
        *existing = std::move(value);
      } else {
        out.members().push_back(Member{key, Span{}, std::move(value)});
      }
    }
    return out;
  });
  t.add("hasKey", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    if (!args[0].isObject()) call.fail("wrong type for value; expected map[string]interface {}; got " + std::string(goTypeName(args[0])));
    return Value::boolean(args[0].find(sprigString(args[1])) != nullptr);
  });
}

FunctionTable helmFunctionTable() {
  FunctionTable t = goBuiltinFunctions();
  addHelmFunctions(t);
  addSprigDataFunctions(t);
  addSprigTextFunctions(t);
  addSprigMathFunctions(t);
  return t;
}

}  // namespace palisade::helm
