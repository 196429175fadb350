// Compares the Bicep evaluator with the Bicep compiler: for the corpus pairs
// of main.bicep and the main.json compiled from it, palisade's resources from
// the Bicep file must match those it reads from the JSON (type, name where
// both are known, location/kind/sku.name where both are known).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "parsers/arm/arm_reader.h"
#include "parsers/bicep/bicep_reader.h"

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

struct PairResult {
  std::size_t bicep = 0;
  std::size_t matched = 0;
  std::size_t json = 0;
  std::size_t named = 0;  // matched with the name known on both sides
  std::vector<std::string> misses;
};

PairResult comparePair(const fs::path& bicep_file, const fs::path& json_file, const ScanRoot& root) {
  AzureReadOptions options;
  FileModel from_bicep = readBicepFiles({bicep_file}, root, options);
  FileModel from_json = readArmTemplate(json_file, root, options);
  std::vector<const Resource*> compiled;
  for (const Resource& r : from_json.resources) {
    if (comparable(r)) compiled.push_back(&r);
  }
  PairResult result;
  result.json = compiled.size();
  std::vector<bool> used(compiled.size(), false);
  for (const Resource& r : from_bicep.resources) {
    if (!comparable(r)) continue;
    ++result.bicep;
    std::optional<std::size_t> best;
    for (std::size_t i = 0; i < compiled.size(); ++i) {
      if (used[i] || lower(compiled[i]->type) != lower(r.type)) continue;
      bool names_known = !r.name.empty() && !compiled[i]->name.empty();
      if (names_known && r.name != compiled[i]->name) continue;
      if (!keyPropertiesAgree(r, *compiled[i])) continue;
      if (names_known || !best) best = i;
      if (names_known) break;
    }
    if (best) {
      used[*best] = true;
      ++result.matched;
      if (!r.name.empty() && !compiled[*best]->name.empty()) ++result.named;
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
  std::size_t pairs = 0, bicep = 0, matched = 0, json = 0, named = 0;
  std::ostringstream report;
  for (const auto& entry : fs::recursive_directory_iterator(corpus)) {
    if (entry.path().filename() != "main.json") continue;
    fs::path bicep_file = entry.path().parent_path() / "main.bicep";
    if (!fs::exists(bicep_file)) continue;
    ++pairs;
    PairResult r = comparePair(fs::canonical(bicep_file), fs::canonical(entry.path()), root);
    bicep += r.bicep;
    matched += r.matched;
    json += r.json;
    named += r.named;
    for (const std::string& miss : r.misses) report << root.displayPath(bicep_file) << ": " << miss << "\n";
  }
  double rate = bicep ? 100.0 * static_cast<double>(matched) / static_cast<double>(bicep) : 0.0;
  WARN("oracle pairs: " << pairs << ", Bicep resources: " << bicep << ", matched: " << matched << " (" << rate
                        << "%), matched by name: " << named << ", compiled resources: " << json << "\nmisses:\n"
                        << report.str());
  CHECK(pairs >= 50);
  CHECK(rate > 95.0);
}
