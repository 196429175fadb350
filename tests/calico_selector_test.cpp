// Table tests for the Calico selector parser, canonical form, evaluator and
// the satisfiability/implication reasoning the Calico rules rely on.
#include <catch2/catch.hpp>

#include <random>

#include "parsers/calico/selector.h"

using namespace palisade;
using namespace palisade::calico;

namespace {

SelectorNode parsed(std::string_view text) {
  ParsedSelector result = parseSelector(text);
  INFO("selector: " << text << (result.error ? " error: " + result.error->message : std::string()));
  REQUIRE(result.ok());
  return *result.root;
}

}  // namespace

TEST_CASE("valid selectors have Calico's canonical form", "[calico][selector]") {
  struct Case {
    const char* text;
    const char* canonical;
  };
  const Case cases[] = {
      {"", "all()"},
      {"   \t ", "all()"},
      {"all()", "all()"},
      {"all( )", "all()"},
      {"global()", "global()"},
      {"role == 'database'", "role == \"database\""},
      {"role==\"db\"", "role == \"db\""},
      {"a != 'b'", "a != \"b\""},
      {"has(my-label)", "has(my-label)"},
      {"has( a )", "has(a)"},
      {"!has(a)", "!has(a)"},
      {"!!has(a)", "has(a)"},
      {"!!!has(a)", "!has(a)"},
      {"!(!(has(a)))", "has(a)"},
      {"!(!has(a) && b == 'c')", "!(!has(a) && b == \"c\")"},
      {"! has(a)", "!has(a)"},
      {"k in { 'v2', 'v1', 'v1' }", "k in {\"v1\", \"v2\"}"},
      {"k in {}", "k in {}"},
      {"k in {'a',}", "k in {\"a\"}"},
      {"k not in {'a'}", "k not in {\"a\"}"},
      {"k not  in {'a'}", "k not in {\"a\"}"},
      {"k contains 's'", "k contains \"s\""},
      {"k starts with 's'", "k starts with \"s\""},
      {"k starts  with 's'", "k starts with \"s\""},
      {"k ends with 's'", "k ends with \"s\""},
      {"a == 'say \"hi\"'", "a == 'say \"hi\"'"},
      {"a == \"it's\"", "a == \"it's\""},
      {"projectcalico.org/namespace == 'kube-system'", "projectcalico.org/namespace == \"kube-system\""},
      {"a == 'x' && b == 'y'", "(a == \"x\" && b == \"y\")"},
      {"a == 'x' || b == 'y' || c == 'z'", "(a == \"x\" || b == \"y\" || c == \"z\")"},
      {"a == 'x' && b == 'y' || c == 'z'", "((a == \"x\" && b == \"y\") || c == \"z\")"},
      {"a == 'x' && (b == 'y' || c == 'z')", "(a == \"x\" && (b == \"y\" || c == \"z\"))"},
      {"((a == 'x'))", "a == \"x\""},
      {"!(a == 'x' && b == 'y')", "!(a == \"x\" && b == \"y\")"},
      {"! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}",
       "(!has(my-label) || (my-label starts with \"prod\" && role in {\"business\", \"frontend\"}))"},
      {"a == ''", "a == \"\""},
      {"has(a)&&has(b)", "(has(a) && has(b))"},
  };
  for (const Case& c : cases) {
    INFO("selector: " << c.text);
    CHECK(canonicalForm(parsed(c.text)) == c.canonical);
  }
}

TEST_CASE("canonical form parses back to itself", "[calico][selector]") {
  for (const char* text : {"(a == 'x' || !has(b)) && c not in {'1','2'}", "x ends with 'a\"b'", "!(a in {}) && all()"}) {
    const std::string once = canonicalForm(parsed(text));
    CHECK(canonicalForm(parsed(once)) == once);
  }
}

