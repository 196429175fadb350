#include "rules/engine/assertion.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/source_file.h"

namespace palisade {

namespace {

char lowerChar(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalStrings(const std::string& a, const std::string& b, bool ignore_case) {
  if (!ignore_case) return a == b;
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return lowerChar(x) == lowerChar(y);
         });
}

bool equalValues(const Value& actual, const Value& expected, bool ignore_case) {
  if (actual.isString() && expected.isString()) return equalStrings(actual.asString(), expected.asString(), ignore_case);
  // Kubernetes and ARM are lax about "true" vs true and "80" vs 80 in places; a
  // rule compares what the user wrote with what it expects, by display form.
  if (actual.isScalar() && expected.isScalar() && actual.kind() != expected.kind()) {
    if (actual.isNumber() && expected.isNumber()) return actual.asNumber() == expected.asNumber();
    return equalStrings(actual.toDisplayString(), expected.toDisplayString(), ignore_case);
  }
  return actual.sameContent(expected);
}

// A test of one resolved value: True, False, or Unknown when the value is.
using LeafTest = Tri (*)(const Assertion&, const Value&);

Tri testEquals(const Assertion& a, const Value& v) { return triOf(equalValues(v, a.operand, a.ignore_case)); }

Tri testIn(const Assertion& a, const Value& v) {
  for (const Value& option : a.operand.items()) {
    if (equalValues(v, option, a.ignore_case)) return Tri::True;
  }
  return Tri::False;
}

Tri testMatches(const Assertion& a, const Value& v) {
  if (!v.isScalar()) return Tri::False;
  std::string text = v.isString() ? v.asString() : v.toDisplayString();
  return triOf(RE2::PartialMatch(text, *a.regex));
}

Tri testCompare(const Assertion& a, const Value& v) {
  double actual = 0;
  if (v.isNumber()) {
    actual = v.asNumber();
  } else if (v.isString()) {
    const std::string& s = v.asString();
    char* end = nullptr;
    actual = std::strtod(s.c_str(), &end);
    if (s.empty() || end != s.c_str() + s.size()) return Tri::False;
  } else {
    return Tri::False;
  }
  double bound = a.operand.asNumber();
  switch (a.op) {
    case Assertion::Op::Greater: return triOf(actual > bound);
    case Assertion::Op::GreaterOrEqual: return triOf(actual >= bound);
    case Assertion::Op::Less: return triOf(actual < bound);
    case Assertion::Op::LessOrEqual: return triOf(actual <= bound);
    default: return Tri::False;
  }
}

Tri testContains(const Assertion& a, const Value& v) {
  if (v.isArray()) {
    for (const Value& item : v.items()) {
      if (item.isUnknown()) return Tri::Unknown;
      if (equalValues(item, a.operand, a.ignore_case)) return Tri::True;
    }
    return Tri::False;
  }
  if (v.isString() && a.operand.isString()) {
    if (!a.ignore_case) return triOf(v.asString().find(a.operand.asString()) != std::string::npos);
    std::string hay = v.asString();
    std::string needle = a.operand.asString();
    std::transform(hay.begin(), hay.end(), hay.begin(), lowerChar);
    std::transform(needle.begin(), needle.end(), needle.begin(), lowerChar);
    return triOf(hay.find(needle) != std::string::npos);
  }
  if (v.isObject() && a.operand.isString()) return triOf(v.find(a.operand.asString()) != nullptr);
  return Tri::False;
}

Tri testEmpty(const Assertion& a, const Value& v) {
  bool empty = (v.isArray() && v.items().empty()) || (v.isObject() && v.members().empty()) ||
               (v.isString() && v.asString().empty()) || v.isNull();
  return triOf(empty == a.flag);
}

Tri testType(const Assertion& a, const Value& v) {
  std::string_view want = a.operand.asString();
  std::string_view have = kindName(v.kind());
  if (want == "number") return triOf(v.isNumber());
  return triOf(want == have);
}

// An Unknown that can only be one of some values (a parameter's @allowed list) is
// decided when every candidate gives the same answer; otherwise it stays Unknown.
Tri testCandidates(const Assertion& a, const Value& v, LeafTest test) {
  const Value::Array* candidates = v.candidates();
  if (!candidates || candidates->empty()) return Tri::Unknown;
  Tri answer = test(a, candidates->front());
  for (const Value& candidate : *candidates) {
    if (test(a, candidate) != answer) return Tri::Unknown;
  }
  return answer;
}

bool candidatesAllPresent(const Value& v) {
  const Value::Array* candidates = v.candidates();
  if (!candidates || candidates->empty()) return false;
  return std::none_of(candidates->begin(), candidates->end(), [](const Value& c) { return c.isNull(); });
}

// Value tests over a path. A wildcard path asks "is there a value here that
// passes?" (so `not` of it means "none does"); a missing value fails every
// test but `exists: false` and `empty: true`.
Verdict evaluateLeaf(const Assertion& a, const AssertionScope& scope, LeafTest test) {
  std::vector<PathMatch> matches = resolvePath(a.path, scope.current, scope.root, scope.trail);
  Verdict passed{Tri::True, {}};
  Verdict failed{Tri::False, {}};
  Verdict unknown{Tri::Unknown, {}};
  for (const PathMatch& m : matches) {
    Blame blame{m.value ? m.value : m.nearest, m.value == nullptr, m.trail, m.element ? m.element : scope.element};
    Tri t;
    if (!m.value) {
      t = (a.op == Assertion::Op::Empty && a.flag) ? Tri::True : Tri::False;
    } else if (m.value->isUnknown()) {
      t = testCandidates(a, *m.value, test);
    } else {
      t = test(a, *m.value);
    }
    (t == Tri::True ? passed : t == Tri::False ? failed : unknown).blames.push_back(std::move(blame));
  }
  if (!passed.blames.empty()) return passed;
  if (!unknown.blames.empty()) return unknown;
  if (failed.blames.empty()) {
    // A wildcard that matched nothing: nothing passes; blame the current node.
    failed.blames.push_back(Blame{&scope.current, true, scope.trail, scope.element});
  }
  return failed;
}

Verdict evaluateExists(const Assertion& a, const AssertionScope& scope) {
  std::vector<PathMatch> matches = resolvePath(a.path, scope.current, scope.root, scope.trail);
  Verdict present{Tri::True, {}};
  Verdict absent{Tri::False, {}};
  bool unknown = false;
  for (const PathMatch& m : matches) {
    bool decided = m.value && (!m.value->isUnknown() || candidatesAllPresent(*m.value));
    if (m.value && !decided) unknown = true;
    const Value* element = m.element ? m.element : scope.element;
    if (decided) {
      present.blames.push_back(Blame{m.value, false, m.trail, element});
    } else if (!m.value) {
      absent.blames.push_back(Blame{m.nearest, true, m.trail, element});
    }
  }
  Verdict result;
  if (!present.blames.empty()) {
    result = std::move(present);
  } else if (unknown) {
    result = Verdict{Tri::Unknown, {}};
    for (const PathMatch& m : matches) result.blames.push_back(Blame{m.value ? m.value : m.nearest, false, m.trail, scope.element});
  } else {
    if (absent.blames.empty()) absent.blames.push_back(Blame{&scope.current, true, scope.trail, scope.element});
    result = std::move(absent);
  }
  if (!a.flag) result.value = triNot(result.value);
  return result;
}

Verdict evaluateEach(const Assertion& a, const AssertionScope& scope) {
  std::vector<PathMatch> matches = resolvePath(a.path, scope.current, scope.root, scope.trail);
  Verdict result{Tri::True, {}};
  std::vector<Blame> unknown_blames;
  for (const PathMatch& m : matches) {
    if (!m.value) continue;
    if (m.value->isUnknown()) {
      unknown_blames.push_back(Blame{m.value, false, m.trail, m.value});
      continue;
    }
    auto visit = [&](const Value& element, const std::string& trail) {
      AssertionScope inner{scope.root, element, trail, &element};
      if (a.children.size() > 1) {
        Verdict where = evaluate(a.children[1], inner);
        if (where.value != Tri::True) return;
      }
      Verdict v = evaluate(a.children[0], inner);
      if (v.value == Tri::False) {
        result.value = Tri::False;
        for (Blame& b : v.blames) result.blames.push_back(std::move(b));
      } else if (v.value == Tri::Unknown) {
        for (Blame& b : v.blames) unknown_blames.push_back(std::move(b));
      }
    };
    // `each: containers` visits the array's elements; a wildcard path visits its matches.
    if (m.value->isArray() && !a.path.hasWildcard()) {
      const auto& items = m.value->items();
      for (std::size_t i = 0; i < items.size(); ++i) visit(items[i], m.trail + "[" + elementLabel(items[i], i) + "]");
    } else {
      visit(*m.value, m.trail);
    }
  }
  if (result.value == Tri::True && !unknown_blames.empty()) {
    result.value = Tri::Unknown;
    result.blames = std::move(unknown_blames);
  }
  return result;
}

}  // namespace

