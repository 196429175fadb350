// Sprig's integer and float arithmetic, conversions, and the string and
// list helpers charts call less often (substr, cat, trimAll, split, dig,
// sortAlpha, until, b64dec, fromYamlArray), with Sprig's semantics.
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "core/ascii.h"
#include "parsers/helm/helm_functions.h"
#include "parsers/helm/template_format.h"
#include "parsers/yaml/yaml_reader.h"

namespace palisade::helm {

namespace {

// cast.ToFloat64 as Sprig uses it: numeric strings parse, anything else is 0.
double asFloat64(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Int: return static_cast<double>(v.asInt());
    case Value::Kind::Number: return v.asNumber();
    case Value::Kind::Bool: return v.asBool() ? 1 : 0;
    case Value::Kind::String: {
      char* end = nullptr;
      double d = std::strtod(v.asString().c_str(), &end);
      return (!v.asString().empty() && *end == '\0') ? d : 0;
    }
    default: return 0;
  }
}

int base64Digit(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

// Standard base64 with padding; nullopt when malformed.
std::optional<std::string> base64Decode(const std::string& in) {
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  std::size_t end = in.size();
  while (end > 0 && in[end - 1] == '=') --end;
  if (in.size() % 4 != 0) return std::nullopt;
  for (std::size_t i = 0; i < end; ++i) {
    int d = base64Digit(in[i]);
    if (d < 0) return std::nullopt;
    bits = (bits << 6) | static_cast<uint32_t>(d);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xFF));
    }
  }
  return out;
}

// Go's strings.Title: a letter after a separator (ASCII other than letters,
// digits and '_'; bytes of multi-byte characters count as letters) is upper-cased.
std::string sprigTitle(const std::string& s) {
  std::string out = s;
  bool after_separator = true;
  for (char& c : out) {
    auto u = static_cast<unsigned char>(c);
    bool word = u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (after_separator && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    after_separator = !word;
  }
  return out;
}

// Sprig's addf/subf/mulf/divf: the first argument combined with each further
// one (Sprig computes in shopspring/decimal and returns a float64; doubles
// agree with it wherever the operands and result are exact in binary).
Value sprigFloatFold(const TemplateCall& call, const std::vector<Value>& args, double start, double (*op)(double, double)) {
  if (args.empty() && call.name != "addf") call.fail("wrong number of args: want at least 1 got 0");
  double acc = start;
  for (std::size_t i = 0; i < args.size(); ++i) acc = (i == 0 && call.name != "addf") ? asFloat64(args[i]) : op(acc, asFloat64(args[i]));
  return Value::number(acc);
}

}  // namespace