TEST_CASE("invalid selectors give a located error", "[calico][selector]") {
  struct Case {
    const char* text;
    uint32_t offset;
    const char* fragment;  // part of the message
  };
  const Case cases[] = {
      {"a = 'b'", 2, "expected '=='"},
      {"a == b", 5, "quoted string"},
      {"a == 'b", 5, "unterminated"},
      {"a == \"b", 5, "unterminated"},
      {"a & b", 2, "'&&'"},
      {"a == 'x' | b == 'y'", 9, "'||'"},
      {"a", 1, "expected an operator"},
      {"all", 3, "expected an operator"},
      {"a ==", 4, "quoted string"},
      {"has(a", 5, "no closing ')'"},
      {"has()", 4, "no label name"},
      {"has (a)", 4, "expected an operator"},
      {"all(x)", 4, "no closing ')' after all("},
      {"global(", 7, "no closing ')' after global("},
      {"a == 'x' b == 'y'", 9, "after a complete expression"},
      {"(a == 'x'", 9, "expected ')'"},
      {"a == 'x')", 8, "unexpected ')'"},
      {"a == 'x' &&", 11, "expected an expression"},
      {"&& a == 'x'", 0, "expected an expression"},
      {"!", 1, "expected an expression"},
      {"a in 'x'", 5, "set literal"},
      {"a in {'x' 'y'}", 10, "expected '}'"},
      {"a in {,}", 6, "expected '}'"},
      {"a not 'x'", 2, "expected 'in'"},
      {"a starts 'x'", 2, "expected 'with'"},
      {"a ends 'x'", 2, "expected 'with'"},
      {"a matches 'x'", 2, "expected an operator"},
      {"a == 'x' && $b", 12, "unexpected character '$'"},
      {"role == 'db' && ()", 17, "expected an expression"},
  };
  for (const Case& c : cases) {
    INFO("selector: " << c.text);
    const ParsedSelector result = parseSelector(c.text);
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.error);
    CHECK(result.error->offset == c.offset);
    CHECK_THAT(result.error->message, Catch::Contains(c.fragment));
  }
}

TEST_CASE("hostile selectors are refused, not crashed on", "[calico][selector]") {
  SECTION("deep parentheses") {
    std::string deep(100000, '(');
    deep += "a == 'b'";
    deep += std::string(100000, ')');
    const ParsedSelector result = parseSelector(deep);
    REQUIRE_FALSE(result.ok());
    CHECK_THAT(result.error->message, Catch::Contains("deeper than"));
    CHECK(result.error->offset == kMaxSelectorDepth);
  }
  SECTION("parentheses at the limit still parse") {
    std::string ok(kMaxSelectorDepth, '(');
    ok += "a == 'b'";
    ok += std::string(kMaxSelectorDepth, ')');
    CHECK(parseSelector(ok).ok());
  }
  SECTION("many negations collapse without recursion") {
    std::string nots(200001, '!');
    CHECK(canonicalForm(parsed(nots + "has(a)")) == "!has(a)");
  }
  SECTION("a long flat conjunction") {
    std::string text = "a == '0'";
    for (int i = 1; i < 5000; ++i) text += " && a" + std::to_string(i) + " == 'x'";
    const SelectorNode node = parsed(text);
    CHECK(node.children.size() == 5000);
    CHECK(satisfiability(node).satisfiable != Tri::False);
  }
  SECTION("a huge string literal") {
    const std::string big = "a == '" + std::string(1 << 20, 'x') + "'";
    CHECK(parsed(big).value.size() == (1u << 20));
  }
}

TEST_CASE("selectors match and do not match label sets", "[calico][selector]") {
  struct Case {
    const char* text;
    Labels labels;
    bool expected;
  };
  const Case cases[] = {
      {"all()", {}, true},
      {"", {{"a", "b"}}, true},
      {"global()", {}, true},
      {"!all()", {}, false},
      {"a == 'b'", {{"a", "b"}}, true},
      {"a == 'b'", {{"a", "c"}}, false},
      {"a == 'b'", {}, false},
      {"a != 'b'", {}, true},
      {"a != 'b'", {{"a", "b"}}, false},
      {"a != 'b'", {{"a", "c"}}, true},
      {"has(a)", {{"a", ""}}, true},
      {"has(a)", {{"b", "x"}}, false},
      {"!has(a)", {{"b", "x"}}, true},
      {"k in {'v1','v2'}", {{"k", "v2"}}, true},
      {"k in {'v1','v2'}", {{"k", "v3"}}, false},
      {"k in {'v1','v2'}", {}, false},
      {"k in {}", {{"k", "v"}}, false},
      {"k not in {'v1','v2'}", {}, true},
      {"k not in {'v1','v2'}", {{"k", "v1"}}, false},
      {"k not in {'v1','v2'}", {{"k", "v3"}}, true},
      {"k contains 'ro'", {{"k", "prod"}}, true},
      {"k contains 'ro'", {{"k", "dev"}}, false},
      {"k contains 'ro'", {}, false},
      {"k starts with 'pr'", {{"k", "prod"}}, true},
      {"k starts with 'pr'", {{"k", "aprod"}}, false},
      {"k ends with 'od'", {{"k", "prod"}}, true},
      {"k ends with 'od'", {{"k", "prods"}}, false},
      {"a == 'x' && b == 'y'", {{"a", "x"}, {"b", "y"}}, true},
      {"a == 'x' && b == 'y'", {{"a", "x"}}, false},
      {"a == 'x' || b == 'y'", {{"b", "y"}}, true},
      {"!(a == 'x' || b == 'y')", {{"c", "z"}}, true},
      {"! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}", {}, true},
      {"! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}",
       {{"my-label", "production"}, {"role", "business"}}, true},
      {"! has(my-label) || my-label starts with 'prod' && role in {'frontend','business'}",
       {{"my-label", "production"}, {"role", "db"}}, false},
  };
  for (const Case& c : cases) {
    INFO("selector: " << c.text);
    CHECK(matches(parsed(c.text), c.labels) == c.expected);
  }
}

