// Sprig's list, dict, type-test and merge functions over Values. Go maps are
// references, so `set`/`merge` change their first argument in place; the
// executor writes the result back when that argument is a variable.
#include <algorithm>

#include "parsers/helm/helm_functions.h"
#include "parsers/helm/template_format.h"

namespace palisade::helm {

namespace {

const Value::Array& listArg(const TemplateCall& call, const Value& v) {
  if (!v.isArray()) call.fail("cannot use type " + std::string(goTypeName(v)) + " as a list");
  return v.items();
}

Value& dictArg(const TemplateCall& call, Value& v) {
  if (!v.isObject()) call.fail("wrong type for value; expected map[string]interface {}; got " + std::string(goTypeName(v)));
  return v;
}

// reflect.Kind names as Sprig's kindIs/kindOf report them.
std::string_view goKindName(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return "invalid";
    case Value::Kind::Bool: return "bool";
    case Value::Kind::Int: return "int";
    case Value::Kind::Number: return "float64";
    case Value::Kind::String: return "string";
    case Value::Kind::Array: return "slice";
    case Value::Kind::Object: return "map";
    case Value::Kind::Unknown: return "unknown";
  }
  return "invalid";
}

// mergo's Merge (dst wins) or, with `overwrite`, WithOverride (a non-empty src wins).
void mergeInto(Value& dst, const Value& src, bool overwrite) {
  for (const Member& m : src.members()) {
    Value* existing = dst.find(m.key);
    if (existing == nullptr) {
      dst.members().push_back(m);
    } else if (existing->isObject() && m.value.isObject()) {
      mergeInto(*existing, m.value, overwrite);
    } else if (templateTruth(m.value) && (overwrite || !templateTruth(*existing))) {
      // mergo replaces an empty dst value (false, 0, "" too) and, overwriting, any dst value
      *existing = m.value;
    }
  }
}

}  // namespace

void addSprigDataFunctions(FunctionTable& t) {
  t.add("kindIs", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::boolean(sprigString(args[0]) == goKindName(args[1]));
  });
  t.add("kindOf", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(std::string(goKindName(args[0])));
  });
  t.add("typeIs", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::boolean(sprigString(args[0]) == goTypeName(args[1]));
  });
  t.add("typeOf", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(std::string(goTypeName(args[0])));
  });
  t.add("append", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    Value::Array out = args[0].isNull() ? Value::Array{} : listArg(call, args[0]);
    out.push_back(args[1]);
    return Value::array(std::move(out));
  });
  t.add("prepend", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    Value::Array out = {args[1]};
    if (!args[0].isNull()) {
      for (const Value& v : listArg(call, args[0])) out.push_back(v);
    }
    return Value::array(std::move(out));
  });
  t.add("concat", [](const TemplateCall& call, std::vector<Value>& args) {
    Value::Array out;
    for (const Value& list : args) {
      if (list.isNull()) continue;
      for (const Value& v : listArg(call, list)) out.push_back(v);
    }
    return Value::array(std::move(out));
  });
  t.add("first", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    const Value::Array& list = listArg(call, args[0]);
    return list.empty() ? Value::null() : list.front();
  });
  t.add("last", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    const Value::Array& list = listArg(call, args[0]);
    return list.empty() ? Value::null() : list.back();
  });
  t.add("uniq", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    Value::Array out;
    for (const Value& v : listArg(call, args[0])) {
      if (std::none_of(out.begin(), out.end(), [&](const Value& o) { return o.sameContent(v); })) out.push_back(v);
    }
    return Value::array(std::move(out));
  });
  t.add("reverse", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    Value::Array out = listArg(call, args[0]);
    std::reverse(out.begin(), out.end());
    return Value::array(std::move(out));
  });
  t.add("has", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    if (args[1].isNull()) return Value::boolean(false);
    const Value::Array& list = listArg(call, args[1]);
    return Value::boolean(std::any_of(list.begin(), list.end(), [&](const Value& v) { return v.sameContent(args[0]); }));
  });
  t.add("without", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
    Value::Array out;
    for (const Value& v : listArg(call, args[0])) {
      bool drop = std::any_of(args.begin() + 1, args.end(), [&](const Value& w) { return w.sameContent(v); });
      if (!drop) out.push_back(v);
    }
    return Value::array(std::move(out));
  });
  t.add("compact", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    Value::Array out;
    for (const Value& v : listArg(call, args[0])) {
      if (templateTruth(v)) out.push_back(v);
    }
    return Value::array(std::move(out));
  });
  t.add("keys", [](const TemplateCall& call, std::vector<Value>& args) {
    Value::Array out;
    for (Value& d : args) {
      for (const Member& m : dictArg(call, d).members()) out.push_back(Value::string(m.key));
    }
    return Value::array(std::move(out));
  });
  t.add("get", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    const Value* found = dictArg(call, args[0]).find(sprigString(args[1]));
    return found != nullptr ? *found : Value::string("");
  });
  t.add("set", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 3);
    Value& d = dictArg(call, args[0]);
    std::string key = sprigString(args[1]);
    if (Value* existing = d.find(key)) {
      *existing = args[2];
    } else {
      d.members().push_back(Member{key, Span{}, args[2]});
    }
    return d;
  });
  t.add("unset", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    Value& d = dictArg(call, args[0]);
    std::string key = sprigString(args[1]);
    std::erase_if(d.members(), [&](const Member& m) { return m.key == key; });
    return d;
  });
  t.add("omit", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
    Value out = Value::object();
    for (const Member& m : dictArg(call, args[0]).members()) {
      bool drop = std::any_of(args.begin() + 1, args.end(), [&](const Value& k) { return sprigString(k) == m.key; });
      if (!drop) out.members().push_back(m);
    }
    return out;
  });
  t.add("pick", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
    Value out = Value::object();
    for (const Member& m : dictArg(call, args[0]).members()) {
      bool keep = std::any_of(args.begin() + 1, args.end(), [&](const Value& k) { return sprigString(k) == m.key; });
      if (keep) out.members().push_back(m);
    }
    return out;
  });
  auto merge = [](bool overwrite) {
    return [overwrite](const TemplateCall& call, std::vector<Value>& args) {
      if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
      Value dst = dictArg(call, args[0]);
      for (std::size_t i = 1; i < args.size(); ++i) {
        if (args[i].isNull()) continue;
        mergeInto(dst, dictArg(call, args[i]), overwrite);
      }
      return dst;
    };
  };
  t.add("merge", merge(false));
  t.add("mustMerge", merge(false));
  t.add("mergeOverwrite", merge(true));
  t.add("mustMergeOverwrite", merge(true));
  t.add("deepCopy", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return args[0];
  });
  t.add("lookup", [](const TemplateCall&, std::vector<Value>&) {
    return Value::object();  // `helm template` has no cluster: lookup returns an empty map
  });
}

}  // namespace palisade::helm
