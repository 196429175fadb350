// The fixture harness: reads the expectations written beside offending
// lines (`# expect: K8S001`, `// expect: AZR001`, or a JSON file's sidecar
// `FILE.expect` of `RULE LINE` pairs) and scans fixture projects.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace palisade::testing {

// (file relative to the repository, line, rule id)
using Expectation = std::tuple<std::string, uint32_t, std::string>;

std::set<Expectation> expectationsIn(const std::filesystem::path& file, const std::string& display);

// Every fixture project under `fixtures/`: each file or folder directly inside
// a pack folder (fixtures/<pack>/<entry>) is one project; fixtures/demo is not.
std::vector<std::filesystem::path> fixtureProjects(const std::filesystem::path& fixtures_root);

}  // namespace palisade::testing