Verdict evaluate(const Assertion& a, const AssertionScope& scope) {
  switch (a.op) {
    case Assertion::Op::All: {
      Verdict result{Tri::True, {}};
      Verdict unknown{Tri::Unknown, {}};
      bool saw_unknown = false;
      for (const Assertion& child : a.children) {
        Verdict v = evaluate(child, scope);
        if (v.value == Tri::False) {
          if (result.value == Tri::True) result.blames.clear();
          result.value = Tri::False;
          for (Blame& b : v.blames) result.blames.push_back(std::move(b));
        } else if (v.value == Tri::Unknown) {
          saw_unknown = true;
          for (Blame& b : v.blames) unknown.blames.push_back(std::move(b));
        } else if (result.value == Tri::True && result.blames.empty()) {
          result.blames = std::move(v.blames);
        }
      }
      if (result.value == Tri::False) return result;
      return saw_unknown ? unknown : result;
    }
    case Assertion::Op::Any: {
      Verdict first_failure{Tri::False, {}};
      Verdict unknown{Tri::Unknown, {}};
      bool saw_unknown = false;
      for (const Assertion& child : a.children) {
        Verdict v = evaluate(child, scope);
        if (v.value == Tri::True) return v;
        if (v.value == Tri::Unknown) {
          saw_unknown = true;
          for (Blame& b : v.blames) unknown.blames.push_back(std::move(b));
        } else if (first_failure.blames.empty()) {
          first_failure.blames = std::move(v.blames);
        }
      }
      return saw_unknown ? unknown : first_failure;
    }
    case Assertion::Op::Not: {
      Verdict v = evaluate(a.children[0], scope);
      v.value = triNot(v.value);
      return v;
    }
    case Assertion::Op::Each: return evaluateEach(a, scope);
    case Assertion::Op::Exists: return evaluateExists(a, scope);
    case Assertion::Op::Equals: return evaluateLeaf(a, scope, testEquals);
    case Assertion::Op::NotEquals: {
      Assertion positive = a;
      positive.op = Assertion::Op::Equals;
      Verdict v = evaluateLeaf(positive, scope, testEquals);
      v.value = triNot(v.value);
      return v;
    }
    case Assertion::Op::In: return evaluateLeaf(a, scope, testIn);
    case Assertion::Op::NotIn: {
      Verdict v = evaluateLeaf(a, scope, testIn);
      v.value = triNot(v.value);
      return v;
    }
    case Assertion::Op::Matches: return evaluateLeaf(a, scope, testMatches);
    case Assertion::Op::NotMatches: {
      Verdict v = evaluateLeaf(a, scope, testMatches);
      v.value = triNot(v.value);
      return v;
    }
    case Assertion::Op::Greater:
    case Assertion::Op::GreaterOrEqual:
    case Assertion::Op::Less:
    case Assertion::Op::LessOrEqual: return evaluateLeaf(a, scope, testCompare);
    case Assertion::Op::Contains: return evaluateLeaf(a, scope, testContains);
    case Assertion::Op::Empty: return evaluateLeaf(a, scope, testEmpty);
    case Assertion::Op::IsType: return evaluateLeaf(a, scope, testType);
  }
  return Verdict{Tri::Unknown, {}};
}