TEST_CASE("matching with labels whose values are unknown", "[calico][selector]") {
  const std::set<std::string, std::less<>> unknown{"env"};
  const Labels labels{{"app", "web"}};
  CHECK(matches(parsed("env == 'prod'"), labels, unknown) == Tri::Unknown);
  CHECK(matches(parsed("has(env)"), labels, unknown) == Tri::True);
  CHECK(matches(parsed("app == 'db' && env == 'prod'"), labels, unknown) == Tri::False);
  CHECK(matches(parsed("app == 'web' || env == 'prod'"), labels, unknown) == Tri::True);
  CHECK(matches(parsed("app == 'web' && env == 'prod'"), labels, unknown) == Tri::Unknown);
}

TEST_CASE("contradictory selectors can never match", "[calico][selector]") {
  for (const char* text : {
           "!all()",
           "a == 'x' && a == 'y'",
           "has(a) && !has(a)",
           "a == 'x' && !has(a)",
           "a in {'x','y'} && a not in {'x','y'}",
           "a in {}",
           "a == 'x' && a != 'x'",
           "a starts with 'pr' && a starts with 'de'",
           "a ends with 'x' && a ends with 'y'",
           "a starts with 'prod' && !(a starts with 'pr')",
           "a contains 'abc' && !(a contains 'b')",
           "a == 'dev' && a starts with 'prod'",
           "(a == 'x' || a == 'y') && a == 'z'",
           "a contains 'x' && !(a contains '')",
       }) {
    INFO("selector: " << text);
    CHECK(satisfiability(parsed(text)).satisfiable == Tri::False);
  }
}

TEST_CASE("satisfiable selectors come with a witness that matches", "[calico][selector]") {
  for (const char* text : {
           "all()",
           "a == 'x'",
           "a != 'x'",
           "has(a) && a != 'x' && a not in {'y', 'z'}",
           "a starts with 'pr' && a ends with 'od' && a contains 'o'",
           "a starts with 'pr' && a starts with 'prod'",
           "(a == 'x' || a == 'y') && a != 'x'",
           "!(a == 'x') && has(a)",
           "a contains 'b' && !(a contains 'c')",
           "!has(a) && b in {'1'}",
       }) {
    INFO("selector: " << text);
    const SelectorNode node = parsed(text);
    const Satisfiability s = satisfiability(node);
    REQUIRE(s.satisfiable == Tri::True);
    REQUIRE(s.witness);
    CHECK(matches(node, *s.witness));
  }
}

TEST_CASE("implication between selectors", "[calico][selector]") {
  struct Case {
    const char* narrow;
    const char* broad;
    Tri expected;
  };
  const Case cases[] = {
      {"a == 'x' && b == 'y'", "a == 'x'", Tri::True},
      {"a == 'x'", "all()", Tri::True},
      {"a == 'x'", "has(a)", Tri::True},
      {"a == 'x'", "a in {'x', 'y'}", Tri::True},
      {"a in {'x', 'y'}", "a == 'x'", Tri::False},
      {"a == 'x'", "a == 'x' && b == 'y'", Tri::False},
      {"all()", "a == 'x'", Tri::False},
      {"a starts with 'prod-eu'", "a starts with 'prod'", Tri::True},
      {"a starts with 'prod'", "a starts with 'prod-eu'", Tri::False},
      {"!has(a)", "a != 'x'", Tri::True},
      {"a == 'x'", "a != 'y'", Tri::True},
      {"a == 'x' || a == 'y'", "has(a)", Tri::True},
  };
  for (const Case& c : cases) {
    INFO(c.narrow << "  =>  " << c.broad);
    CHECK(implies(parsed(c.narrow), parsed(c.broad)) == c.expected);
  }
}

