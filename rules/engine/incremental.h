// IncrementalRules: runRules for a project that is read again after a small
// change (the editor's `palisade lsp`), reusing what the previous run found.
//
// The caller names each resource with an id: resource_ids[i] belongs to
// project.resources()[i], and the same id in a later run promises the same
// resource, unchanged (its body, spans, module chain, provenance). The result
// of one rule on one resource is then reused when it could not have changed:
// an assertion rule reads only its resource, and a C++ check's evaluation is
// reused only when it never asked CheckContext::project() (so it read no other
// resource and no derived whole-project fact). Everything else runs again:
// the evaluations that read the project, component rules (their configuration
// is a derived project fact), resources with a new id, the project checks and
// the passes over the whole result (Pod Security notes, input diagnostics,
// sorting, repeats, the per-file cap). The findings are exactly runRules'.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "core/finding.h"
#include "core/project.h"
#include "rules/engine/engine.h"
#include "rules/engine/rule_set.h"

namespace palisade {

// What one resource's rules found that another run may reuse: in rule order,
// each evaluation either reusable (its findings kept) or to be run again.
struct ResourceRuleResults {
  struct Evaluation {
    const Rule* rule = nullptr;
    bool run_again = false;         // it read more than its resource
    std::vector<Finding> findings;  // when reusable: what it reported (before whole-result passes)
  };
  std::vector<Evaluation> evaluations;  // reusable ones without findings are left out
  std::size_t reusable = 0;             // how many evaluations need not run again, with findings or not
};

// The engine's one pass (runRules is this with `memo` null): with a memo,
// resource i takes previous[i]'s results when it is set, and otherwise has
// its fresh results recorded in recorded[i].
struct RuleMemoPass {
  std::vector<const ResourceRuleResults*> previous;                // per resource, or null
  std::vector<std::shared_ptr<const ResourceRuleResults>> recorded;  // per resource whose previous is null
  std::size_t evaluations_reused = 0;
  std::size_t evaluations_run = 0;  // per-resource evaluations run (rule, resource)
};
std::vector<Finding> runRulesWithMemo(const RuleSet& rules, const Project& project, const EngineOptions& options,
                                      RuleMemoPass* memo);

class IncrementalRules {
 public:
  struct Stats {
    std::size_t resources = 0;
    std::size_t resources_reused = 0;     // resources whose id the previous run had
    std::size_t evaluations_reused = 0;   // (rule, resource) results taken from the previous run
    std::size_t evaluations_run = 0;      // (rule, resource) evaluations run
  };

  IncrementalRules();
  ~IncrementalRules();
  IncrementalRules(IncrementalRules&&) noexcept;
  IncrementalRules& operator=(IncrementalRules&&) noexcept;

  // The findings runRules(rules, project, options) returns. `resource_ids`
  // has one id per resource. A different rule set, or options that change
  // findings (strict, Kubernetes version), start afresh.
  std::vector<Finding> run(const RuleSet& rules, const Project& project, const EngineOptions& options,
                           std::span<const std::uint64_t> resource_ids);
  // Forgets everything: the next run evaluates every rule.
  void clear();
  // What the last run reused.
  const Stats& lastRun() const { return stats_; }

 private:
  struct Key;
  struct Remembered;
  static Key keyOf(const RuleSet& rules, const EngineOptions& options);
  std::unique_ptr<Remembered> remembered_;
  Stats stats_;
};

}  // namespace palisade
