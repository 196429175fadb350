// The Bicep front end on the fixtures under fixtures/frontend/bicep: each
// construct of the evaluator, spans, parameters, modules and diagnostics.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "parsers/bicep/bicep_reader.h"
#include "parsers/bicep/bicep_syntax.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

fs::path fixture(const std::string& relative) {
  return fs::canonical(fs::path(PALISADE_SOURCE_DIR) / "fixtures" / "frontend" / "bicep" / relative);
}

std::vector<fs::path> bicepFilesIn(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    auto ext = e.path().extension();
    if (ext == ".bicep" || ext == ".bicepparam") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

FileModel readDir(const std::string& name, AzureReadOptions options = {}) {
  fs::path dir = fixture(name);
  return readBicepFiles(bicepFilesIn(dir), ScanRoot{dir}, options);
}

std::vector<const Resource*> bySymbol(const FileModel& m, const std::string& symbol) {
  std::vector<const Resource*> out;
  for (const Resource& r : m.resources) {
    if (r.symbolic_name == symbol) out.push_back(&r);
  }
  return out;
}

const Resource& one(const FileModel& m, const std::string& symbol) {
  auto found = bySymbol(m, symbol);
  REQUIRE(found.size() == 1);
  return *found.front();
}

const Value& at(const Value& v, std::initializer_list<const char*> path) {
  const Value* node = &v;
  for (const char* key : path) {
    node = node->find(key);
    REQUIRE(node != nullptr);
  }
  return *node;
}

}  // namespace

TEST_CASE("Bicep parameters, variables, functions and spans", "[bicep]") {
  FileModel m = readDir("basics");
  CHECK(m.diagnostics.empty());
  const Resource& storage = one(m, "storage");
  CHECK(storage.format == Format::Bicep);
  CHECK(storage.type == "Microsoft.Storage/storageAccounts");
  CHECK(storage.api_version == "2023-01-01");
  // var storageName = toLower('${prefix}Store${length(subnetNames)}')
  CHECK(storage.name == "appstore2");
  CHECK(at(storage.body, {"sku", "name"}).asString() == "Standard_LRS");
  CHECK(at(storage.body, {"kind"}).asString() == "StorageV2");
  CHECK(at(storage.body, {"location"}).isUnknown());
  CHECK(at(storage.body, {"properties", "minimumTlsVersion"}).asString() == "TLS1_2");

  // Spans: the value is located where it is used, its origin where it was defined.
  const Value& sku = at(storage.body, {"sku", "name"});
  CHECK(sku.span().start.line == 55);
  CHECK(sku.span().start.column == 11);
  CHECK(sku.span().stop.column == 18);
  CHECK(sku.origin().start.line == 8);
  CHECK(sku.origin().start.column == 24);
  CHECK(sku.span().file->path() == "main.bicep");
  CHECK(storage.declaration.start.line == 51);
  CHECK(storage.declaration.start.column == 1);
  const Value& tls = at(storage.body, {"properties", "minimumTlsVersion"});
  CHECK(tls.span().start.line == 59);
  CHECK(tls.span().start.column == 24);
}

TEST_CASE("Bicep nested, parent, existing, loops and conditions", "[bicep]") {
  FileModel m = readDir("basics");
  const Resource& blob = one(m, "blobService");
  CHECK(blob.type == "Microsoft.Storage/storageAccounts/blobServices");
  CHECK(blob.name == "appstore2/default");
  CHECK(at(blob.body, {"properties", "deleteRetentionPolicy", "days"}).asInt() == 7);

  const Resource& container = one(m, "container");
  CHECK(container.type == "Microsoft.Storage/storageAccounts/blobServices/containers");
  CHECK(container.name == "appstore2/default/logs");
  CHECK(at(container.body, {"parent"}).asString() == "storage::blobService");

  const Resource& vnet = one(m, "vnet");
  CHECK(vnet.existing);

  auto subnets = bySymbol(m, "subnets");
  REQUIRE(subnets.size() == 2);
  CHECK(subnets[0]->name == "vnet1/web");
  CHECK(subnets[1]->name == "vnet1/data");
  CHECK(subnets[1]->loop_index == 1);
  CHECK(at(subnets[1]->body, {"properties", "addressPrefix"}).asString() == "10.0.1.0/24");

  // `if (deployExtra)`: a parameter without default → kept, marked conditional.
  const Resource& extra = one(m, "extra");
  CHECK(extra.condition == Tri::Unknown);
  CHECK(extra.name == "app-fn");  // user-defined function
  CHECK(at(extra.body, {"dependsOn"}).at(0)->asString() == "storage");
  CHECK(bySymbol(m, "skipped").empty());  // a condition known to be false

  // Symbolic references read the referenced resource's body.
  const Resource& lock = one(m, "lock");
  CHECK(lock.name == "appstore2-lock");
  CHECK(at(lock.body, {"properties", "notes"}).asString() == "TLS1_2");
  CHECK(at(lock.body, {"scope"}).asString() == "storage");
}

