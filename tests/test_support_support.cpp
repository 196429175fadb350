#include "tests/test_support.h"

#include <unistd.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "rules/engine/rule_loader.h"

namespace palisade::testing {

const std::filesystem::path& repoRoot() {
  static const std::filesystem::path root = PALISADE_SOURCE_DIR;
  return root;
}

RuleSet builtinRules() {
  std::vector<Diagnostic> errors;
  RuleSet rules = RuleSet::load({}, errors);
  REQUIRE(errors.empty());
  return rules;
}

ScanResult scanRepoPaths(const std::vector<std::string>& relative_paths, const RuleSet& rules, bool strict) {
  ScanRequest request;
  for (const std::string& path : relative_paths) request.paths.push_back((repoRoot() / path).string());
  request.root = repoRoot();
  request.strict = strict;
  return runScan(request, rules);
}

std::vector<Diagnostic> ruleFileErrors(const std::string& text) {
  SourceFile file("rule.yaml", text);
  std::vector<Diagnostic> errors;
  auto rule = loadRule(file, "test", errors);
  CHECK(rule.has_value() == errors.empty());
  return errors;
}

const Finding* findingAt(const std::vector<Finding>& findings, std::string_view rule, uint32_t line) {
  for (const Finding& f : findings) {
    if (f.rule_id == rule && f.location.start_line == line) return &f;
  }
  return nullptr;
}

std::string readAll(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void writeFile(const std::filesystem::path& file, const std::string& text) {
  std::filesystem::create_directories(file.parent_path());
  std::ofstream(file, std::ios::binary) << text;
}

ScratchDir::ScratchDir(const std::string& name)
    : dir(std::filesystem::temp_directory_path() / ("palisade-test-" + std::to_string(getpid()) + "-" + name)) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(dir, ignored);
}

}  // namespace palisade::testing
