// Bicep entry files are evaluated on several threads: the model, diagnostics,
// files and findings must not depend on the number of jobs.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "parsers/bicep/bicep_reader.h"
#include "rules/engine/rule_set.h"
#include "scan/model_dump.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

std::string spanText(const Span& s) {
  return s.file ? fmt::format("{}:{}:{}-{}", s.file->path(), s.start.line, s.start.column, s.end) : "-";
}

// Everything a later stage can see of a FileModel, in order.
std::string describe(const FileModel& m) {
  std::string out;
  for (const Resource& r : m.resources) {
    out += fmt::format("R {} {} {} {} cond={} loop={} at {}\n", r.type, r.name, r.symbolic_name, r.api_version,
                       static_cast<int>(r.condition), r.loop_index ? *r.loop_index : -1, spanText(r.declaration));
    for (const ModuleCall& c : r.module_chain) out += fmt::format("  via {} {} {}\n", c.name, c.path, spanText(c.span));
    out += "  " + r.body.toDisplayString() + "\n";
  }
  for (const Diagnostic& d : m.diagnostics) out += fmt::format("D {} {} {} {}\n", d.ruleId(), d.path, spanText(d.span), d.message);
  for (const SourceFilePtr& f : m.files) out += fmt::format("F {}\n", f->path());
  return out;
}

std::string describe(const ScanResult& result) {
  std::string out = dumpModelJson(result.project);
  for (const Diagnostic& d : result.project.diagnostics()) out += fmt::format("D {} {} {} {}\n", d.ruleId(), d.path, spanText(d.span), d.message);
  for (const Finding& f : result.findings) {
    out += fmt::format("X {} {}:{}:{} {} {}\n", f.rule_id, f.location.uri, f.location.start_line, f.location.start_column,
                       f.fingerprint, f.message);
  }
  out += fmt::format("files={} bytes={}\n", result.files_scanned, result.bytes_scanned);
  return out;
}

// Six entry files calling one shared module (which loads a data file and holds
// syntax the grammar does not know), plus a chain of two modules.
fs::path makeTree() {
  // Per process: two test runs at once (another build, a sanitizer run) must not share it.
  fs::path dir = fs::temp_directory_path() / fmt::format("palisade-bicep-parallel-{}", getpid());
  fs::remove_all(dir);
  palisade::testing::writeFile(dir / "modules" / "shared.bicep", R"(param label string
param count int = 2
var note = loadTextContent('note.txt')
resource account 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, count): {
  name: '${label}${i}'
  properties: {
    note: note
    kind: label is string
  }
}]
output first string = account[0].name
)");
  palisade::testing::writeFile(dir / "modules" / "note.txt", "shared note");
  palisade::testing::writeFile(dir / "modules" / "outer.bicep", R"(param label string
module inner 'shared.bicep' = {
  name: 'inner-${label}'
  params: { label: 'in${label}', count: 1 }
}
resource vault 'Microsoft.KeyVault/vaults@2023-02-01' = {
  name: inner.outputs.first
}
)");
  for (int e = 0; e < 6; ++e) {
    std::string module = e % 2 == 0 ? "modules/shared.bicep" : "modules/outer.bicep";
    palisade::testing::writeFile(dir / fmt::format("entry{}.bicep", e), fmt::format(R"(module m '{}' = {{
  name: 'm{}'
  params: {{ label: 'e{}' }}
}}
resource own 'Microsoft.Network/virtualNetworks@2023-04-01' = {{
  name: 'vnet{}-${{m.name}}'
}}
)", module, e, e, e));
  }
  return fs::canonical(dir);
}

}  // namespace

TEST_CASE("Bicep evaluation gives the same model with one job or several", "[bicep][parallel]") {
  fs::path dir = makeTree();
  // Only the entry files are listed: the modules are parsed on demand, by whichever task comes first.
  std::vector<fs::path> entries;
  for (int e = 0; e < 6; ++e) entries.push_back(dir / fmt::format("entry{}.bicep", e));
  AzureReadOptions serial;
  serial.jobs = 1;
  FileModel one = readBicepFiles(entries, ScanRoot{dir}, serial);
  std::string expected = describe(one);

  // Three module calls of shared.bicep reach it directly, three through outer.bicep.
  std::size_t accounts = std::count_if(one.resources.begin(), one.resources.end(),
                                       [](const Resource& r) { return r.symbolic_name == "account"; });
  CHECK(accounts == 3 * 2 + 3 * 1);
  // The module's note and its file are recorded once, however many tasks parse or load it.
  CHECK(std::count_if(one.diagnostics.begin(), one.diagnostics.end(), [](const Diagnostic& d) { return d.code == palisade::GenCode::UnsupportedSyntax; }) == 1);
  CHECK(std::count_if(one.files.begin(), one.files.end(), [](const SourceFilePtr& f) { return f->path() == "modules/shared.bicep"; }) == 1);
  CHECK(std::count_if(one.files.begin(), one.files.end(), [](const SourceFilePtr& f) { return f->path() == "modules/note.txt"; }) == 1);

  for (int round = 0; round < 5; ++round) {
    AzureReadOptions parallel;
    parallel.jobs = 4;
    CHECK(describe(readBicepFiles(entries, ScanRoot{dir}, parallel)) == expected);
  }
  fs::remove_all(dir);
}

TEST_CASE("Scanning the fixtures gives the same model and findings with one job or several", "[bicep][parallel]") {
  RuleSet rules = palisade::testing::builtinRules();
  ScanRequest request;
  request.paths = {(fs::path(PALISADE_SOURCE_DIR) / "fixtures").string()};
  request.jobs = 1;
  ScanResult one = runScan(request, rules);
  REQUIRE(one.project.resources().size() > 100);
  std::string expected = describe(one);
  request.jobs = 3;
  CHECK(describe(runScan(request, rules)) == expected);
}
