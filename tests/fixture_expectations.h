// The fixture harness: reads the expectations written beside offending
// lines (`# expect: K8S001`, `// expect: AZR001`, or a JSON file's sidecar
// `FILE.expect` of `RULE LINE` pairs) and scans fixture projects.
//
// An expectation may also pin where on the line the finding starts and a
// fragment of its message, as clang-tidy's CHECK-MESSAGES do:
//   # expect: K8S002:13 "runs privileged", K8S005
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <vector>

namespace palisade::testing {

// (file relative to the repository, line, rule id)
using Expectation = std::tuple<std::string, uint32_t, std::string>;

// What an expectation pins beyond its line: the 1-based column and a
// fragment the message must contain (either may be absent).
struct ExpectationPin {
  std::optional<uint32_t> column;
  std::string message_fragment;
};
using ExpectationPins = std::multimap<Expectation, ExpectationPin>;

// The expectations written in `file`, reported under the name `display`;
// pins, when asked for, receive the column/message pins among them.
std::set<Expectation> expectationsIn(const std::filesystem::path& file, const std::string& display,
                                     ExpectationPins* pins = nullptr);

// Every fixture project under `fixtures/`: each file or folder directly inside
// a pack folder (fixtures/<pack>/<entry>) is one project; fixtures/demo is not.
std::vector<std::filesystem::path> fixtureProjects(const std::filesystem::path& fixtures_root);

}  // namespace palisade::testing
