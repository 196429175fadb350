// The ARM JSON front end: located JSON, template expressions, copy loops,
// conditions, nested child resources and nested deployments.
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/source_file.h"
#include "parsers/arm/arm_reader.h"
#include "parsers/expression/evaluator.h"
#include "parsers/expression/function_library.h"
#include "parsers/expression/template_expression.h"
#include "parsers/json/located_json.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

fs::path armFixture(const std::string& name) {
  return fs::canonical(fs::path(PALISADE_SOURCE_DIR) / "fixtures" / "frontend" / "arm" / name);
}

const Resource* byName(const FileModel& m, const std::string& name) {
  for (const Resource& r : m.resources) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

struct NoNames : EvalScope {
  std::optional<Value> resolve(std::string_view, const Span&) override { return std::nullopt; }
};

Value evalArm(const std::string& text) {
  TemplateExpressionResult parsed = parseTemplateExpression(text, {});
  REQUIRE(parsed.expr);
  NoNames scope;
  DeploymentContext context;
  Evaluator evaluator(scope, context);
  return evaluator.evaluate(*parsed.expr);
}

}  // namespace

TEST_CASE("looksLikeArmTemplate reads the $schema", "[arm]") {
  CHECK(looksLikeArmTemplate(R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"})"));
  CHECK(looksLikeArmTemplate(
      R"({ "$schema": "https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#" })"));
  CHECK_FALSE(looksLikeArmTemplate(
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#"})"));
  CHECK_FALSE(looksLikeArmTemplate(R"({"apiVersion": "v1"})"));
}

TEST_CASE("Located JSON keeps spans and accepts ARM's leniency", "[arm]") {
  SourceFile file("t.json", "\xEF\xBB\xBF{\n  // comment\n  \"a\": [1, \"x\\u00e9\",],\n  \"b\": {\"c\": true}\n}\n");
  LocatedJsonResult r = parseLocatedJson(file);
  REQUIRE(r.ok);
  const Value* a = r.value.find("a");
  REQUIRE(a);
  CHECK(a->span().start.line == 3);
  CHECK(a->span().start.column == 8);
  CHECK(a->at(1)->asString() == "x\xC3\xA9");
  CHECK(a->at(1)->span().start.column == 12);
  const Member* b = r.value.findMember("b");
  REQUIRE(b);
  CHECK(b->key_span.start.line == 4);
  CHECK(b->key_span.start.column == 3);

  SourceFile bad("bad.json", "{\n  \"a\": [1 2]\n}");
  LocatedJsonResult e = parseLocatedJson(bad);
  CHECK_FALSE(e.ok);
  CHECK(e.error_span.start.line == 2);
  CHECK(e.error_span.start.column == 11);

  std::string deep(1000, '[');
  SourceFile nested("deep.json", deep);
  CHECK_FALSE(parseLocatedJson(nested, 256).ok);
}

TEST_CASE("ARM template expressions use the shared library", "[arm]") {
  CHECK(evalArm("[concat('a', 'b', string(1))]").asString() == "ab1");
  CHECK(evalArm("[toLower('ABC')]").asString() == "abc");
  CHECK(evalArm("[if(equals(1, 1), 'yes', 'no')]").asString() == "yes");
  CHECK(evalArm("[createObject('k', createArray(1, 2)).k[1]]").asInt() == 2);
  CHECK(evalArm("[length(split('a,b,c', ','))]").asInt() == 3);
  CHECK(evalArm("[coalesce(null(), 'x')]").asString() == "x");
  CHECK(evalArm("[tryGet(createObject('a', 1), 'b')]").isNull());
  CHECK(evalArm("[map(createArray(1, 2), lambda('x', mul(lambdaVariables('x'), 10)))]").toDisplayString() == "[10,20]");
  CHECK(evalArm("[resourceGroup().location]").isUnknown());
  CHECK(evalArm("[uniqueString(resourceGroup().id)]").isUnknown());
  CHECK(evalArm("[reference('x').outputs]").isUnknown());
  CHECK(evalArm("['it''s']").asString() == "it's");
  CHECK_FALSE(parseTemplateExpression("[concat('a']", {}).expr);
  CHECK(unescapeTemplateLiteral("[[x]") == "[x]");
  CHECK_FALSE(isTemplateExpression("[[x]"));
}

TEST_CASE("json() reads JSON text into values located at the call", "[arm][bicep]") {
  CHECK(evalArm("[json('{\"k\": [1, 2.5, true, null, \"s\"]}').k[1]]").asNumber() == 2.5);
  CHECK(evalArm("[json('{\"k\": [1, 2.5, true, null, \"s\"]}')]").toDisplayString() == "{\"k\":[1,2.5,true,null,\"s\"]}");
  CHECK(evalArm("[json('7')]").asInt() == 7);
  CHECK(evalArm("[json('null')]").isNull());
  CHECK(evalArm("[json('\"text\"')]").asString() == "text");
  CHECK(evalArm("[json('{\"a\": ')]").isUnknown());
  CHECK(evalArm("[json('[1] 2')]").isUnknown());
  // The text has no file of its own: every value inside points at the call.
  const std::string text = "[json('{\"a\": {\"b\": [3]}}')]";
  SourceFile file("template.json", text);
  Span call{&file, 0, static_cast<uint32_t>(text.size()), {3, 5}, {3, 5 + static_cast<uint32_t>(text.size())}};
  TemplateExpressionResult parsed = parseTemplateExpression(text, call);
  REQUIRE(parsed.expr);
  NoNames scope;
  DeploymentContext context;
  Value nested = Evaluator(scope, context).evaluate(*parsed.expr);
  REQUIRE(nested.isObject());
  const Value* three = nested.find("a")->find("b")->at(0);
  REQUIRE(three);
  CHECK(three->asInt() == 3);
  CHECK(three->span().file == &file);
  CHECK(three->span().start.line == 3);
  CHECK(nested.findMember("a")->key_span.file == &file);
  CHECK(nested.findMember("a")->key_span.start.line == 3);
}

TEST_CASE("The function library is a sorted table", "[arm][bicep]") {
  auto table = builtinFunctions();
  REQUIRE(table.size() > 50);
  for (std::size_t i = 1; i < table.size(); ++i) CHECK(table[i - 1].name < table[i].name);
  CHECK(findFunction("ToLower") != nullptr);
  CHECK(findFunction("noSuchFunction") == nullptr);
}

TEST_CASE("ARM templates: parameters, variables, copy, condition, nested deployments", "[arm]") {
  fs::path file = armFixture("template.json");
  ScanRoot root{file.parent_path()};
  FileModel m = readArmTemplate(file, root, {});
  CHECK(m.diagnostics.empty());

  const Resource* storage = byName(m, "fxstore");
  REQUIRE(storage);
  CHECK(storage->format == Format::Arm);
  CHECK(storage->type == "Microsoft.Storage/storageAccounts");
  CHECK(storage->api_version == "2023-01-01");
  CHECK(storage->declaration.start.line == 17);
  const Value* tls = storage->body.find("properties")->find("minimumTlsVersion");
  CHECK(tls->asString() == "TLS1_2");
  CHECK(tls->span().start.line == 23);
  CHECK(tls->span().start.column == 30);
  CHECK(storage->body.find("properties")->find("note")->asString() == "[not an expression]");
  CHECK(storage->body.find("location")->isUnknown());

  const Resource* blob = byName(m, "fxstore/default");
  REQUIRE(blob);
  CHECK(blob->type == "Microsoft.Storage/storageAccounts/blobServices");

  const Resource* nsg2 = byName(m, "nsg-2");
  REQUIRE(nsg2);
  CHECK(nsg2->loop_index == 1);
  CHECK(nsg2->body.find("properties")->find("securityRules")->toDisplayString() == R"([{"name":"rule0"},{"name":"rule1"}])");
  CHECK(byName(m, "nsg-3") == nullptr);

  const Resource* diag = byName(m, "diag");
  REQUIRE(diag);
  CHECK(diag->condition == Tri::Unknown);
  CHECK(byName(m, "never") == nullptr);

  const Resource* vault = byName(m, "fx-kv");
  REQUIRE(vault);
  REQUIRE(vault->module_chain.size() == 1);
  CHECK(vault->module_chain[0].name == "inner");
  // The nested deployment's `resourceGroup` moves its scope, as a Bicep module's `scope:` does.
  CHECK(vault->deployment_scope.display() == "resourceGroup:rg-vault");
  CHECK(storage->deployment_scope.display() == "resourceGroup:?");
  const Resource* plan = byName(m, "fx-plan");  // outer scope: the outer template's parameters
  REQUIRE(plan);
  CHECK(plan->module_chain.size() == 1);
}

TEST_CASE("ARM parameter files given with --params", "[arm]") {
  fs::path file = armFixture("template.json");
  AzureReadOptions options;
  options.parameter_files.push_back(armFixture("template.parameters.json"));
  FileModel m = readArmTemplate(file, ScanRoot{file.parent_path()}, options);
  CHECK(byName(m, "prmstore") != nullptr);
  const Resource* diag = byName(m, "diag");
  REQUIRE(diag);
  CHECK(diag->condition == Tri::True);
  CHECK(byName(m, "prm-kv") != nullptr);
}

TEST_CASE("Invalid ARM JSON is a located GEN001", "[arm]") {
  fs::path file = armFixture("invalid.json");
  FileModel m = readArmTemplate(file, ScanRoot{file.parent_path()}, {});
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].code == palisade::GenCode::ParseError);
  CHECK(m.diagnostics[0].span.start.line == 4);
  CHECK(m.diagnostics[0].path == "invalid.json");
  CHECK(m.resources.empty());
  FileModel missing = readArmTemplate(file.parent_path() / "absent.json", ScanRoot{file.parent_path()}, {});
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(missing.diagnostics[0].code == palisade::GenCode::InputNotScanned);
}

TEST_CASE("ARM: expression keys are evaluated, a computed module parameter is a value, not a Key Vault reference", "[arm]") {
  fs::path file = armFixture("fidelity.json");
  FileModel m = readArmTemplate(file, ScanRoot{file.parent_path()}, {});
  CHECK(m.diagnostics.empty());
  const Resource* app = byName(m, "app");
  REQUIRE(app);
  const Value* identities = app->body.find("identity")->find("userAssignedIdentities");
  REQUIRE(identities);
  REQUIRE(identities->members().size() == 1);
  CHECK(identities->members()[0].key ==
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/uai-app");
  CHECK(identities->members()[0].key_span.start.line == 23);  // the key's own line
  // "access": "[if(parameters('restricted'), createObject('value', 'Disabled'), createObject('value', 'Enabled'))]"
  const Resource* vault = byName(m, "kv-inner");
  REQUIRE(vault);
  CHECK(vault->body.find("properties")->find("publicNetworkAccess")->asString() == "Enabled");
}