// ---- parsing -------------------------------------------------------------

namespace {

struct OpName {
  std::string_view key;
  Assertion::Op op;
};

// Keys that make a node a value test, sorted by key.
constexpr OpName kValueTests[] = {
    {"contains", Assertion::Op::Contains},    {"empty", Assertion::Op::Empty},
    {"equals", Assertion::Op::Equals},        {"exists", Assertion::Op::Exists},
    {"greater-or-equal", Assertion::Op::GreaterOrEqual}, {"greater-than", Assertion::Op::Greater},
    {"in", Assertion::Op::In},                {"less-or-equal", Assertion::Op::LessOrEqual},
    {"less-than", Assertion::Op::Less},       {"matches", Assertion::Op::Matches},
    {"not-equals", Assertion::Op::NotEquals}, {"not-in", Assertion::Op::NotIn},
    {"not-matches", Assertion::Op::NotMatches}, {"type", Assertion::Op::IsType},
};

class AssertionParser {
 public:
  explicit AssertionParser(std::vector<Diagnostic>& errors) : errors_(errors) {}

  std::optional<Assertion> parse(const Value& node, std::size_t depth) {
    if (depth > 64) return fail(node, "assertion nested more than 64 levels");
    if (!node.isObject()) return fail(node, "an assertion is a mapping (all/any/not/each or path + test)");
    if (const Value* list = node.find("all")) return parseList(node, *list, Assertion::Op::All, depth);
    if (const Value* list = node.find("any")) return parseList(node, *list, Assertion::Op::Any, depth);
    if (const Value* inner = node.find("not")) {
      expectOnly(node, {"not"});
      auto child = parse(*inner, depth + 1);
      if (!child) return std::nullopt;
      Assertion a;
      a.op = Assertion::Op::Not;
      a.children.push_back(std::move(*child));
      return a;
    }
    if (const Value* each = node.find("each")) return parseEach(node, *each, depth);
    return parseValueTest(node);
  }

