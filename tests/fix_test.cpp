// Fixes at the level of text: edits that keep everything else (indentation,
// line endings, quoting, comments), their conflicts, the unified diff, the
// refusal of a computed value, and `fix:` validated when a rule loads.
#include <catch2/catch.hpp>

#include "core/fix.h"
#include "core/source_file.h"
#include "parsers/json/located_json.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/engine/fix_builder.h"
#include "rules/engine/rule_loader.h"

using namespace palisade;

namespace {

std::string applied(const SourceFile& file, const SettingEdit& edit) {
  REQUIRE(edit.refused.empty());
  auto out = applyEdits(file.text(), edit.edits);
  REQUIRE(out.has_value());
  return *out;
}

Value yamlRoot(const SourceFile& file) {
  YamlReadResult yaml = readYaml(file, {});
  REQUIRE(yaml.diagnostics.empty());
  REQUIRE(yaml.documents.size() == 1);
  return yaml.documents[0].root;
}

}  // namespace

TEST_CASE("a missing key is inserted at the object's indentation, with the file's line endings", "[fix]") {
  SourceFile file("pod.yaml", "spec:\r\n  containers:\r\n    - name: a   # app\r\n      image: x\r\n# end\r\n");
  Value root = yamlRoot(file);
  const Value& container = root.find("spec")->find("containers")->items()[0];
  SettingEdit edit = editSetting(container, {"securityContext", "allowPrivilegeEscalation"}, Value::boolean(false));
  CHECK(applied(file, edit) ==
        "spec:\r\n  containers:\r\n    - name: a   # app\r\n      image: x\r\n"
        "      securityContext:\r\n        allowPrivilegeEscalation: false\r\n# end\r\n");
}

TEST_CASE("a value is replaced in its own quoting, the comment after it kept", "[fix]") {
  SourceFile file("cm.yaml", "data:\n  mode: 'open'  # why\n  n: 1\n");
  Value root = yamlRoot(file);
  CHECK(applied(file, editSetting(root, {"data", "mode"}, Value::string("closed"))) == "data:\n  mode: 'closed'  # why\n  n: 1\n");
  // A value that is already right needs no edit.
  SettingEdit same = editSetting(root, {"data", "n"}, Value::integer(1));
  CHECK(same.edits.empty());
  CHECK(same.refused.empty());
}

TEST_CASE("a JSON member is added after the last one with the file's indentation", "[fix]") {
  SourceFile file("t.json", "{\n    \"a\": {\n        \"x\": 1\n    },\n    \"b\": {}\n}\n");
  LocatedJsonResult json = parseLocatedJson(file);
  REQUIRE(json.ok);
  CHECK(applied(file, editSetting(json.value, {"a", "y"}, Value::boolean(true))) ==
        "{\n    \"a\": {\n        \"x\": 1,\n        \"y\": true\n    },\n    \"b\": {}\n}\n");
  CHECK(applied(file, editSetting(json.value, {"b", "c", "d"}, Value::string("e"))) ==
        "{\n    \"a\": {\n        \"x\": 1\n    },\n    \"b\": {\n        \"c\": {\n            \"d\": \"e\"\n        }\n    }\n}\n");
}

TEST_CASE("a value written as an ARM expression is not a literal to edit", "[fix]") {
  SourceFile file("t.json", "{\"p\": {\"v\": \"[parameters('x')]\"}}");
  LocatedJsonResult json = parseLocatedJson(file);
  REQUIRE(json.ok);
  // The model would hold the evaluated value; here the text is the expression itself.
  Value p = json.value;
  p.members()[0].value.members()[0].value = Value::string("Enabled", p.find("p")->find("v")->span());
  SettingEdit edit = editSetting(p, {"p", "v"}, Value::string("Disabled"));
  CHECK(edit.edits.empty());
  CHECK_THAT(edit.refused, Catch::Contains("computed by an expression"));
}

TEST_CASE("edits that overlap or insert at one place do not apply together", "[fix]") {
  SourceFile file("a.yaml", "a: 1\nb: 2\n");
  TextEdit one = makeEdit(file, 3, 4, "3");
  TextEdit two = makeEdit(file, 3, 3, "x");
  TextEdit far = makeEdit(file, 8, 9, "4");
  CHECK(editsConflict(one, two));
  CHECK_FALSE(editsConflict(one, far));
  CHECK_FALSE(applyEdits(file.text(), {one, two}).has_value());
  CHECK(applyEdits(file.text(), {far, one}) == std::optional<std::string>("a: 3\nb: 4\n"));
  // SARIF regions: 1-based lines and columns.
  CHECK(one.start_line == 1);
  CHECK(one.start_column == 4);
  CHECK(one.end_column == 5);
  CHECK(far.start_line == 2);
}

TEST_CASE("the unified diff names both sides and counts its lines", "[fix]") {
  CHECK(unifiedDiff("x.yaml", "same\n", "same\n").empty());
  std::string diff = unifiedDiff("k/x.yaml", "a\nb\nc\n", "a\nB\nc\nd\n");
  CHECK(diff == "--- a/k/x.yaml\n+++ b/k/x.yaml\n@@ -1,3 +1,4 @@\n a\n-b\n+B\n c\n+d\n");
}

TEST_CASE("a rule's fix is checked when the rule loads", "[fix][rules]") {
  auto load = [](const std::string& fix) {
    SourceFile file("TST001-x.yaml", "id: TST001\nname: x\ntitle: t\nseverity: low\ndescription: d\nremediation: r\n"
                                     "assert: {path: a, equals: true}\n" + fix);
    std::vector<Diagnostic> errors;
    std::optional<Rule> rule = loadRule(file, "custom", errors);
    std::string messages;
    for (const Diagnostic& d : errors) messages += d.message + "\n";
    return std::make_pair(rule.has_value() && rule->fix.has_value(), messages);
  };
  CHECK(load("fix: {title: t, safe: true, set: {path: a.b, value: true}}\n").first);
  auto wildcard = load("fix: {title: t, safe: true, set: {path: 'a[*].b', value: true}}\n");
  CHECK_FALSE(wildcard.first);
  CHECK_THAT(wildcard.second, Catch::Contains("keys only"));
  auto unsafe_unsaid = load("fix: {title: t, set: {path: a, value: true}}\n");
  CHECK_FALSE(unsafe_unsaid.first);
  CHECK_THAT(unsafe_unsaid.second, Catch::Contains("safe"));
  auto object_value = load("fix: {title: t, safe: false, set: {path: a, value: {b: 1}}}\n");
  CHECK_FALSE(object_value.first);
  auto unknown_key = load("fix: {title: t, safe: true, set: {path: a, value: true}, when: x}\n");
  CHECK_THAT(unknown_key.second, Catch::Contains("unknown key 'when'"));
}
