#include "rules/engine/incremental.h"

#include <string_view>
#include <unordered_map>

namespace palisade {

// What the remembered results were computed with: the rules (by address, as
// the results point at them, and by id) and the options that change findings.
struct IncrementalRules::Key {
  const RuleSet* rule_set = nullptr;
  const Rule* first_rule = nullptr;
  std::size_t rule_count = 0;
  std::size_t rule_ids_hash = 0;
  bool strict = false;
  int kubernetes_major = 0;
  int kubernetes_minor = 0;

  bool operator==(const Key&) const = default;
};

IncrementalRules::Key IncrementalRules::keyOf(const RuleSet& rules, const EngineOptions& options) {
  Key key;
  key.rule_set = &rules;
  key.first_rule = rules.rules().empty() ? nullptr : &rules.rules().front();
  key.rule_count = rules.rules().size();
  std::size_t hash = 0;
  for (const Rule& rule : rules.rules()) {
    hash = hash * 1099511628211u ^ std::hash<std::string_view>{}(rule.info.id);
  }
  key.rule_ids_hash = hash;
  key.strict = options.strict;
  key.kubernetes_major = options.kubernetes_version.major;
  key.kubernetes_minor = options.kubernetes_version.minor;
  return key;
}

struct IncrementalRules::Remembered {
  struct Entry {
    std::shared_ptr<const ResourceRuleResults> results;
    std::uint64_t used_in_run = 0;  // the last run whose project had this id
  };
  Key key;
  std::uint64_t runs = 0;
  std::unordered_map<std::uint64_t, Entry> by_id;
  // The last run's ids in project order, and each one's entry (null: none kept).
  std::vector<std::uint64_t> last_ids;
  std::vector<Entry*> last_entries;
};

IncrementalRules::IncrementalRules() = default;
IncrementalRules::~IncrementalRules() = default;
IncrementalRules::IncrementalRules(IncrementalRules&&) noexcept = default;
IncrementalRules& IncrementalRules::operator=(IncrementalRules&&) noexcept = default;

void IncrementalRules::clear() {
  remembered_.reset();
  stats_ = {};
}

std::vector<Finding> IncrementalRules::run(const RuleSet& rules, const Project& project, const EngineOptions& options,
                                           std::span<const std::uint64_t> resource_ids) {
  const auto& resources = project.resources();
  Key key = keyOf(rules, options);
  // Without an id for every resource nothing can be matched: run afresh and remember nothing.
  if (resource_ids.size() != resources.size()) {
    clear();
    stats_.resources = resources.size();
    return runRules(rules, project, options);
  }
  if (!remembered_ || !(remembered_->key == key)) {
    remembered_ = std::make_unique<Remembered>();
    remembered_->key = key;
  }
  // The memo is updated in place (an editor's run changes a few ids of thousands):
  // ids this run has are marked with it, new ones added, the others dropped.
  Remembered& memo = *remembered_;
  const std::uint64_t this_run = ++memo.runs;
  std::size_t marked = 0;
  RuleMemoPass pass;
  pass.previous.assign(resources.size(), nullptr);
  stats_ = {};
  stats_.resources = resources.size();
  std::vector<Remembered::Entry*> entry_of(resources.size(), nullptr);
  for (std::size_t i = 0; i < resources.size(); ++i) {
    // Most resources sit where they sat last run: found by place, without hashing their id.
    Remembered::Entry* entry = nullptr;
    if (i < memo.last_ids.size() && memo.last_ids[i] == resource_ids[i]) {
      entry = memo.last_entries[i];
    } else if (auto found = memo.by_id.find(resource_ids[i]); found != memo.by_id.end()) {
      entry = &found->second;
    }
    if (!entry) continue;
    entry_of[i] = entry;
    auto* it = entry;
    if (it->used_in_run != this_run) {
      it->used_in_run = this_run;
      ++marked;
    }
    pass.previous[i] = it->results.get();
    ++stats_.resources_reused;
  }
  std::vector<Finding> findings = runRulesWithMemo(rules, project, options, &pass);
  stats_.evaluations_reused = pass.evaluations_reused;
  stats_.evaluations_run = pass.evaluations_run;

  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (!pass.recorded[i]) continue;
    auto [it, added] = memo.by_id.try_emplace(resource_ids[i]);
    entry_of[i] = &it->second;
    if (!added) continue;  // the same new id twice: one resource, by the ids' promise
    it->second = {std::move(pass.recorded[i]), this_run};
    ++marked;
  }
  if (memo.by_id.size() > marked) {
    std::erase_if(memo.by_id, [this_run](const auto& entry) { return entry.second.used_in_run != this_run; });
  }
  // Where each resource's entry is, for the next run (an unordered_map's nodes stay put; every entry
  // of this run was marked with it, so none of them was erased).
  memo.last_ids.assign(resource_ids.begin(), resource_ids.end());
  memo.last_entries = std::move(entry_of);
  return findings;
}

}  // namespace palisade
