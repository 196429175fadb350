// The rule language: paths, value tests, combinators, per-element blame and
// three-valued logic, on hand-built YAML.
#include <catch2/catch.hpp>

#include "parsers/yaml/yaml_reader.h"
#include "rules/engine/assertion.h"
#include "rules/engine/path.h"

using namespace palisade;

namespace {

struct Doc {
  SourceFile file;
  Value root;
  explicit Doc(std::string text) : file("t.yaml", std::move(text)) {
    auto r = readYaml(file, {});
    REQUIRE(r.diagnostics.empty());
    root = std::move(r.documents.at(0).root);
  }
};

Assertion parse(const std::string& yaml) {
  static std::vector<std::unique_ptr<SourceFile>> keep;  // rule values point into their file
  keep.push_back(std::make_unique<SourceFile>("rule.yaml", yaml));
  auto r = readYaml(*keep.back(), {});
  std::vector<Diagnostic> errors;
  auto a = parseAssertion(r.documents.at(0).root, errors);
  INFO((errors.empty() ? std::string() : errors[0].message));
  REQUIRE(a);
  return *a;
}

Verdict run(const std::string& assertion, const Value& root) {
  Assertion a = parse(assertion);
  return evaluate(a, AssertionScope{root, root, "", nullptr});
}

}  // namespace

TEST_CASE("paths parse keys, indexes, wildcards and quoted keys", "[rules][path]") {
  std::string error;
  auto p = parsePath("metadata.annotations['a.b/c'].x[2][*].*", error);
  REQUIRE(p);
  REQUIRE(p->segments.size() == 7);
  CHECK(p->segments[2].key == "a.b/c");
  CHECK(p->segments[4].index == 2);
  CHECK(p->segments[5].kind == PathSegment::Kind::AnyElement);
  CHECK(p->segments[6].kind == PathSegment::Kind::AnyKey);
  CHECK_FALSE(parsePath("a..b", error));
  CHECK_FALSE(parsePath("a[", error));
  CHECK_FALSE(parsePath("a[x]", error));
}

TEST_CASE("equals, exists and not on present and missing values", "[rules]") {
  Doc d("spec:\n  hostNetwork: true\n  name: web\n");
  CHECK(run("{path: spec.hostNetwork, equals: true}", d.root).value == Tri::True);
  CHECK(run("{path: spec.hostPID, equals: true}", d.root).value == Tri::False);
  CHECK(run("{not: {path: spec.hostPID, equals: true}}", d.root).value == Tri::True);
  CHECK(run("{path: spec.hostPID, exists: false}", d.root).value == Tri::True);
  CHECK(run("{path: spec.name, in: [api, web]}", d.root).value == Tri::True);
  CHECK(run("{path: spec.name, matches: '^w.b$'}", d.root).value == Tri::True);
  CHECK(run("{path: spec.name, equals: WEB, ignore-case: true}", d.root).value == Tri::True);
}

TEST_CASE("a missing value is blamed on its nearest existing parent", "[rules]") {
  Doc d("spec:\n  securityContext:\n    runAsUser: 0\n");
  Verdict v = run("{path: spec.securityContext.runAsNonRoot, equals: true}", d.root);
  REQUIRE(v.value == Tri::False);
  REQUIRE(v.blames.size() == 1);
  CHECK(v.blames[0].missing);
  CHECK(v.blames[0].node->span().start.line == 3);  // the securityContext mapping
  CHECK(v.blames[0].trail == "spec.securityContext.runAsNonRoot");
}

TEST_CASE("wildcards ask whether some value passes, not of that blames every one that does", "[rules]") {
  Doc d("containers:\n  - name: a\n    privileged: true\n  - name: b\n    privileged: false\n  - name: c\n    privileged: true\n");
  Verdict v = run("{not: {path: 'containers[*].privileged', equals: true}}", d.root);
  REQUIRE(v.value == Tri::False);
  REQUIRE(v.blames.size() == 2);
  CHECK(v.blames[0].trail == "containers[a].privileged");
  CHECK(v.blames[1].node->span().start.line == 7);
}

TEST_CASE("each reports every failing element, filtered by where", "[rules]") {
  Doc d("ports:\n  - {port: 22, public: true}\n  - {port: 443, public: true}\n  - {port: 3389, public: false}\n");
  Verdict v = run("{each: ports, where: {path: public, equals: true}, assert: {path: port, in: [80, 443]}}", d.root);
  REQUIRE(v.value == Tri::False);
  REQUIRE(v.blames.size() == 1);
  CHECK(v.blames[0].node->asInt() == 22);
}

TEST_CASE("'.' is the current node, so each can test the scalars of a list one by one", "[rules][path]") {
  std::string error;
  auto dot = parsePath(".", error);
  REQUIRE(dot);
  CHECK(dot->segments.empty());
  CHECK_FALSE(parsePath("a.", error));
  Doc d("containers:\n  - name: a\n    add: [CHOWN, SYS_ADMIN]\n  - name: b\n    add: [NET_ADMIN]\n  - name: c\n    add: [CHOWN]\n");
  Verdict v = run("{each: 'containers[*].add[*]', assert: {path: ., in: [CHOWN]}}", d.root);
  REQUIRE(v.value == Tri::False);
  REQUIRE(v.blames.size() == 2);
  CHECK(v.blames[0].node->asString() == "SYS_ADMIN");
  CHECK(v.blames[0].trail == "containers[a].add[1]");
  CHECK(v.blames[1].node->asString() == "NET_ADMIN");
  CHECK(run("{each: 'containers[2].add[*]', assert: {path: ., in: [CHOWN]}}", d.root).value == Tri::True);
}

