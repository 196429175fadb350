// Sprig's regex, semver, hash, JSON/YAML and string-list functions, and the
// functions `helm template` cannot compute (random strings, generated
// certificates), which return an Unknown placeholder.
#include <re2/re2.h>

#include <charconv>
#include <cmath>
#include <optional>

#include "core/json_string.h"
#include "parsers/helm/helm_functions.h"
#include "parsers/helm/template_format.h"
#include "parsers/kustomize/generators.h"
#include "parsers/yaml/yaml_reader.h"

namespace palisade::helm {

namespace {

std::unique_ptr<RE2> compileRegex(const TemplateCall& call, const std::string& pattern) {
  RE2::Options options;
  options.set_log_errors(false);
  auto re = std::make_unique<RE2>(pattern, options);
  if (!re->ok()) call.fail("error parsing regexp: " + re->error());
  return re;
}

// Go's ReplaceAllString expands $1, ${1} and ${name}; RE2 wants \1.
std::string goReplacementToRe2(const RE2& re, const std::string& repl) {
  std::string out;
  const auto& named = re.NamedCapturingGroups();
  for (std::size_t i = 0; i < repl.size(); ++i) {
    char c = repl[i];
    if (c == '\\') {
      out += "\\\\";
      continue;
    }
    if (c != '$' || i + 1 >= repl.size()) {
      out.push_back(c);
      continue;
    }
    if (repl[i + 1] == '$') {
      out.push_back('$');
      ++i;
      continue;
    }
    std::string name;
    std::size_t j = i + 1;
    if (repl[j] == '{') {
      std::size_t close = repl.find('}', j);
      if (close == std::string::npos) {
        out.push_back(c);
        continue;
      }
      name = repl.substr(j + 1, close - j - 1);
      j = close + 1;
    } else {
      while (j < repl.size() && (std::isalnum(static_cast<unsigned char>(repl[j])) || repl[j] == '_')) name.push_back(repl[j++]);
    }
    i = j - 1;
    int group = -1;
    if (!name.empty() && std::all_of(name.begin(), name.end(), [](char d) { return d >= '0' && d <= '9'; })) {
      group = name.size() < 4 ? std::stoi(name) : 10000;
    } else if (auto it = named.find(name); it != named.end()) {
      group = it->second;
    }
    if (group >= 0 && group <= re.NumberOfCapturingGroups() && group <= 9) out += "\\" + std::to_string(group);
    // Go expands an unknown group to "" (and RE2 takes one digit only)
  }
  return out;
}

std::string escapeRe2Rewrite(const std::string& literal) {
  std::string out;
  for (char c : literal) {
    if (c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out;
}

// ---- semver (Masterminds/semver, the subset charts use) ---------------------

// Text printed from an Unknown reads "<unknown>"; parsed back by fromYaml
// (`fromYaml (include "certs" .)`, where the helper called genCA), such a
// scalar is that Unknown again rather than the placeholder's text.
void restoreUnknownPlaceholders(Value& v, const Span& call) {
  if (v.isString() && v.asString() == "<unknown>") {
    v = Value::unknown("a value Helm generates at random is not known", call);
  } else if (v.isArray()) {
    for (Value& item : v.items()) restoreUnknownPlaceholders(item, call);
  } else if (v.isObject()) {
    for (Member& m : v.members()) restoreUnknownPlaceholders(m.value, call);
  }
}

struct SemVersion {
  int64_t major = 0, minor = 0, patch = 0;
  std::string prerelease;
  int parts = 3;  // numeric parts written (1.2 has 2; 1.2.x has 2)
};

std::optional<SemVersion> parseSemver(std::string text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.erase(0, 1);
  std::size_t plus = text.find('+');
  if (plus != std::string::npos) text.resize(plus);
  SemVersion v;
  std::size_t dash = text.find('-');
  if (dash != std::string::npos) {
    v.prerelease = text.substr(dash + 1);
    text.resize(dash);
  }
  int64_t* numbers[] = {&v.major, &v.minor, &v.patch};
  std::size_t pos = 0;
  v.parts = 0;
  for (int i = 0; i < 3 && pos <= text.size(); ++i) {
    std::size_t dot = text.find('.', pos);
    std::string part = text.substr(pos, dot == std::string::npos ? std::string::npos : dot - pos);
    if (part.empty() || part == "x" || part == "X" || part == "*") {
      if (i == 0 && part.empty()) return std::nullopt;
      break;
    }
    auto res = std::from_chars(part.data(), part.data() + part.size(), *numbers[i]);
    if (res.ec != std::errc() || res.ptr != part.data() + part.size()) return std::nullopt;
    v.parts = i + 1;
    if (dot == std::string::npos) break;
    pos = dot + 1;
  }
  return v;
}

int compareSemver(const SemVersion& a, const SemVersion& b) {
  if (a.major != b.major) return a.major < b.major ? -1 : 1;
  if (a.minor != b.minor) return a.minor < b.minor ? -1 : 1;
  if (a.patch != b.patch) return a.patch < b.patch ? -1 : 1;
  if (a.prerelease == b.prerelease) return 0;
  if (a.prerelease.empty()) return 1;  // a release is above its prereleases
  if (b.prerelease.empty()) return -1;
  return a.prerelease < b.prerelease ? -1 : 1;
}

// One term: ">=1.19.0-0", "<1.22", "~1.2", "^1", "1.2.x", "=1.0".
bool semverTerm(const SemVersion& v, std::string term) {
  std::string op;
  while (!term.empty() && std::string_view("<>=!~^").find(term[0]) != std::string_view::npos) {
    op.push_back(term[0]);
    term.erase(0, 1);
  }
  while (!term.empty() && term[0] == ' ') term.erase(0, 1);
  std::optional<SemVersion> c = parseSemver(term);
  if (!c) return false;
  // Without a prerelease in the constraint, prerelease versions never match (Masterminds' rule).
  if (!v.prerelease.empty() && c->prerelease.empty()) return false;
  int cmp = compareSemver(v, *c);
  if (op.empty() || op == "=") {
    // 1.2 and 1.2.x match any patch; 1 and 1.x any minor.
    if (c->parts < 3) return v.major == c->major && (c->parts < 2 || v.minor == c->minor);
    return cmp == 0;
  }
  if (op == "!=") return cmp != 0;
  if (op == ">") return cmp > 0;
  if (op == "<") return cmp < 0;
  if (op == ">=" || op == "=>") return cmp >= 0;
  if (op == "<=" || op == "=<") return cmp <= 0;
  if (op == "~" || op == "~>") {
    SemVersion upper = c->parts <= 1 ? SemVersion{c->major + 1, 0, 0, "", 3} : SemVersion{c->major, c->minor + 1, 0, "", 3};
    return cmp >= 0 && compareSemver(v, upper) < 0;
  }
  if (op == "^") {
    SemVersion upper = c->major > 0 || c->parts <= 1 ? SemVersion{c->major + 1, 0, 0, "", 3} : SemVersion{0, c->minor + 1, 0, "", 3};
    return cmp >= 0 && compareSemver(v, upper) < 0;
  }
  return false;
}

bool semverMatches(const std::string& constraint, const SemVersion& v) {
  // "a || b": any group; a group is terms separated by ',' or spaces.
  std::size_t start = 0;
  while (start <= constraint.size()) {
    std::size_t bar = constraint.find("||", start);
    std::string group = constraint.substr(start, bar == std::string::npos ? std::string::npos : bar - start);
    std::vector<std::string> terms;
    std::string current;
    for (std::size_t i = 0; i < group.size(); ++i) {
      char c = group[i];
      if (c == ',' || c == ' ') {
        // "> 1.2": an operator followed by a space belongs to the next token
        if (c == ' ' && !current.empty() && std::string_view("<>=!~^").find(current.back()) != std::string_view::npos) continue;
        if (!current.empty()) terms.push_back(current);
        current.clear();
      } else {
        current.push_back(c);
      }
    }
    if (!current.empty()) terms.push_back(current);
    if (!terms.empty() && std::all_of(terms.begin(), terms.end(), [&](const std::string& t) { return semverTerm(v, t); })) return true;
    if (bar == std::string::npos) break;
    start = bar + 2;
  }
  return false;
}

// ---- JSON as Go's encoding/json writes it ------------------------------------------

void appendGoJson(std::string& out, const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null:
    case Value::Kind::Unknown: out += "null"; break;
    case Value::Kind::Bool: out += v.asBool() ? "true" : "false"; break;
    case Value::Kind::Int: out += std::to_string(v.asInt()); break;
    case Value::Kind::Number: {
      double d = v.asNumber();
      char buf[64];
      double a = std::fabs(d);
      bool exponent = a != 0 && (a < 1e-6 || a >= 1e21);
      auto res = std::to_chars(buf, buf + sizeof buf, d, exponent ? std::chars_format::scientific : std::chars_format::fixed);
      std::string text(buf, res.ptr);
      if (exponent) {
        // Go writes e-07 as e-7.
        std::size_t e = text.find('e');
        if (e != std::string::npos && e + 2 < text.size() && text[e + 2] == '0') text.erase(e + 2, 1);
      }
      out += text;
      break;
    }
    case Value::Kind::String: appendJsonString(out, v.asString()); break;
    case Value::Kind::Array: {
      out.push_back('[');
      for (std::size_t i = 0; i < v.items().size(); ++i) {
        if (i > 0) out.push_back(',');
        appendGoJson(out, v.items()[i]);
      }
      out.push_back(']');
      break;
    }
    case Value::Kind::Object: {
      std::vector<const Member*> members;
      for (const Member& m : v.members()) members.push_back(&m);
      std::stable_sort(members.begin(), members.end(), [](const Member* a, const Member* b) { return a->key < b->key; });
      out.push_back('{');
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (i > 0) out.push_back(',');
        appendJsonString(out, members[i]->key);
        out.push_back(':');
        appendGoJson(out, members[i]->value);
      }
      out.push_back('}');
      break;
    }
  }
}

std::string goJson(const Value& v) {
  std::string raw;
  appendGoJson(raw, v);
  // encoding/json escapes <, > and & (they occur only inside strings here).
  std::string out;
  for (char c : raw) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out.push_back(c);
  }
  return out;
}

Value placeholder(const TemplateCall& call) {
  return Value::unknown(std::string(call.name) + " is random or generated at install time", call.span);
}

}  // namespace