TEST_CASE("overlap between selectors", "[calico][selector]") {
  CHECK(overlap(parsed("app == 'web'"), parsed("tier == 'front'")).satisfiable == Tri::True);
  CHECK(overlap(parsed("app == 'web'"), parsed("app == 'db'")).satisfiable == Tri::False);
  CHECK(overlap(parsed("app in {'web','db'}"), parsed("app == 'db'")).satisfiable == Tri::True);
  CHECK(overlap(parsed("has(a)"), parsed("!has(a)")).satisfiable == Tri::False);
}

TEST_CASE("error offsets point into the selector text", "[calico][selector]") {
  const ParsedSelector result = parseSelector("role == 'frontend' && tier = 'web'");
  REQUIRE(result.error);
  CHECK(result.error->offset == 27);
}

TEST_CASE("nodes carry their byte ranges", "[calico][selector]") {
  const SelectorNode node = parsed("a == 'x' && has(b)");
  REQUIRE(node.children.size() == 2);
  CHECK(node.children[0].begin == 0);
  CHECK(node.children[0].end == 8);
  CHECK(node.children[1].begin == 12);
  CHECK(node.children[1].end == 18);
}

TEST_CASE("all() and global() detection", "[calico][selector]") {
  CHECK(isAll(parsed("")));
  CHECK(isAll(parsed("all()")));
  CHECK_FALSE(isAll(parsed("has(a)")));
  CHECK(containsGlobal(parsed("global() && a == 'b'")));
  CHECK_FALSE(containsGlobal(parsed("a == 'global()'")));
}

namespace {

// A random valid selector over labels a, b and values x, y, xy (fixed seed).
std::string randomSelector(std::mt19937& rng, int depth) {
  const char* labels[] = {"a", "b"};
  const char* values[] = {"'x'", "'y'", "'xy'", "''"};
  const auto label = [&] { return std::string(labels[rng() % 2]); };
  const auto value = [&] { return std::string(values[rng() % 4]); };
  switch (depth > 3 ? rng() % 8 : rng() % 11) {
    case 0: return label() + " == " + value();
    case 1: return label() + " != " + value();
    case 2: return "has(" + label() + ")";
    case 3: return label() + " in {" + value() + ", " + value() + "}";
    case 4: return label() + " not in {" + value() + "}";
    case 5: return label() + " contains " + value();
    case 6: return label() + " starts with " + value();
    case 7: return label() + " ends with " + value();
    case 8: return "!(" + randomSelector(rng, depth + 1) + ")";
    case 9: return "(" + randomSelector(rng, depth + 1) + " && " + randomSelector(rng, depth + 1) + ")";
    default: return "(" + randomSelector(rng, depth + 1) + " || " + randomSelector(rng, depth + 1) + ")";
  }
}

}  // namespace

TEST_CASE("random selectors: canonical round trip, sound reasoning", "[calico][selector]") {
  std::mt19937 rng(20261130);
  const char* values[] = {nullptr, "", "x", "y", "xy", "yx"};
  int contradictions = 0;
  for (int i = 0; i < 3000; ++i) {
    const std::string text = randomSelector(rng, 0);
    INFO("selector: " << text);
    const SelectorNode node = parsed(text);
    const std::string canonical = canonicalForm(node);
    REQUIRE(canonicalForm(parsed(canonical)) == canonical);
    const Satisfiability s = satisfiability(node);
    if (s.satisfiable == Tri::True) {
      REQUIRE(s.witness);
      CHECK(matches(node, *s.witness));
    } else if (s.satisfiable == Tri::False) {
      ++contradictions;
      for (const char* va : values) {
        for (const char* vb : values) {
          Labels labels;
          if (va) labels["a"] = va;
          if (vb) labels["b"] = vb;
          CHECK_FALSE(matches(node, labels));
        }
      }
    }
  }
  CHECK(contradictions > 0);
}
