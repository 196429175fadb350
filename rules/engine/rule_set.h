// RuleSet: the rules of a run — the built-in packs compiled into the binary
// plus any `--rules DIR` packs — sorted by id, with lookup by id or name.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "rules/engine/rule.h"

namespace palisade {

class RuleSet {
 public:
  // Loads the built-in packs and every `*.yaml` under each user directory.
  // Bad rule files and duplicate ids/names are reported in `errors`.
  static RuleSet load(const std::vector<std::filesystem::path>& user_dirs, std::vector<Diagnostic>& errors);

  const std::vector<Rule>& rules() const { return rules_; }
  const Rule* find(std::string_view id_or_name) const;
  // Keeps only the rules for which `keep` is true.
  template <typename Predicate>
  void filter(Predicate keep) {
    std::erase_if(rules_, [&](const Rule& r) { return !keep(r); });
  }
  Rule* findMutable(std::string_view id_or_name);

 private:
  void add(Rule rule, std::vector<Diagnostic>& errors);

  std::vector<SourceFilePtr> files_;  // rule files, kept alive for the spans inside rules
  std::vector<Rule> rules_;
};

// --select/--ignore by id, id prefix, name, pack or tag (core/rule_selector.h): keeps the selected rules (all when `select`
// is empty) minus the ignored ones. An unknown id or name is an error (returned),
// not a silent no-op.
std::string selectRules(RuleSet& rules, const std::vector<std::string>& select, const std::vector<std::string>& ignore);

// The error for the first selector that names no rule; empty when all do.
std::string unknownSelector(const RuleSet& rules, const std::vector<std::string>& selectors);

}  // namespace palisade
