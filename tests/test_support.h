// What many tests need: the built-in rule set (loaded once per call, with no
// rule-file errors), a scan of repository paths, a finding by rule and line,
// and scratch files.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"

namespace palisade::testing {

// The source tree the tests run in (PALISADE_SOURCE_DIR).
const std::filesystem::path& repoRoot();

// Every built-in rule pack; fails the calling test when a rule file is invalid.
RuleSet builtinRules();

// Scans paths relative to the repository root, with the repository as the scan root.
ScanResult scanRepoPaths(const std::vector<std::string>& relative_paths, const RuleSet& rules, bool strict = false);

// The errors of loading `text` as a rule file; empty when it loads.
std::vector<Diagnostic> ruleFileErrors(const std::string& text);

// The first finding of `rule` starting on `line`, or null.
const Finding* findingAt(const std::vector<Finding>& findings, std::string_view rule, uint32_t line);

// The bytes of a file ("" when it cannot be read).
std::string readAll(const std::filesystem::path& file);

// Writes `text` to `file`, creating its folders.
void writeFile(const std::filesystem::path& file, const std::string& text);

// A scratch folder, unique to this process and `name`, removed at the end of a test.
struct ScratchDir {
  std::filesystem::path dir;
  explicit ScratchDir(const std::string& name);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  void write(const std::filesystem::path& relative, const std::string& text) const { writeFile(dir / relative, text); }
};

}  // namespace palisade::testing
