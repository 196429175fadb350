// A module called again with the same inputs is evaluated once per task, and
// its resources carry the module chain of each call.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "parsers/bicep/bicep_module_results.h"
#include "parsers/bicep/bicep_reader.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

}  // namespace

TEST_CASE("A repeated module call keeps each caller's module chain", "[bicep][modules]") {
  // Per process: two test runs at once (another build, a sanitizer run) must not share it.
  fs::path dir = fs::temp_directory_path() / fmt::format("palisade-module-results-{}", getpid());
  fs::remove_all(dir);
  // Two instances of `outer` call `shared` with the same arguments, written in outer.bicep.
  palisade::testing::writeFile(dir / "main.bicep", R"(module first 'outer.bicep' = {
  name: 'first'
  params: { tag: 'a' }
}
module second 'outer.bicep' = {
  name: 'second'
  params: { tag: 'b' }
}
)");
  palisade::testing::writeFile(dir / "outer.bicep", R"(param tag string
module inner 'shared.bicep' = {
  name: 'inner'
  params: { label: 'fixed' }
}
resource own 'Microsoft.Network/virtualNetworks@2023-04-01' = {
  name: 'vnet-${tag}'
}
)");
  palisade::testing::writeFile(dir / "shared.bicep", R"(param label string
resource account 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: label
}
)");
  dir = fs::canonical(dir);
  FileModel m = readBicepFiles({dir / "main.bicep", dir / "outer.bicep", dir / "shared.bicep"}, ScanRoot{dir}, {});
  std::vector<std::vector<std::string>> chains;
  for (const Resource& r : m.resources) {
    if (r.symbolic_name != "account") continue;
    CHECK(r.name == "fixed");
    std::vector<std::string> chain;
    for (const ModuleCall& call : r.module_chain) chain.push_back(fmt::format("{}@{}", call.name, call.span.start.line));
    chains.push_back(chain);
  }
  CHECK(chains == std::vector<std::vector<std::string>>{{"first@1", "inner@2"}, {"second@5", "inner@2"}});
  fs::remove_all(dir);
}

TEST_CASE("Module call keys tell apart values that differ only in where they were written", "[bicep][modules]") {
  SourceFile file("main.bicep", "param a = 'x'\nparam b = 'x'\n");
  fs::path module = "/repo/shared.bicep";
  std::vector<fs::path> above{"/repo/main.bicep"};
  auto valueAt = [&](uint32_t offset) {
    Span s = file.pointAt(offset);
    s.end = offset + 3;
    return Value::string("x", s);
  };
  ParameterValues at_a{{"label", valueAt(10)}};
  ParameterValues at_a_again{{"label", valueAt(10)}};
  ParameterValues at_b{{"label", valueAt(24)}};
  CHECK(ModuleResults::keyOf(module, above, at_a, nullptr) == ModuleResults::keyOf(module, above, at_a_again, nullptr));
  // Findings point at an argument's span: the same text from another place is another input.
  CHECK(ModuleResults::keyOf(module, above, at_a, nullptr) != ModuleResults::keyOf(module, above, at_b, nullptr));
  // The files above decide cycles and the depth limit.
  CHECK(ModuleResults::keyOf(module, above, at_a, nullptr) != ModuleResults::keyOf(module, {}, at_a, nullptr));
  CHECK(ModuleResults::keyOf(module, above, at_a, nullptr) != ModuleResults::keyOf("/repo/other.bicep", above, at_a, nullptr));
}

TEST_CASE("Module call keys tell apart calls into other scopes, deployments and candidate sets", "[bicep][modules]") {
  fs::path module = "/repo/shared.bicep";
  std::vector<fs::path> above{"/repo/main.bicep"};
  ParameterValues none;
  auto callInto = [](std::string resource_group, std::string deployment) {
    DeploymentScope scope;
    scope.resource_group = std::move(resource_group);
    return ModuleCallSite{scope, std::move(deployment)};
  };
  ModuleCallSite net = callInto("rg-net", "dns");
  ModuleCallSite net_again = callInto("rg-net", "dns");
  ModuleCallSite app = callInto("rg-app", "dns");
  ModuleCallSite net_other_name = callInto("rg-net", "dns-2");
  // Resources inside a module take their resource group and deployment name from the call.
  CHECK(ModuleResults::keyOf(module, above, none, &net) == ModuleResults::keyOf(module, above, none, &net_again));
  CHECK(ModuleResults::keyOf(module, above, none, &net) != ModuleResults::keyOf(module, above, none, &app));
  CHECK(ModuleResults::keyOf(module, above, none, &net) != ModuleResults::keyOf(module, above, none, &net_other_name));
  CHECK(ModuleResults::keyOf(module, above, none, &net) != ModuleResults::keyOf(module, above, none, nullptr));
  // An unknown that can only be one of some values decides rules: other candidates, other input.
  ParameterValues standard{{"sku", Value::unknownOneOf("sku", {Value::string("Standard_LRS")})}};
  ParameterValues premium{{"sku", Value::unknownOneOf("sku", {Value::string("Premium_LRS")})}};
  CHECK(ModuleResults::keyOf(module, above, standard, &net) != ModuleResults::keyOf(module, above, premium, &net));
}