TEST_CASE("Bicep local modules bind parameters and return outputs", "[bicep]") {
  FileModel m = readDir("modules");
  auto accounts = bySymbol(m, "account");
  REQUIRE(accounts.size() == 3);
  CHECK(accounts[0]->name == "fixturestore");
  CHECK(at(accounts[0]->body, {"properties", "publicNetworkAccess"}).asString() == "Enabled");
  REQUIRE(accounts[0]->module_chain.size() == 1);
  CHECK(accounts[0]->module_chain[0].name == "store");
  CHECK(accounts[0]->module_chain[0].path == "modules/storage.bicep");
  CHECK(accounts[0]->module_chain[0].span.start.line == 7);
  // The module argument is the origin of the value inside the module.
  CHECK(at(accounts[0]->body, {"properties", "publicNetworkAccess"}).origin().start.line == 11);
  CHECK(accounts[1]->name == "storedev");
  CHECK(accounts[2]->name == "storeprod");
  CHECK(accounts[2]->loop_index == 1);
  CHECK(at(accounts[2]->body, {"properties", "publicNetworkAccess"}).asString() == "Disabled");

  const Resource& consumer = one(m, "consumer");
  CHECK(at(consumer.body, {"properties", "storageEndpoint"}).asString() == "fixturestore-endpoint");
  CHECK(at(consumer.body, {"properties", "vnetId"}).isUnknown());
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].code == palisade::GenCode::ModuleNotResolved);
  CHECK(m.diagnostics[0].span.start.line == 22);

  // Each module call is a deployment named by its `name:`, holding the values it passes.
  auto deployments = bySymbol(m, "perEnv");
  REQUIRE(deployments.size() == 2);
  CHECK(deployments[1]->type == "Microsoft.Resources/deployments");
  CHECK(deployments[1]->name == "store-prod");
  CHECK(deployments[1]->declaration.start.line == 15);
  const Value& passed = at(deployments[1]->body, {"properties", "parameters"});
  CHECK(at(passed, {"accountName", "value"}).asString() == "storeprod");
  CHECK(passed.find("publicAccess") == nullptr);  // not passed: its default applies
  // modules/storage.bicep is a module of main.bicep: it is not evaluated standalone.
  for (const Resource& r : m.resources) {
    if (r.symbolic_name == "account") CHECK_FALSE(r.module_chain.empty());
  }
}

TEST_CASE("Bicep modules that are ARM templates return their outputs", "[bicep]") {
  FileModel m = readDir("arm-module-outputs");
  const Resource& consumer = one(m, "consumer");
  const Value& p = at(consumer.body, {"properties"});
  CHECK(at(p, {"access"}).asString() == "Enabled");  // a variable computed from an argument
  CHECK(at(p, {"quietAccess"}).asString() == "Disabled");  // the parameter's default
  const Value& names = at(p, {"names"});  // an output `copy`
  REQUIRE(names.isArray());
  REQUIRE(names.items().size() == 2);
  CHECK(names.items()[1].asString() == "app1");
  CHECK(at(p, {"exposed"}).asString() == "exposed");  // its condition holds
  CHECK(at(p, {"quietExposed"}).isUnknown());          // its condition is false: not returned
  CHECK(at(p, {"state"}).isUnknown());                 // reference() needs the deployed resource
  CHECK(std::count_if(m.resources.begin(), m.resources.end(), [](const Resource& r) { return r.type == "Contoso.Test/widgets"; }) == 2);
}

