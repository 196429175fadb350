// Go's predefined template functions (text/template's funcs.go), with Go's
// semantics and error messages, over palisade Values.
#include <algorithm>
#include <cstdio>

#include "parsers/helm/template_exec.h"
#include "parsers/helm/template_format.h"

namespace palisade::helm {

namespace {

void requireArgs(const TemplateCall& call, const std::vector<Value>& args, std::size_t count) {
  if (args.size() != count) {
    call.fail("wrong number of args: want " + std::to_string(count) + " got " + std::to_string(args.size()));
  }
}

// Go's basicKind classes for comparison; Other is a list or map.
enum class BasicKind : uint8_t { Invalid, Bool, Int, Float, String, Other };

BasicKind basicKindOf(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return BasicKind::Invalid;
    case Value::Kind::Bool: return BasicKind::Bool;
    case Value::Kind::Int: return BasicKind::Int;
    case Value::Kind::Number: return BasicKind::Float;
    case Value::Kind::String: return BasicKind::String;
    default: return BasicKind::Other;
  }
}

// eq arg1 arg2...: true when arg1 equals any of the others.
Value templateEq(const TemplateCall& call, std::vector<Value>& args) {
  if (args.empty()) call.fail("wrong number of args for eq: want at least 1 got 0");
  if (args.size() == 1) call.fail("missing argument for comparison");
  const Value& a = args[0];
  for (std::size_t i = 1; i < args.size(); ++i) {
    const Value& b = args[i];
    if (a.isUnknown() || b.isUnknown()) return Value::unknown("comparison with an unknown value");
    BasicKind ka = basicKindOf(a);
    BasicKind kb = basicKindOf(b);
    bool truth = false;
    if (ka != kb) {
      if (ka != BasicKind::Invalid && kb != BasicKind::Invalid) call.fail("incompatible types for comparison");
    } else {
      switch (ka) {
        case BasicKind::Invalid: truth = true; break;
        case BasicKind::Bool: truth = a.asBool() == b.asBool(); break;
        case BasicKind::Int: truth = a.asInt() == b.asInt(); break;
        case BasicKind::Float: truth = a.asNumber() == b.asNumber(); break;
        case BasicKind::String: truth = a.asString() == b.asString(); break;
        case BasicKind::Other: call.fail("non-comparable type " + goValueString(b) + ": " + std::string(goTypeName(b)));
      }
    }
    if (truth) return Value::boolean(true);
  }
  return Value::boolean(false);
}

Value templateNe(const TemplateCall& call, std::vector<Value>& args) {
  requireArgs(call, args, 2);
  Value equal = templateEq(call, args);
  return equal.isUnknown() ? equal : Value::boolean(!equal.asBool());
}

// lt a b: Unknown when either is unknown; errors as Go's lt.
Value templateLess(const TemplateCall& call, const Value& a, const Value& b) {
  if (a.isUnknown() || b.isUnknown()) return Value::unknown("comparison with an unknown value");
  BasicKind ka = basicKindOf(a);
  BasicKind kb = basicKindOf(b);
  if (ka == BasicKind::Invalid || ka == BasicKind::Other || kb == BasicKind::Invalid || kb == BasicKind::Other) {
    call.fail("invalid type for comparison");
  }
  if (ka != kb) call.fail("incompatible types for comparison");
  switch (ka) {
    case BasicKind::Int: return Value::boolean(a.asInt() < b.asInt());
    case BasicKind::Float: return Value::boolean(a.asNumber() < b.asNumber());
    case BasicKind::String: return Value::boolean(a.asString() < b.asString());
    default: call.fail("invalid type for comparison");
  }
}

enum class Ordering : uint8_t { Lt, Le, Gt, Ge };

// lt, le (lt or eq), gt (not le), ge (not lt).
Value templateCompare(const TemplateCall& call, std::vector<Value>& args, Ordering op) {
  requireArgs(call, args, 2);
  Value lt = templateLess(call, args[0], args[1]);
  if (lt.isUnknown()) return lt;
  bool less = lt.asBool();
  if (op == Ordering::Lt) return Value::boolean(less);
  if (op == Ordering::Ge) return Value::boolean(!less);
  bool less_or_equal = less || templateEq(call, args).asBool();
  return Value::boolean(op == Ordering::Le ? less_or_equal : !less_or_equal);
}

Value templateLen(const TemplateCall& call, std::vector<Value>& args) {
  requireArgs(call, args, 1);
  const Value& v = args[0];
  switch (v.kind()) {
    case Value::Kind::String: return Value::integer(static_cast<int64_t>(v.asString().size()));
    case Value::Kind::Array: return Value::integer(static_cast<int64_t>(v.items().size()));
    case Value::Kind::Object: return Value::integer(static_cast<int64_t>(v.members().size()));
    case Value::Kind::Null: call.fail("len of nil pointer");
    case Value::Kind::Unknown: return Value::unknown("length of an unknown value");
    default: call.fail("len of type " + std::string(goTypeName(v)));
  }
}

int64_t indexArgument(const TemplateCall& call, const Value& index, std::size_t cap) {
  if (!index.isInt()) call.fail("cannot index slice/array with type " + std::string(goTypeName(index)));
  int64_t i = index.asInt();
  if (i < 0 || static_cast<uint64_t>(i) >= cap) call.fail("index out of range: " + std::to_string(i));
  return i;
}

Value templateIndex(const TemplateCall& call, std::vector<Value>& args) {
  if (args.empty()) call.fail("wrong number of args for index: want at least 1 got 0");
  Value item = args[0];
  for (std::size_t k = 1; k < args.size(); ++k) {
    const Value& index = args[k];
    switch (item.kind()) {
      case Value::Kind::Null: call.fail("index of untyped nil");
      case Value::Kind::Unknown: return item;
      case Value::Kind::Array: {
        int64_t i = indexArgument(call, index, item.items().size());
        Value next = item.items()[static_cast<std::size_t>(i)];
        item = std::move(next);
        break;
      }
      case Value::Kind::String: {
        int64_t i = indexArgument(call, index, item.asString().size());
        item = Value::integer(static_cast<unsigned char>(item.asString()[static_cast<std::size_t>(i)]));
        break;
      }
      case Value::Kind::Object: {
        if (index.isNull()) call.fail("value is nil; should be of type string");
        if (!index.isString()) call.fail("value has type " + std::string(goTypeName(index)) + "; should be string");
        const Value* found = item.find(index.asString());
        Value next = found != nullptr ? *found : Value::null();
        item = std::move(next);
        break;
      }
      default: call.fail("can't index item of type " + std::string(goTypeName(item)));
    }
  }
  return item;
}

Value templateSlice(const TemplateCall& call, std::vector<Value>& args) {
  if (args.empty()) call.fail("wrong number of args for slice: want at least 1 got 0");
  if (args.size() > 4) call.fail("too many slice indexes: " + std::to_string(args.size() - 1));
  const Value& item = args[0];
  std::size_t length = 0;
  if (item.isString()) {
    length = item.asString().size();
    if (args.size() == 4) call.fail("cannot 3-index slice a string");
  } else if (item.isArray()) {
    length = item.items().size();
  } else if (item.isNull()) {
    call.fail("slice of untyped nil");
  } else if (item.isUnknown()) {
    return item;
  } else {
    call.fail("can't slice item of type " + std::string(goTypeName(item)));
  }
  std::vector<int64_t> idx = {0, static_cast<int64_t>(length), static_cast<int64_t>(length)};
  for (std::size_t k = 1; k < args.size(); ++k) {
    if (!args[k].isInt()) call.fail("cannot index slice/array with type " + std::string(goTypeName(args[k])));
    int64_t i = args[k].asInt();
    if (i < 0 || static_cast<uint64_t>(i) > length) call.fail("index out of range: " + std::to_string(i));
    idx[k - 1] = i;
  }
  if (args.size() == 2) idx[1] = static_cast<int64_t>(length);
  if (idx[0] > idx[1]) call.fail("invalid slice index: " + std::to_string(idx[0]) + " > " + std::to_string(idx[1]));
  if (args.size() == 4 && idx[1] > idx[2]) {
    call.fail("invalid slice index: " + std::to_string(idx[1]) + " > " + std::to_string(idx[2]));
  }
  auto from = static_cast<std::size_t>(idx[0]);
  auto to = static_cast<std::size_t>(idx[1]);
  if (item.isString()) return Value::string(item.asString().substr(from, to - from));
  Value::Array out(item.items().begin() + static_cast<std::ptrdiff_t>(from), item.items().begin() + static_cast<std::ptrdiff_t>(to));
  return Value::array(std::move(out));
}

std::string htmlEscape(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '\0': out += "\xEF\xBF\xBD"; break;
      case '"': out += "&#34;"; break;
      case '\'': out += "&#39;"; break;
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      default: out.push_back(c);
    }
  }
  return out;
}

