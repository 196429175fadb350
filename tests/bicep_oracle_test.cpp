// Compares the Bicep evaluator with the Bicep compiler: for the corpus pairs
// of main.bicep and the main.json compiled from it, palisade's resources from
// the Bicep file must match those it reads from the JSON (type, name where
// both are known, location/kind/sku.name where both are known). Where the
// module has an end-to-end test (tests/e2e/*/main.test.bicep), main.bicep is
// evaluated as that test calls it, and the JSON with the parameter values the
// test passes and the scope it deploys to, so that names are known.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "parsers/arm/arm_reader.h"
#include "parsers/arm/azure_files.h"
#include "parsers/json/located_json.h"
#include "parsers/bicep/bicep_reader.h"
#include "parsers/bicep/bicep_syntax.h"
#include "rules/engine/engine.h"
#include "test_support.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool comparable(const Resource& r) {
  return !r.existing && lower(r.type) != "microsoft.resources/deployments";
}

// Known key properties must agree.
bool keyPropertiesAgree(const Resource& a, const Resource& b) {
  for (const char* path : {"location", "kind"}) {
    const Value* x = a.body.find(path);
    const Value* y = b.body.find(path);
    if (x && y && x->isString() && y->isString() && x->asString() != y->asString()) return false;
  }
  const Value* xs = a.body.find("sku");
  const Value* ys = b.body.find("sku");
  if (xs && ys) {
    const Value* x = xs->find("name");
    const Value* y = ys->find("name");
    if (x && y && x->isString() && y->isString() && x->asString() != y->asString()) return false;
  }
  return true;
}

// How many of the key properties are known (strings) on both sides.
std::size_t keyPropertiesCompared(const Resource& a, const Resource& b) {
  std::size_t count = 0;
  for (const char* path : {"location", "kind"}) {
    const Value* x = a.body.find(path);
    const Value* y = b.body.find(path);
    if (x && y && x->isString() && y->isString()) ++count;
  }
  const Value* xs = a.body.find("sku");
  const Value* ys = b.body.find("sku");
  const Value* x = xs ? xs->find("name") : nullptr;
  const Value* y = ys ? ys->find("name") : nullptr;
  if (x && y && x->isString() && y->isString()) ++count;
  return count;
}

struct PairResult {
  std::size_t bicep = 0;
  std::size_t matched = 0;
  std::size_t json = 0;
  std::size_t named = 0;  // matched with the name known on both sides (and so the same)
  std::size_t named_one_side = 0;  // matched with the name known on one side only
  std::size_t properties_compared = 0;  // location/kind/sku.name known on both sides of a match
  std::vector<std::string> misses;
  std::vector<std::string> one_side;
  // Findings (rule + resource type) of the Bicep side and of the compiled side.
  std::size_t findings_both = 0;
  std::vector<std::string> findings_one_side;
};


// One side of a comparison: resources, and what keeps their spans alive.
struct Side {
  std::vector<Resource> resources;
  std::vector<SourceFilePtr> files;
  std::vector<Diagnostic> diagnostics;  // GEN006 notes of unresolved modules, which some checks read
  ParameterValues given;  // Bicep side: the values the e2e test passes
  std::optional<DeploymentScope> scope;
};

// What the rules find in a side's resources, as `RULE type` (per-resource findings only:
// template-level ones read the Bicep file's own deployment, which the compiled side is not given).
std::multiset<std::string> findingsOf(const Side& side, const RuleSet& rules) {
  Project project;
  for (const Resource& r : side.resources) project.addResource(r);
  for (const Diagnostic& d : side.diagnostics) project.addDiagnostic(d);
  project.finalize();
  std::multiset<std::string> out;
  for (const Finding& f : runRules(rules, project, EngineOptions{})) {
    if (f.rule_id.starts_with("GEN") || f.resource.empty() || lower(f.resource).starts_with("microsoft.resources/deployments")) continue;
    // By type: names are often known on one side only (a parameter the e2e test passes, a uniqueString()).
    std::string resource = lower(f.resource);
    out.insert(f.rule_id + " " + resource.substr(0, resource.find(' ')));
  }
  return out;
}

// The e2e test a pair is evaluated through: `max` (most features), else `defaults`, else the first.
std::optional<fs::path> endToEndTest(const fs::path& module_dir) {
  fs::path e2e = module_dir / "tests" / "e2e";
  if (!fs::is_directory(e2e)) return std::nullopt;
  std::vector<fs::path> tests;
  for (const auto& entry : fs::directory_iterator(e2e)) {
    if (fs::exists(entry.path() / "main.test.bicep")) tests.push_back(entry.path() / "main.test.bicep");
  }
  std::sort(tests.begin(), tests.end());
  for (const char* preferred : {"max", "defaults"}) {
    for (const fs::path& t : tests) {
      if (t.parent_path().filename() == preferred) return fs::canonical(t);
    }
  }
  if (tests.empty()) return std::nullopt;
  return fs::canonical(tests.front());
}