 private:
  std::optional<Assertion> fail(const Value& at, std::string message) {
    errors_.push_back(Diagnostic{GenCode::InvalidRuleFile, std::move(message), at.span(), at.span().file ? at.span().file->path() : ""});
    return std::nullopt;
  }

  bool expectOnly(const Value& node, std::initializer_list<std::string_view> allowed) {
    bool ok = true;
    for (const Member& m : node.members()) {
      if (std::find(allowed.begin(), allowed.end(), m.key) == allowed.end()) {
        Value key_holder = Value::string(m.key, m.key_span);
        fail(key_holder, fmt::format("unexpected key '{}' here", m.key));
        ok = false;
      }
    }
    return ok;
  }

  std::optional<Assertion> parseList(const Value& node, const Value& list, Assertion::Op op, std::size_t depth) {
    expectOnly(node, {"all", "any"});
    if (!list.isArray() || list.items().empty()) return fail(list, "all/any take a non-empty list of assertions");
    Assertion a;
    a.op = op;
    for (const Value& item : list.items()) {
      auto child = parse(item, depth + 1);
      if (!child) return std::nullopt;
      a.children.push_back(std::move(*child));
    }
    return a;
  }

  std::optional<Assertion> parseEach(const Value& node, const Value& each, std::size_t depth) {
    expectOnly(node, {"each", "assert", "where"});
    if (!each.isString()) return fail(each, "each takes a path");
    Assertion a;
    a.op = Assertion::Op::Each;
    if (!parsePathInto(each, a.path)) return std::nullopt;
    const Value* inner = node.find("assert");
    if (!inner) return fail(node, "each needs an 'assert'");
    auto body = parse(*inner, depth + 1);
    if (!body) return std::nullopt;
    a.children.push_back(std::move(*body));
    if (const Value* where = node.find("where")) {
      auto condition = parse(*where, depth + 1);
      if (!condition) return std::nullopt;
      a.children.push_back(std::move(*condition));
    }
    return a;
  }