std::string jsEscape(const std::string& s) {
  std::string out;
  char buf[8];
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\'': out += "\\'"; break;
      case '"': out += "\\\""; break;
      case '<': out += "\\u003C"; break;
      case '>': out += "\\u003E"; break;
      case '&': out += "\\u0026"; break;
      case '=': out += "\\u003D"; break;
      default:
        if (u < ' ') {
          std::snprintf(buf, sizeof buf, "\\u%04X", u);
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  return out;
}

std::string queryEscape(const std::string& s) {
  std::string out;
  char buf[4];
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == '~') {
      out.push_back(c);
    } else if (c == ' ') {
      out.push_back('+');
    } else {
      std::snprintf(buf, sizeof buf, "%%%02X", u);
      out += buf;
    }
  }
  return out;
}

// html, js and urlquery print their arguments as fmt.Sprint does, with one
// exception Go makes: a single string argument is taken as it is.
std::string evalArgsText(const std::vector<Value>& args) {
  if (args.size() == 1 && args[0].isString()) return args[0].asString();
  return goSprint(args);
}

}  // namespace

FunctionTable goBuiltinFunctions() {
  FunctionTable t;
  // and/or are evaluated lazily by the executor; these entries declare them.
  t.add("and", [](const TemplateCall& call, std::vector<Value>&) -> Value { call.fail("and is evaluated by the executor"); });
  t.add("or", [](const TemplateCall& call, std::vector<Value>&) -> Value { call.fail("or is evaluated by the executor"); });
  t.add("not", [](const TemplateCall& call, std::vector<Value>& args) {
    requireArgs(call, args, 1);
    return Value::boolean(!templateTruth(args[0]));
  });
  t.add("len", templateLen);
  t.add("index", templateIndex);
  t.add("slice", templateSlice);
  t.add("print", [](const TemplateCall&, std::vector<Value>& args) { return Value::string(goSprint(args)); });
  t.add("println", [](const TemplateCall&, std::vector<Value>& args) {
    std::string out;
    for (std::size_t i = 0; i < args.size(); ++i) {
      if (i > 0) out.push_back(' ');
      appendGoValue(out, args[i]);
    }
    return Value::string(out + "\n");
  });
  t.add("printf", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args for printf: want at least 1 got 0");
    if (!args[0].isString()) call.fail("wrong type for value; expected string; got " + std::string(goTypeName(args[0])));
    std::vector<Value> rest(args.begin() + 1, args.end());
    return Value::string(goSprintf(args[0].asString(), rest));
  });
  t.add("eq", templateEq);
  t.add("ne", templateNe);
  t.add("lt", [](const TemplateCall& call, std::vector<Value>& args) { return templateCompare(call, args, Ordering::Lt); });
  t.add("le", [](const TemplateCall& call, std::vector<Value>& args) { return templateCompare(call, args, Ordering::Le); });
  t.add("gt", [](const TemplateCall& call, std::vector<Value>& args) { return templateCompare(call, args, Ordering::Gt); });
  t.add("ge", [](const TemplateCall& call, std::vector<Value>& args) { return templateCompare(call, args, Ordering::Ge); });
  t.add("html", [](const TemplateCall&, std::vector<Value>& args) { return Value::string(htmlEscape(evalArgsText(args))); });
  t.add("js", [](const TemplateCall&, std::vector<Value>& args) { return Value::string(jsEscape(evalArgsText(args))); });
  t.add("urlquery", [](const TemplateCall&, std::vector<Value>& args) { return Value::string(queryEscape(evalArgsText(args))); });
  return t;
}

}  // namespace palisade::helm
