// What many tests need: the built-in rule set (loaded once per call, with no
// rule-file errors), a scan of repository paths, and a finding by rule and
// line.
#pragma once

#include <filesystem>
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

}  // namespace palisade::testing
