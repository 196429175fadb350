// The rule-file reader: one YAML rule file → a Rule, or located errors
// (GEN007) saying exactly what is wrong with the file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "rules/engine/rule.h"

namespace palisade {

// `file` must outlive the returned Rule (its Values point into it).
std::optional<Rule> loadRule(const SourceFile& file, const std::string& pack, std::vector<Diagnostic>& errors);
// The same from an already-read rule document (the built-in packs are
// embedded as JSON, read without the YAML reader; see tools/rulepack_compiler.cpp).
std::optional<Rule> loadRuleFromValue(const Value& root, const SourceFile& file, const std::string& pack,
                                      std::vector<Diagnostic>& errors);

}  // namespace palisade
