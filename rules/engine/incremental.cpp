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
  Key key;
  std::unordered_map<std::uint64_t, std::shared_ptr<const ResourceRuleResults>> by_id;
};

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
  if (remembered_ && !(remembered_->key == key)) remembered_.reset();

  RuleMemoPass pass;
  pass.previous.assign(resources.size(), nullptr);
  std::vector<std::shared_ptr<const ResourceRuleResults>> kept(resources.size());
  stats_ = {};
  stats_.resources = resources.size();
  if (remembered_) {
    for (std::size_t i = 0; i < resources.size(); ++i) {
      auto it = remembered_->by_id.find(resource_ids[i]);
      if (it == remembered_->by_id.end()) continue;
      kept[i] = it->second;
      pass.previous[i] = kept[i].get();
      ++stats_.resources_reused;
    }
  }
  std::vector<Finding> findings = runRulesWithMemo(rules, project, options, &pass);
  stats_.evaluations_reused = pass.evaluations_reused;
  stats_.evaluations_run = pass.evaluations_run;

  // Remember this run's results by id: the previous ones still in use, the fresh ones recorded.
  auto next = std::make_shared<Remembered>();
  next->key = key;
  next->by_id.reserve(resources.size());
  for (std::size_t i = 0; i < resources.size(); ++i) {
    std::shared_ptr<const ResourceRuleResults> results = kept[i] ? std::move(kept[i]) : std::move(pass.recorded[i]);
    if (results) next->by_id.try_emplace(resource_ids[i], std::move(results));
  }
  remembered_ = std::move(next);
  return findings;
}

}  // namespace palisade