// The symbolic name of the test's module call of `main_bicep`.
std::optional<std::string> testCall(const fs::path& test_file, const fs::path& main_bicep) {
  SourceFile source(test_file.string(), palisade::testing::readAll(test_file));
  BicepSyntax syntax = parseBicep(source, false, 5.0, 256);
  for (const BicepDeclaration& d : syntax.declarations) {
    if (d.kind != BicepDeclaration::Kind::Module || d.type_text.empty()) continue;
    if (fs::weakly_canonical(test_file.parent_path() / d.type_text) == main_bicep) return d.name;
  }
  return std::nullopt;
}

// main.bicep as its e2e test calls it: the resources of the test's first call (a
// test calls it twice, `init` and `idem`), the values it passes and its scope.
std::optional<Side> bicepThroughTest(const fs::path& test_file, const fs::path& main_bicep, const ScanRoot& root) {
  auto call = testCall(test_file, main_bicep);
  if (!call) return std::nullopt;
  FileModel model = readBicepFiles({test_file}, root, {});
  Side side;
  side.files = model.files;
  side.diagnostics = model.diagnostics;
  bool collecting = false;
  for (Resource& r : model.resources) {
    bool in_call = !r.module_chain.empty() && r.module_chain.front().name == *call;
    if (!in_call) continue;
    collecting = true;
    // The deployment of the called file itself (not one it declares): named by the call.
    bool its_deployment = r.module_chain.size() == 1 && r.type == "Microsoft.Resources/deployments" &&
                          r.symbolic_name == *call;
    if (!its_deployment) {
      side.resources.push_back(std::move(r));
      continue;
    }
    // The deployment holds the values the call passes, as ARM's does.
    const Value* values = r.body.find("properties") ? r.body.find("properties")->find("parameters") : nullptr;
    for (const Member& given : values ? values->members() : Value::Object{}) {
      if (const Value* value = given.value.find("value")) side.given.insert_or_assign(given.key, *value);
    }
    side.scope = r.deployment_scope;
    break;
  }
  if (!collecting) return std::nullopt;
  return side;
}

Side bicepAlone(const fs::path& bicep_file, const ScanRoot& root) {
  FileModel model = readBicepFiles({bicep_file}, root, {});
  return Side{std::move(model.resources), std::move(model.files), std::move(model.diagnostics), {}, std::nullopt};
}

Side compiled(const fs::path& json_file, const ScanRoot& root, const Side& bicep) {
  FileModel model;
  ReadLimits limits;
  SourceFilePtr file = loadSourceFile(json_file, root, limits, model);
  Side side;
  side.files = model.files;
  if (!file) return side;
  LocatedJsonResult parsed = parseLocatedJson(*file, limits.max_depth);
  if (!parsed.ok) return side;
  ArmTemplateInput input;
  input.template_root = &parsed.value;
  input.file = file.get();
  input.parameters = bicep.given;
  input.limits = limits;
  input.scope = bicep.scope;
  FileModel out;
  evaluateArmTemplate(input, out);
  side.resources = std::move(out.resources);
  side.diagnostics = std::move(out.diagnostics);
  return side;
}

PairResult comparePair(const fs::path& bicep_file, const fs::path& json_file, const ScanRoot& root, bool& through_test,
                       const RuleSet& rules) {
  std::optional<Side> from_bicep;
  through_test = false;
  if (std::optional<fs::path> test = endToEndTest(bicep_file.parent_path())) {
    from_bicep = bicepThroughTest(*test, bicep_file, root);
    through_test = from_bicep.has_value();
  }
  if (!from_bicep) from_bicep = bicepAlone(bicep_file, root);
  Side from_json = compiled(json_file, root, *from_bicep);
  std::vector<const Resource*> compiled_resources;
  for (const Resource& r : from_json.resources) {
    if (comparable(r)) compiled_resources.push_back(&r);
  }
  PairResult result;
  result.json = compiled_resources.size();
  std::multiset<std::string> bicep_findings = findingsOf(*from_bicep, rules);
  std::multiset<std::string> json_findings = findingsOf(from_json, rules);
  for (const std::string& f : bicep_findings) {
    auto it = json_findings.find(f);
    if (it == json_findings.end()) {
      result.findings_one_side.push_back("Bicep only: " + f);
      continue;
    }
    json_findings.erase(it);
    ++result.findings_both;
  }
  for (const std::string& f : json_findings) result.findings_one_side.push_back("compiled only: " + f);
  std::vector<bool> used(compiled_resources.size(), false);
  for (const Resource& r : from_bicep->resources) {
    if (!comparable(r)) continue;
    ++result.bicep;
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < compiled_resources.size(); ++i) {
      if (used[i] || lower(compiled_resources[i]->type) != lower(r.type)) continue;
      bool names_known = !r.name.empty() && !compiled_resources[i]->name.empty();
      if (names_known && r.name != compiled_resources[i]->name) continue;
      if (!keyPropertiesAgree(r, *compiled_resources[i])) continue;
      if (names_known || !best) best = i;
      if (names_known) break;
    }
    if (best) {
      used[*best] = true;
      ++result.matched;
      bool bicep_named = !r.name.empty();
      bool json_named = !compiled_resources[*best]->name.empty();
      if (bicep_named && json_named) {
        ++result.named;
      } else if (bicep_named || json_named) {
        ++result.named_one_side;
        result.one_side.push_back(r.type + " " + (bicep_named ? r.name : "<" + r.symbolic_name + ">") + " (compiled: " +
                                  (json_named ? compiled_resources[*best]->name : "unknown") + ")");
      }
      result.properties_compared += keyPropertiesCompared(r, *compiled_resources[*best]);
    } else {
      result.misses.push_back(r.type + " " + (r.name.empty() ? "<" + r.symbolic_name + ">" : r.name));
    }
  }
  return result;
}

}  // namespace