TEST_CASE("Bicep module paths outside the root, missing modules and cycles are diagnostics", "[bicep]") {
  FileModel m = readDir("outside");
  std::vector<std::string> messages;
  for (const Diagnostic& d : m.diagnostics) {
    CHECK(d.code == palisade::GenCode::ModuleNotResolved);
    CHECK(d.span.valid());
    messages.push_back(d.message);
  }
  auto mentions = [&](const std::string& text) {
    return std::any_of(messages.begin(), messages.end(), [&](const std::string& s) { return s.find(text) != std::string::npos; });
  };
  CHECK(mentions("escapes the scan root"));
  CHECK(mentions("not found"));
  CHECK(mentions("module cycle"));
  CHECK(bySymbol(m, "a").size() == 1);
}

TEST_CASE("Bicep parameter files: .bicepparam and ARM parameter JSON", "[bicep]") {
  FileModel from_bicepparam = readDir("params");
  const Resource& vault = one(from_bicepparam, "vault");
  CHECK(vault.name == "vault-premium");
  CHECK(at(vault.body, {"properties", "publicNetworkAccess"}).asString() == "Enabled");
  CHECK(at(vault.body, {"location"}).asString() == "westeurope");
  // The .bicepparam assignment is where the value came from.
  CHECK(at(vault.body, {"properties", "sku", "name"}).origin().file->path() == "main.bicepparam");

  AzureReadOptions options;
  options.parameter_files.push_back(fixture("params/parameters.json"));
  fs::path dir = fixture("params");
  FileModel from_json = readBicepFiles({dir / "main.bicep"}, ScanRoot{dir}, options);
  const Resource& v2 = one(from_json, "vault");
  CHECK(v2.name == "vault-standard");
  CHECK(at(v2.body, {"location"}).asString() == "northeurope");
  CHECK(at(v2.body, {"properties", "publicNetworkAccess"}).asString() == "Disabled");
}

TEST_CASE("Bicep syntax the grammar does not know is a note and Unknown", "[bicep]") {
  FileModel m = readDir("unsupported");
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].code == palisade::GenCode::UnsupportedSyntax);
  CHECK(m.diagnostics[0].span.start.line == 8);
  const Resource& good = one(m, "good");
  CHECK(at(good.body, {"properties", "kind"}).isUnknown());
  const Resource& after = one(m, "after");
  CHECK(at(after.body, {"properties", "path"}).asString() == "//root");
  CHECK(one(m, "inner").module_chain.size() == 1);
}