  bool parsePathInto(const Value& text, Path& out) {
    std::string error;
    auto path = parsePath(text.asString(), error);
    if (!path) {
      fail(text, error);
      return false;
    }
    out = std::move(*path);
    return true;
  }

  std::optional<Assertion> parseValueTest(const Value& node) {
    const Value* path_text = node.find("path");
    if (!path_text || !path_text->isString()) return fail(node, "a value test needs 'path' and one of exists/equals/in/matches/...");
    Assertion a;
    if (!parsePathInto(*path_text, a.path)) return std::nullopt;
    const Member* test = nullptr;
    for (const Member& m : node.members()) {
      if (m.key == "path" || m.key == "ignore-case") continue;
      auto it = std::find_if(std::begin(kValueTests), std::end(kValueTests), [&](const OpName& o) { return o.key == m.key; });
      if (it == std::end(kValueTests)) {
        Value key_holder = Value::string(m.key, m.key_span);
        return fail(key_holder, fmt::format("unknown test '{}'", m.key));
      }
      if (test) {
        Value key_holder = Value::string(m.key, m.key_span);
        return fail(key_holder, "one test per node: combine tests with all/any");
      }
      test = &m;
      a.op = it->op;
    }
    if (!test) return fail(node, "a value test needs one of exists/equals/in/matches/...");
    if (const Value* ic = node.find("ignore-case")) a.ignore_case = ic->isBool() && ic->asBool();
    const Value& operand = test->value;
    switch (a.op) {
      case Assertion::Op::Exists:
      case Assertion::Op::Empty:
        if (!operand.isBool()) return fail(operand, fmt::format("'{}' takes true or false", test->key));
        a.flag = operand.asBool();
        break;
      case Assertion::Op::In:
      case Assertion::Op::NotIn:
        if (!operand.isArray()) return fail(operand, fmt::format("'{}' takes a list", test->key));
        a.operand = operand;
        break;
      case Assertion::Op::Matches:
      case Assertion::Op::NotMatches: {
        if (!operand.isString()) return fail(operand, "'matches' takes a regular expression (RE2 syntax)");
        auto re = std::make_shared<RE2>(operand.asString(), RE2::Quiet);
        if (!re->ok()) return fail(operand, fmt::format("invalid regular expression: {}", re->error()));
        a.regex = std::move(re);
        break;
      }
      case Assertion::Op::Greater:
      case Assertion::Op::GreaterOrEqual:
      case Assertion::Op::Less:
      case Assertion::Op::LessOrEqual:
        if (!operand.isNumber()) return fail(operand, fmt::format("'{}' takes a number", test->key));
        a.operand = operand;
        break;
      case Assertion::Op::IsType:
        if (!operand.isString()) return fail(operand, "'type' takes one of string, number, int, bool, array, object, null");
        a.operand = operand;
        break;
      default: a.operand = operand; break;
    }
    return a;
  }

  std::vector<Diagnostic>& errors_;
};

}  // namespace

std::optional<Assertion> parseAssertion(const Value& node, std::vector<Diagnostic>& errors) {
  return AssertionParser(errors).parse(node, 0);
}

}  // namespace palisade