void addSprigTextFunctions(FunctionTable& t) {
  t.add("regexMatch", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    auto re = compileRegex(call, sprigString(args[0]));
    return Value::boolean(RE2::PartialMatch(sprigString(args[1]), *re));
  });
  t.add("regexFind", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    auto re = compileRegex(call, sprigString(args[0]));
    std::string s = sprigString(args[1]);
    re2::StringPiece match;
    if (!re->Match(s, 0, s.size(), RE2::UNANCHORED, &match, 1)) return Value::string("");
    return Value::string(std::string(match));
  });
  auto replaceAll = [](bool literal) {
    return [literal](const TemplateCall& call, std::vector<Value>& args) {
      call.requireArgs(args, 3);
      auto re = compileRegex(call, sprigString(args[0]));
      std::string s = sprigString(args[1]);
      std::string repl = sprigString(args[2]);
      RE2::GlobalReplace(&s, *re, literal ? escapeRe2Rewrite(repl) : goReplacementToRe2(*re, repl));
      return Value::string(s);
    };
  };
  t.add("regexReplaceAll", replaceAll(false));
  t.add("mustRegexReplaceAll", replaceAll(false));
  t.add("regexReplaceAllLiteral", replaceAll(true));
  t.add("mustRegexReplaceAllLiteral", replaceAll(true));
  t.add("semverCompare", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::optional<SemVersion> v = parseSemver(sprigString(args[1]));
    if (!v) call.fail("Invalid Semantic Version");
    return Value::boolean(semverMatches(sprigString(args[0]), *v));
  });
  // Sprig's semver: the parsed version, whose Major/Minor/Patch/Prerelease/
  // Metadata/Original methods templates call (here fields of an object).
  t.add("semver", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    std::string text = sprigString(args[0]);
    std::optional<SemVersion> v = parseSemver(text);
    if (!v) call.fail("Invalid Semantic Version");
    std::size_t plus = text.find('+');
    Value::Object m;
    m.push_back(Member{"Major", Span{}, Value::integer(v->major)});
    m.push_back(Member{"Minor", Span{}, Value::integer(v->minor)});
    m.push_back(Member{"Patch", Span{}, Value::integer(v->patch)});
    m.push_back(Member{"Prerelease", Span{}, Value::string(v->prerelease)});
    m.push_back(Member{"Metadata", Span{}, Value::string(plus == std::string::npos ? "" : text.substr(plus + 1))});
    m.push_back(Member{"Original", Span{}, Value::string(text)});
    return Value::object(std::move(m));
  });
  t.add("sha256sum", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(kustomize::sha256Hex(sprigString(args[0])));
  });
  t.add("toJson", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(goJson(args[0]));
  });
  t.add("mustToJson", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    return Value::string(goJson(args[0]));
  });
  t.add("fromYaml", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    auto file = std::make_shared<const SourceFile>("fromYaml", sprigString(args[0]));
    call.executor.templates().keep(file);
    YamlReadResult yaml = readYaml(*file, ReadLimits{});
    Value out = Value::object();
    if (!yaml.diagnostics.empty()) {
      out.members().push_back(Member{"Error", Span{}, Value::string(yaml.diagnostics.front().message)});
    } else if (!yaml.documents.empty() && yaml.documents.front().root.isObject()) {
      out = yaml.documents.front().root;
      restoreUnknownPlaceholders(out, call.span);
    }
    return out;
  });
  t.add("splitList", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 2);
    std::string sep = sprigString(args[0]);
    std::string s = sprigString(args[1]);
    Value::Array out;
    if (sep.empty()) {
      for (char c : s) out.push_back(Value::string(std::string(1, c)));
      return Value::array(std::move(out));
    }
    std::size_t pos = 0;
    for (std::size_t hit; (hit = s.find(sep, pos)) != std::string::npos; pos = hit + sep.size()) out.push_back(Value::string(s.substr(pos, hit - pos)));
    out.push_back(Value::string(s.substr(pos)));
    return Value::array(std::move(out));
  });
  t.add("toStrings", [](const TemplateCall& call, std::vector<Value>& args) {
    call.requireArgs(args, 1);
    Value::Array out;
    if (args[0].isArray()) {
      for (const Value& v : args[0].items()) out.push_back(Value::string(sprigString(v)));
    }
    return Value::array(std::move(out));
  });
  for (const char* name : {"randAlphaNum", "randAlpha", "randNumeric", "randAscii", "uuidv4", "genCA", "genPrivateKey",
                           "genSelfSignedCert", "genSignedCert", "htpasswd", "derivePassword", "getHostByName"}) {
    t.add(name, [](const TemplateCall& call, std::vector<Value>&) { return placeholder(call); });
  }
}

}  // namespace palisade::helm