TEST_CASE("Bicep expressions: operators, functions, loops, spread and null handling", "[bicep]") {
  fs::path dir = fs::temp_directory_path() / "palisade-bicep-expressions";
  fs::create_directories(dir);
  fs::path file = dir / "main.bicep";
  {
    std::ofstream out(file);
    out << "param tags object?\n"
           "var settings = { tls: 'TLS1_2', retention: { days: 7 } }\n"
           "resource r 'Microsoft.Test/things@2020-01-01' = {\n"
           "  name: 'r'\n"
           "  properties: {\n"
           "    a: 1 + 2 * 3\n"
           "    b: !empty(tags ?? {}) && tags.?owner != 'x'\n"
           "    c: settings.retention.days > 5 ? 'long' : 'short'\n"
           "    d: [for n in range(1, 3): n * 2]\n"
           "    e: { ...settings, more: true }\n"
           "    f: format('{0}-{1}', 'a', 42)\n"
           "    g: split('a/b/c', '/')[2]\n"
           "    h: contains(['x', 'y'], 'y')\n"
           "    i: tags.?owner ?? 'none'\n"
           "    j: uniqueString('x')\n"
           "    k: union({ a: 1 }, { b: 2 }).b\n"
           "    l: filter([1, 2, 3, 4], x => x % 2 == 0)\n"
           "    m: resourceId('Microsoft.Network/virtualNetworks/subnets', 'v', 's')\n"
           "    n: last(take(['a', 'b', 'c'], 2))\n"
           "    o: json('{\"k\": [1, 2]}').k[1]\n"
           "    p: '${toUpper('x')}\\'s'\n"
           "  }\n"
           "}\n";
  }
  FileModel m = readBicepFiles({fs::canonical(file)}, ScanRoot{fs::canonical(dir)}, {});
  REQUIRE(m.resources.size() == 2);  // the resource, then the file's deployment
  CHECK(m.resources[1].type == "Microsoft.Resources/deployments");
  const Value& p = at(m.resources[0].body, {"properties"});
  CHECK(at(p, {"a"}).asInt() == 7);
  CHECK(at(p, {"b"}).asBool() == false);
  CHECK(at(p, {"c"}).asString() == "long");
  CHECK(at(p, {"d"}).toDisplayString() == "[2,4,6]");
  CHECK(at(p, {"e"}).toDisplayString() == R"({"tls":"TLS1_2","retention":{"days":7},"more":true})");
  CHECK(at(p, {"f"}).asString() == "a-42");
  CHECK(at(p, {"g"}).asString() == "c");
  CHECK(at(p, {"h"}).asBool());
  CHECK(at(p, {"i"}).asString() == "none");
  CHECK(at(p, {"j"}).isUnknown());
  CHECK(at(p, {"k"}).asInt() == 2);
  CHECK(at(p, {"l"}).toDisplayString() == "[2,4]");
  CHECK(at(p, {"m"}).asString() ==
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/v/subnets/s");
  CHECK(at(p, {"n"}).asString() == "b");
  CHECK(at(p, {"o"}).asInt() == 2);
  CHECK(at(p, {"p"}).asString() == "X's");
  CHECK(at(p, {"a"}).span().start.line == 6);
  CHECK(at(p, {"a"}).span().start.column == 8);
  fs::remove_all(dir);
}

TEST_CASE("Bicep module scope moves where a module deploys", "[bicep]") {
  FileModel m = readDir("scopes");
  CHECK(one(m, "netGroup").deployment_scope.display() == "subscription:?");
  CHECK(one(m, "netLock").deployment_scope.display() == "resourceGroup:rg-net");

  auto tagged = bySymbol(m, "tagged");
  REQUIRE(tagged.size() == 4);
  // scope: resourceGroup('rg-net') — resourceGroup() inside names it.
  CHECK(tagged[0]->name == "nsg-rg-net");
  CHECK(tagged[0]->deployment_scope.display() == "resourceGroup:rg-net");
  CHECK(at(tagged[0]->body, {"properties", "groupId"}).isUnknown());  // the subscription is not known
  CHECK(at(tagged[0]->body, {"properties", "selfId"}).asString() ==
        "/subscriptions/{subscriptionId}/resourceGroups/rg-net/providers/Microsoft.Network/networkSecurityGroups/x");
  // An `existing` resource with its own scope: resourceGroup('rg-hub').
  CHECK(at(tagged[0]->body, {"properties", "hubVnetId"}).asString() ==
        "/subscriptions/{subscriptionId}/resourceGroups/rg-hub/providers/Microsoft.Network/virtualNetworks/vnet-hub");
  CHECK(bySymbol(m, "hubVnet").front()->deployment_scope.display() == "resourceGroup:rg-hub");
  // scope: netGroup — a resource group resource.
  CHECK(tagged[1]->name == "nsg-rg-net");
  CHECK(tagged[1]->deployment_scope.display() == "resourceGroup:rg-net");
  // scope: resourceGroup(subscriptionId, name)
  CHECK(tagged[2]->name == "nsg-rg-other");
  CHECK(at(tagged[2]->body, {"properties", "groupId"}).asString() == "/subscriptions/0000-1111/resourceGroups/rg-other");
  CHECK(tagged[2]->deployment_scope.subscription == "0000-1111");
  // scope: resourceGroup(unknownGroup) — unknown names, not a guess.
  CHECK(tagged[3]->name.empty());
  CHECK(at(tagged[3]->body, {"name"}).isUnknown());
  CHECK(tagged[3]->deployment_scope.display() == "resourceGroup:?");

  // A module without `scope:` inherits its caller's resource group.
  auto inner = bySymbol(m, "innerNsg");
  REQUIRE(inner.size() == 4);
  CHECK(inner[0]->name == "inner-rg-net");
  CHECK(inner[0]->deployment_scope.display() == "resourceGroup:rg-net");
  CHECK(inner[2]->name == "inner-rg-other");
  CHECK(inner[3]->deployment_scope.display() == "resourceGroup:?");

  const Resource& policy = one(m, "policy");
  CHECK(policy.name == "pa-2222-3333");
  CHECK(policy.deployment_scope.display() == "subscription:2222-3333");
  CHECK(m.diagnostics.empty());
}

TEST_CASE("Bicep @allowed, literal union types and @secure() attach to values", "[bicep]") {
  FileModel m = readDir("decorators");
  const Resource& account = one(m, "account");
  auto candidatesOf = [](const Value& v) {
    std::vector<std::string> out;
    REQUIRE(v.isUnknown());
    REQUIRE(v.candidates() != nullptr);
    for (const Value& c : *v.candidates()) out.push_back(c.asString());
    return out;
  };
  // @allowed on a parameter without a value: an Unknown that can only be one of the list.
  const Value& sku = at(account.body, {"sku", "name"});
  CHECK(candidatesOf(sku) == std::vector<std::string>{"Standard_LRS", "Premium_LRS"});
  CHECK(sku.origin().start.line == 6);  // the parameter declaration
  // A literal union type, through an alias imported from another file, and inline.
  CHECK(candidatesOf(at(account.body, {"sku", "tier"})) == std::vector<std::string>{"Standard", "Premium"});
  CHECK(candidatesOf(at(account.body, {"properties", "accessTier"})) == std::vector<std::string>{"Hot", "Cool"});

  // A default outside the allowed list: GEN013 at the default, and the value is kept.
  CHECK(at(account.body, {"location"}).asString() == "northeurope");
  REQUIRE(m.diagnostics.size() == 1);
  CHECK(m.diagnostics[0].code == palisade::GenCode::ParameterValueNotAllowed);
  CHECK(m.diagnostics[0].span.start.line == 13);
  CHECK(m.diagnostics[0].message.find("'northeurope'") != std::string::npos);

  // The file's deployment: parameter declarations and outputs, as ARM records them.
  auto deployments = std::find_if(m.resources.begin(), m.resources.end(), [](const Resource& r) {
    return r.type == "Microsoft.Resources/deployments" && r.declaration.file->path() == "main.bicep";
  });
  REQUIRE(deployments != m.resources.end());
  const Resource& deployment = *deployments;
  CHECK(deployment.declaration.start.line == 1);
  const Value& declared = at(deployment.body, {"properties", "template", "parameters"});
  CHECK(at(declared, {"adminPassword", "type"}).asString() == "securestring");
  CHECK(at(declared, {"apiToken", "type"}).asString() == "securestring");  // @secure() on the type alias
  CHECK(at(declared, {"apiToken", "defaultValue"}).asString() == "literal-token");
  CHECK(at(declared, {"derived", "defaultValue"}).isUnknown());  // refers to another parameter
  CHECK(declared.find("sku") == nullptr);  // only @secure() parameters are listed
  // An entry file is given no values; a module call's deployment holds the values it passes.
  CHECK(at(deployment.body, {"properties", "parameters"}).members().empty());
  const Value& outputs = at(deployment.body, {"properties", "template", "outputs"});
  CHECK(at(outputs, {"password", "secretSource"}).asString() == "the @secure() parameter 'adminPassword'");
  CHECK(at(outputs, {"keys", "secretSource"}).asString() == "listKeys(), which returns secrets");
  CHECK(outputs.find("accountName")->find("secretSource") == nullptr);
  CHECK(at(outputs, {"accountName", "value"}).asString() == "stapp");
  CHECK(at(outputs, {"password", "secretSource"}).span().start.line == 38);
  // @secure() on a property of an object type: that property is a secret, the others are not.
  CHECK(at(outputs, {"pass", "secretSource"}).asString() == "the @secure() property 'password' of parameter 'credentials'");
  CHECK(outputs.find("user")->find("secretSource") == nullptr);
}

TEST_CASE("Bicep: a ternary the grammar reads as a nullable type and a property is rebuilt", "[bicep]") {
  // After some objects and arrays, tree-sitter-bicep 1.1.0 reads `(c) ? 'a' : 'b'` as the
  // nullable type `(c)?` followed by a property `'a': 'b'` (found in the AVM corpus).
  std::string text =
      "param enablePrivateNetworking bool = false\n"
      "module avmAiServices 'm/mod.bicep' = {\n"
      "  params: {\n"
      "    tags: {\n"
      "    }\n"
      "    roleAssignments: [\n"
      "      {\n"
      "        model: {\n"
      "        }\n"
      "      }\n"
      "    ]\n"
      "    publicNetworkAccess: (enablePrivateNetworking) ? 'Disabled' : 'Enabled'\n"
      "    privateEndpoints: (enablePrivateNetworking)\n"
      "      ? [\n"
      "          {\n"
      "            privateDnsZoneGroup: {\n"
      "              privateDnsZoneGroupConfigs: [\n"
      "                {\n"
      "                }\n"
      "              ]\n"
      "            }\n"
      "          }\n"
      "        ]\n"
      "      : []\n"
      "  }\n"
      "}\n";
  SourceFile source("main.bicep", text);
  BicepSyntax syntax = parseBicep(source, false, 5.0, 256);
  REQUIRE(syntax.declarations.size() == 2);
  REQUIRE(syntax.declarations[1].value);
  const Expr& body = *syntax.declarations[1].value;
  REQUIRE(body.keys.size() == 1);
  const Expr& params = body.children[0];
  REQUIRE(params.keys == std::vector<std::string>{"tags", "roleAssignments", "publicNetworkAccess", "privateEndpoints"});
  const Expr& access = params.children[2];
  REQUIRE(access.kind == Expr::Kind::Ternary);
  CHECK(access.children[0].name == "enablePrivateNetworking");
  CHECK(access.children[1].literal.asString() == "Disabled");
  CHECK(access.children[2].literal.asString() == "Enabled");
  CHECK(params.children[3].kind == Expr::Kind::Ternary);
}

TEST_CASE("Bicep multi-line strings parse whether or not the file before had any", "[bicep]") {
  // third_party/bicep_scanner_guard.c withholds the multi-line string token where it
  // cannot start: it must never withhold it where it can.
  std::string plain = "var a = 'x'\nvar b = {\n  k: 'v'\n}\n";
  std::string late = plain;
  for (int i = 0; i < 50; ++i) late += fmt::format("var s{} = 'value {}'\n", i, i);
  late += "var script = '''\nline one\nit's here\n'''\n";
  for (const std::string* text : {&plain, &late, &plain, &late}) {
    SourceFile source("main.bicep", *text);
    BicepSyntax syntax = parseBicep(source, false, 5.0, 256);
    CHECK(syntax.error_regions.empty());
    if (text == &plain) {
      CHECK(syntax.declarations.size() == 2);
      continue;
    }
    REQUIRE(syntax.declarations.size() == 53);
    const BicepDeclaration& script = syntax.declarations.back();
    CHECK(script.name == "script");
    REQUIRE(script.value);
    REQUIRE(script.value->kind == Expr::Kind::Literal);
    CHECK(script.value->literal.asString() == "line one\nit's here\n");
  }
}

TEST_CASE("Bicep syntax the grammar reads otherwise evaluates as the compiler does", "[bicep]") {
  FileModel m = readDir("fidelity");
  CHECK(m.diagnostics.empty());
  const Resource* deployment = nullptr;
  for (const Resource& r : m.resources) {
    if (r.type == "Microsoft.Resources/deployments") deployment = &r;
  }
  REQUIRE(deployment != nullptr);
  auto output = [&](const char* name) -> const Value& { return at(deployment->body, {"properties", "template", "outputs", name, "value"}); };

  // [toLower('ABC'), letters[1], <call> == 'x' ? 'a' : 'b', split(...)[1]]: four items, not nine.
  const Value& items = output("callsAndIndexes");
  REQUIRE(items.isArray());
  REQUIRE(items.items().size() == 4);
  CHECK(items.items()[0].asString() == "abc");
  CHECK(items.items()[1].asString() == "y");
  CHECK(items.items()[2].isUnknown());
  CHECK(items.items()[3].asString() == "n");
  const Value& own_line = output("callOnItsOwnLine");
  REQUIRE(own_line.items().size() == 2);
  CHECK(own_line.items()[0].asString() == "ABC");
  CHECK(own_line.items()[1].asString() == "next");

  CHECK(output("spaced").asString() == "x 1");
  CHECK(output("branchAccess").asString() == "one");
  CHECK(at(output("parenthesizedCondition"), {"o", "p"}).asString() == "one");
  CHECK(at(output("anything"), {"x"}).asInt() == 1);
  const Value& keyed = output("computedKey");
  REQUIRE(keyed.isObject());
  REQUIRE(keyed.members().size() == 1);
  CHECK(keyed.members()[0].key == "uai-app");
  CHECK(output("booleanText").asString() == "True");
  CHECK(output("booleanInterpolated").asString() == "enabled=True");
  CHECK(output("subnetId").asString() ==
        "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/snet");

  // A nested resource reads its sibling by the sibling's bare symbolic name.
  const Resource& second = one(m, "second");
  CHECK(at(second.body, {"properties", "networkSecurityGroup", "id"}).asString() == "nsg");
}