TEST_CASE("exists over a wildcard blames the element each value is in", "[rules]") {
  Doc d("volumes:\n  - name: logs\n    hostPath: {path: /var/log}\n  - name: tmp\n    emptyDir: {}\n");
  Verdict v = run("{not: {path: 'volumes[*].hostPath.path', exists: true}}", d.root);
  REQUIRE(v.value == Tri::False);
  REQUIRE(v.blames.size() == 1);
  REQUIRE(v.blames[0].element);
  CHECK(v.blames[0].element->find("name")->asString() == "logs");
}

TEST_CASE("numbers compare, strings holding numbers too", "[rules]") {
  Doc d("a: 5\nb: '7'\n");
  CHECK(run("{path: a, greater-than: 4}", d.root).value == Tri::True);
  CHECK(run("{path: a, less-or-equal: 4}", d.root).value == Tri::False);
  CHECK(run("{path: b, greater-or-equal: 7}", d.root).value == Tri::True);
}

TEST_CASE("Unknown values give Unknown, not a verdict", "[rules][unknown]") {
  Value root = Value::object();
  root.members().push_back(Member{"publicNetworkAccess", {}, Value::unknown("parameter 'pna' has no default")});
  CHECK(run("{path: publicNetworkAccess, equals: Disabled}", root).value == Tri::Unknown);
  CHECK(run("{not: {path: publicNetworkAccess, equals: Enabled}}", root).value == Tri::Unknown);
  CHECK(run("{all: [{path: publicNetworkAccess, equals: Disabled}, {path: x, exists: false}]}", root).value == Tri::Unknown);
  CHECK(run("{any: [{path: publicNetworkAccess, equals: Disabled}, {path: x, exists: false}]}", root).value == Tri::True);
  CHECK(run("{all: [{path: publicNetworkAccess, equals: Disabled}, {path: x, exists: true}]}", root).value == Tri::False);
}

TEST_CASE("an Unknown with candidates is decided when every candidate agrees", "[rules][unknown]") {
  auto withSku = [](Value sku) {
    Value root = Value::object();
    root.members().push_back(Member{"sku", {}, std::move(sku)});
    return root;
  };
  Value all_bad = withSku(Value::unknownOneOf("parameter 'sku' has no default", {Value::string("Basic"), Value::string("Free")}));
  Value mixed = withSku(Value::unknownOneOf("parameter 'sku' has no default", {Value::string("Basic"), Value::string("Premium")}));
  Value all_good = withSku(Value::unknownOneOf("parameter 'sku' has no default", {Value::string("Premium")}));
  Value anything = withSku(Value::unknown("parameter 'sku' has no default"));
  const std::string premium = "{path: sku, equals: Premium}";
  Verdict failed = run(premium, all_bad);
  CHECK(failed.value == Tri::False);
  REQUIRE(failed.blames.size() == 1);
  CHECK(failed.blames[0].node->candidates() != nullptr);  // blamed at the value, whose origin is the parameter
  CHECK(run(premium, mixed).value == Tri::Unknown);
  CHECK(run(premium, all_good).value == Tri::True);
  CHECK(run(premium, anything).value == Tri::Unknown);
  CHECK(run("{not: {path: sku, in: [Basic, Free]}}", all_bad).value == Tri::False);
  CHECK(run("{path: sku, matches: '^P'}", all_good).value == Tri::True);
  CHECK(run("{path: sku, exists: true}", all_bad).value == Tri::True);
  CHECK(run("{path: sku, exists: true}", anything).value == Tri::Unknown);
}

TEST_CASE("bad assertions are located errors", "[rules]") {
  SourceFile file("rule.yaml", "path: a\nequals: 1\nbogus: 2\n");
  auto r = readYaml(file, {});
  std::vector<Diagnostic> errors;
  CHECK_FALSE(parseAssertion(r.documents[0].root, errors));
  REQUIRE(!errors.empty());
  CHECK(errors[0].span.start.line == 3);

  SourceFile regex("rule.yaml", "path: a\nmatches: '(unclosed'\n");
  auto r2 = readYaml(regex, {});
  errors.clear();
  CHECK_FALSE(parseAssertion(r2.documents[0].root, errors));
  REQUIRE(!errors.empty());
  CHECK(errors[0].message.find("regular expression") != std::string::npos);
}

TEST_CASE("a value can be assigned from inside itself", "[value]") {
  // Found by ASan on the Bicep corpus: tryGet walked `current = *current.find(key)`.
  Value outer = Value::object();
  Value inner = Value::object();
  inner.members().push_back(Member{"leaf", {}, Value::boolean(true)});
  outer.members().push_back(Member{"inner", {}, inner});
  const Value* child = outer.find("inner");
  outer = *child;
  REQUIRE(outer.isObject());
  CHECK(outer.find("leaf")->asBool());

  Value list = Value::array({Value::array({Value::string("deep")})});
  list = std::move(list.items()[0]);
  REQUIRE(list.isArray());
  CHECK(list.items()[0].asString() == "deep");
}