void addSprigMathFunctions(FunctionTable& t) {
  t.add("add", [](const TemplateCall&, std::vector<Value>& args) {
    int64_t sum = 0;
    for (const Value& v : args) sum += sprigInt64(v);
    return Value::integer(sum);
  });
  t.add("add1", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::integer(sprigInt64(args[0]) + 1);
  });
  t.add("sub", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    return Value::integer(sprigInt64(args[0]) - sprigInt64(args[1]));
  });
  t.add("mul", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
    int64_t product = 1;
    for (const Value& v : args) product *= sprigInt64(v);
    return Value::integer(product);
  });
  t.add("div", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    int64_t d = sprigInt64(args[1]);
    if (d == 0) call.fail("runtime error: integer divide by zero");
    return Value::integer(sprigInt64(args[0]) / d);
  });
  t.add("mod", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    int64_t d = sprigInt64(args[1]);
    if (d == 0) call.fail("runtime error: integer divide by zero");
    return Value::integer(sprigInt64(args[0]) % d);
  });
  t.add("max", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
    int64_t best = sprigInt64(args[0]);
    for (const Value& v : args) best = std::max(best, sprigInt64(v));
    return Value::integer(best);
  });
  t.add("min", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.empty()) call.fail("wrong number of args: want at least 1 got 0");
    int64_t best = sprigInt64(args[0]);
    for (const Value& v : args) best = std::min(best, sprigInt64(v));
    return Value::integer(best);
  });
  t.add("int64", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::integer(sprigInt64(args[0]));
  });
  t.add("float64", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::number(asFloat64(args[0]));
  });
  t.add("floor", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::number(std::floor(asFloat64(args[0])));
  });
  t.add("tuple", [](const TemplateCall&, std::vector<Value>& args) { return Value::array(args); });
  t.add("until", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    int64_t n = sprigInt64(args[0]);
    if (n > 100000) call.fail("until " + std::to_string(n) + " is over palisade's limit of 100000 items");
    Value::Array out;
    for (int64_t i = 0; i < n; ++i) out.push_back(Value::integer(i));
    return Value::array(std::move(out));
  });
  t.add("substr", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 3);
    int64_t start = sprigInt64(args[0]);
    int64_t end = sprigInt64(args[1]);
    std::string s = sprigString(args[2]);
    auto size = static_cast<int64_t>(s.size());
    if (start < 0) return Value::string(s.substr(0, static_cast<std::size_t>(std::clamp<int64_t>(end, 0, size))));
    if (start > size) call.fail("runtime error: slice bounds out of range");
    if (end < 0 || end > size) return Value::string(s.substr(static_cast<std::size_t>(start)));
    if (end < start) call.fail("runtime error: slice bounds out of range");
    return Value::string(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(end - start)));
  });
  t.add("cat", [](const TemplateCall&, std::vector<Value>& args) {
    std::string out;
    for (const Value& v : args) {
      if (v.isNull()) continue;
      if (!out.empty()) out.push_back(' ');
      out += sprigString(v);
    }
    return Value::string(out);
  });
  t.add("trimAll", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::string cut = sprigString(args[0]);
    std::string s = sprigString(args[1]);
    std::size_t b = s.find_first_not_of(cut);
    if (b == std::string::npos) return Value::string("");
    return Value::string(s.substr(b, s.find_last_not_of(cut) - b + 1));
  });
  t.add("split", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::string sep = sprigString(args[0]);
    std::string s = sprigString(args[1]);
    Value out = Value::object();
    std::size_t pos = 0;
    int index = 0;
    if (!sep.empty()) {
      for (std::size_t hit; (hit = s.find(sep, pos)) != std::string::npos; pos = hit + sep.size()) {
        out.members().push_back(Member{"_" + std::to_string(index++), Span{}, Value::string(s.substr(pos, hit - pos))});
      }
    }
    out.members().push_back(Member{"_" + std::to_string(index), Span{}, Value::string(s.substr(pos))});
    return out;
  });
  t.add("dig", [](const TemplateCall& call, std::vector<Value>& args) {
    if (args.size() < 3) call.fail("wrong number of args: want at least 3 got " + std::to_string(args.size()));
    const Value* cur = &args.back();
    for (std::size_t i = 0; i + 2 < args.size(); ++i) {
      if (!cur->isObject()) return args[args.size() - 2];
      cur = cur->find(sprigString(args[i]));
      if (cur == nullptr) return args[args.size() - 2];
    }
    return *cur;
  });
  t.add("sortAlpha", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    std::vector<std::string> items;
    if (args[0].isArray()) {
      for (const Value& v : args[0].items()) items.push_back(sprigString(v));
    } else {
      items.push_back(sprigString(args[0]));
    }
    std::sort(items.begin(), items.end());
    Value::Array out;
    for (std::string& s : items) out.push_back(Value::string(std::move(s)));
    return Value::array(std::move(out));
  });
  t.add("b64dec", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    std::optional<std::string> decoded = base64Decode(sprigString(args[0]));
    return Value::string(decoded ? *decoded : "illegal base64 data at input byte 0");
  });
  t.add("fromYamlArray", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    auto file = std::make_shared<const SourceFile>("fromYamlArray", sprigString(args[0]));
    call.executor.templates().keep(file);
    YamlReadResult yaml = readYaml(*file, ReadLimits{});
    if (!yaml.diagnostics.empty()) return Value::array({Value::string(yaml.diagnostics.front().message)});
    if (yaml.documents.empty() || !yaml.documents.front().root.isArray()) return Value::array();
    return yaml.documents.front().root;
  });
  // Sprig's case functions are Go's strings.ToLower/ToUpper/Title: ASCII here.
  t.add("lower", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(lowerAscii(sprigString(args[0])));
  });
  t.add("upper", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(upperAscii(sprigString(args[0])));
  });
  t.add("title", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(sprigTitle(sprigString(args[0])));
  });
  t.add("repeat", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    int64_t count = sprigInt64(args[0]);
    std::string s = sprigString(args[1]);
    if (count < 0) call.fail("strings: negative Repeat count");
    if (static_cast<uint64_t>(count) * s.size() > (std::size_t{64} << 20)) call.fail("strings: Repeat output length overflow");
    std::string out;
    for (int64_t i = 0; i < count; ++i) out += s;
    return Value::string(out);
  });
  t.add("nospace", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    std::string out;
    for (char c : sprigString(args[0])) {
      if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\v' && c != '\f') out.push_back(c);
    }
    return Value::string(out);
  });
  t.add("addf", [](const TemplateCall& call, std::vector<Value>& args) {
    return sprigFloatFold(call, args, 0, [](double a, double b) { return a + b; });
  });
  t.add("subf", [](const TemplateCall& call, std::vector<Value>& args) {
    return sprigFloatFold(call, args, 0, [](double a, double b) { return a - b; });
  });
  t.add("mulf", [](const TemplateCall& call, std::vector<Value>& args) {
    return sprigFloatFold(call, args, 0, [](double a, double b) { return a * b; });
  });
  t.add("divf", [](const TemplateCall& call, std::vector<Value>& args) {
    return sprigFloatFold(call, args, 0, [](double a, double b) { return a / b; });
  });
  // Aliases Sprig defines with an error result instead of a panic; here both fail the same way.
  for (const char* name : {"mustUniq", "mustWithout", "mustAppend", "mustPrepend", "mustFirst", "mustLast", "mustHas", "mustCompact", "mustReverse"}) {
    std::string base = std::string(name).substr(4);
    base[0] = static_cast<char>(base[0] - 'A' + 'a');
    if (const TemplateFunction* f = t.find(base)) t.add(name, *f);
  }
  for (const char* name : {"now", "shuffle", "date", "dateInZone", "htmlDate"}) {
    t.add(name, [](const TemplateCall& call, std::vector<Value>&) {
      return Value::unknown(std::string(call.name) + " depends on the clock or randomness", call.span);
    });
  }
}

}  // namespace palisade::helm
