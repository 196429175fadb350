// What the Calico checks need from the whole project, derived once per scan
// (Project::derived) instead of once per check and resource: every policy's
// view, the host endpoints, which policies protect hosts, and every selector
// of those policies parsed.
#pragma once

#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

#include "core/project.h"
#include "rules/engine/check.h"
#include "parsers/calico/calico_model.h"
#include "rules/checks/calico/host_endpoints.h"

namespace palisade::calico {

// A NetworkSet or GlobalNetworkSet and the entries of it that mean "a large
// part of the internet": 0.0.0.0/0, ::/0, or a public range as large as a /8
// (IPv4) or a /16 (IPv6).
struct NetworkSetInfo {
  const Resource* resource = nullptr;
  bool global = false;
  LabelSet labels;
  std::vector<const Value*> broad;
};

class ProjectFacts {
 public:
  // Built on `jobs` threads.
  explicit ProjectFacts(const Project& project, std::size_t jobs = 1);

  // The view of a policy resource of this project; nullptr for other kinds.
  const PolicyView* policyOf(const Resource& resource) const;
  // Every policy, in resource order.
  const std::vector<const PolicyView*>& policies() const { return policies_; }
  const std::vector<HostEndpointInfo>& hostEndpoints() const { return host_endpoints_; }
  // isHostPolicy() of the policy, decided once.
  bool isHostPolicy(const PolicyView& policy) const;
  // The network sets that hold a broad entry.
  const std::vector<NetworkSetInfo>& broadNetworkSets() const { return broad_sets_; }
  // A broad network set entry that an entity rule of `policy` selects (its
  // `selector`, with no nets of its own), or nullptr; `set` names the set.
  const Value* broadSetEntrySelected(const PolicyView& policy, const EntityRuleView& entity,
                                     const NetworkSetInfo** set = nullptr) const;
  // The selector at `value` parsed; values outside the project's policies
  // are parsed on first use and kept.
  const SelectorField& selector(const Value* value) const;

 private:
  // Only the policy resources: a project may hold tens of thousands of others (Azure templates).
  std::vector<PolicyView> views_;                                // in resource order
  std::unordered_map<const Resource*, std::size_t> view_of_;     // resource -> its place in views_
  std::vector<const PolicyView*> policies_;
  std::vector<HostEndpointInfo> host_endpoints_;
  std::vector<NetworkSetInfo> broad_sets_;
  std::vector<char> host_policy_;  // by place in views_; char, not bool: written from several threads
  std::unordered_map<const Value*, SelectorField> selectors_;
  mutable std::mutex others_mutex_;
  mutable std::unordered_map<const Value*, SelectorField> others_;
};

inline const ProjectFacts& factsOf(const Project& project, std::size_t jobs = 1) {
  return project.derived<ProjectFacts>(jobs);
}
inline const ProjectFacts& factsOf(const CheckContext& context) { return factsOf(context.project(), context.jobs()); }

}  // namespace palisade::calico
