// RuleSet: the rules of a run — the built-in packs compiled into the binary
// plus any `--rules DIR` packs — sorted by id, with lookup by id or name.
// Rules marked `default-enabled: false` (a pack users opt into, such as
// resilience) are loaded but dormant: they run only once a selection names them.
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

  // The rules that run.
  const std::vector<Rule>& rules() const { return rules_; }
  // The default-off rules no selection has named yet.
  const std::vector<Rule>& dormant() const { return dormant_; }
  // By id or name, running or dormant.
  const Rule* find(std::string_view id_or_name) const;
  const Rule* find(GenCode code) const { return find(genId(code)); }
  Rule* findMutable(std::string_view id_or_name);
  // Keeps only the running rules for which `keep` is true (--ignore).
  template <typename Predicate>
  void filter(Predicate keep) {
    std::erase_if(rules_, [&](const Rule& r) { return !keep(r); });
  }
  // A selection: the rules that run become those, running or dormant, for
  // which `chosen` is true; a default-off rule runs only when chosen here.
  template <typename Predicate>
  void select(Predicate chosen) {
    for (Rule& r : dormant_) rules_.push_back(std::move(r));
    dormant_.clear();
    filter(chosen);
    sortById();
  }
  // Every loaded rule runs, default-off or not (the catalogue, the docs).
  void enableAll() {
    select([](const Rule&) { return true; });
  }

 private:
  void add(Rule rule, std::vector<Diagnostic>& errors);
  void sortById();

  std::vector<SourceFilePtr> files_;  // rule files, kept alive for the spans inside rules
  std::vector<Rule> rules_;
  std::vector<Rule> dormant_;  // default-enabled: false, not selected
};

// --select/--ignore by id, id prefix, name, pack or tag: keeps the selected
// rules (the default ones when `select` is empty) minus the ignored ones. A
// selector that names no rule, running or dormant, is an error (returned),
// not a silent no-op.
std::string selectRules(RuleSet& rules, const std::vector<std::string>& select, const std::vector<std::string>& ignore);

// The error for the first selector that names no rule; empty when all do.
std::string unknownSelector(const RuleSet& rules, const std::vector<std::string>& selectors);

}  // namespace palisade