TEST_CASE("Bicep evaluation agrees with the compiled main.json of the corpus pairs", "[bicep][corpus]") {
  fs::path corpus = fs::path(PALISADE_SOURCE_DIR) / ".." / "shared" / "corpus" / "bicep";
  if (!fs::exists(corpus)) {
    WARN("corpus not found at " << corpus.string() << ": skipped");
    return;
  }
  corpus = fs::canonical(corpus);
  ScanRoot root{corpus};
  RuleSet rules = palisade::testing::builtinRules();
  std::size_t findings_both = 0, findings_one_side = 0;
  std::ostringstream finding_differences;
  std::size_t pairs = 0, through_tests = 0, bicep = 0, matched = 0, json = 0, named = 0, named_one_side = 0, properties = 0;
  std::ostringstream one_side;
  std::ostringstream report;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.path().filename() != "main.json") continue;
    fs::path bicep_file = entry.path().parent_path() / "main.bicep";
    if (!fs::exists(bicep_file)) continue;
    ++pairs;
    bool through_test = false;
    PairResult r = comparePair(fs::canonical(bicep_file), fs::canonical(entry.path()), root, through_test, rules);
    findings_both += r.findings_both;
    findings_one_side += r.findings_one_side.size();
    for (const std::string& d : r.findings_one_side) finding_differences << root.displayPath(bicep_file) << ": " << d << "\n";
    through_tests += through_test ? 1 : 0;
    properties += r.properties_compared;
    named_one_side += r.named_one_side;
    for (const std::string& name : r.one_side) one_side << root.displayPath(bicep_file) << ": " << name << "\n";
    bicep += r.bicep;
    matched += r.matched;
    json += r.json;
    named += r.named;
    for (const std::string& miss : r.misses) report << root.displayPath(bicep_file) << ": " << miss << "\n";
  }
  double rate = bicep ? 100.0 * static_cast<double>(matched) / static_cast<double>(bicep) : 0.0;
  // Names: of the matched resources whose name either side knows, how many both know (and so agree).
  // The rest are unknown on both sides: guid() and uniqueString() names, values known only at deployment.
  std::size_t name_known = named + named_one_side;
  double named_rate = name_known ? 100.0 * static_cast<double>(named) / static_cast<double>(name_known) : 0.0;
  WARN("oracle pairs: " << pairs << " (" << through_tests << " evaluated through their e2e test), Bicep resources: " << bicep
                        << ", matched on type, name and key properties: " << matched << " (" << rate << "%); names: "
                        << named << " known on both sides and equal, " << named_one_side << " known on one side only ("
                        << named_rate << "% agreement), " << matched - name_known
                        << " unknown on both; key properties (location/kind/sku.name) compared on matches: " << properties
                        << "; compiled resources: " << json << "\nmisses:\n"
                        << report.str() << "names known on one side only:\n"
                        << one_side.str());
  // Findings: of every (rule, resource) reported on either side, how many both sides report.
  std::size_t findings_any = findings_both + findings_one_side;
  double findings_rate = findings_any ? 100.0 * static_cast<double>(findings_both) / static_cast<double>(findings_any) : 100.0;
  WARN("findings (rule + resource type): " << findings_both << " on both sides, " << findings_one_side << " on one side only ("
                                      << findings_rate << "% agreement)\n"
                                      << finding_differences.str());
  CHECK(findings_both >= 35);  // 42 when written
  CHECK(findings_rate > 95.0);  // 97.7% when written: one AZR003 seen in the compiled data-factory template only
  CHECK(pairs >= 50);
  CHECK(through_tests >= 40);
  CHECK(rate > 95.0);
  CHECK(named >= 200);
  CHECK(named_rate > 95.0);
}
