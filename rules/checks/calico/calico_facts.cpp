#include "rules/checks/calico/calico_facts.h"

#include "core/parallel.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

namespace {

template <typename Visit>
void forEachSelectorValue(const PolicyView& policy, Visit&& visit) {
  visit(policy.selector);
  visit(policy.namespace_selector);
  visit(policy.service_account_selector);
  auto entity = [&](const EntityRuleView& e) {
    visit(e.selector);
    visit(e.not_selector);
    visit(e.namespace_selector);
    if (e.service_accounts && e.service_accounts->isObject()) visit(e.service_accounts->find("selector"));
  };
  for (const auto* rules : {&policy.ingress, &policy.egress}) {
    for (const RuleView& r : *rules) {
      entity(r.source);
      entity(r.destination);
    }
  }
}

}  // namespace

ProjectFacts::ProjectFacts(const Project& project, std::size_t jobs) {
  const std::vector<Resource>& resources = project.resources();
  first_ = resources.data();
  by_resource_.resize(resources.size());
  host_policy_.resize(resources.size());
  host_endpoints_ = hostEndpointsOf(project);
  // Every check waits for these facts: build them on all the scan's threads,
  // each resource's selectors into its own list, gathered afterwards.
  std::vector<std::vector<std::pair<const Value*, SelectorField>>> parsed(resources.size());
  parallelFor(resources.size(), jobs, [&](std::size_t i) {
    by_resource_[i] = readPolicy(resources[i]);
    if (!by_resource_[i]) return;
    const PolicyView& policy = *by_resource_[i];
    forEachSelectorValue(policy, [&](const Value* v) {
      if (v) parsed[i].emplace_back(v, readSelector(v));
    });
    const SelectorField* own = nullptr;
    for (const auto& [value, field] : parsed[i])
      if (value == policy.selector) own = &field;
    host_policy_[i] = calico::isHostPolicy(policy, own ? *own : SelectorField{}, host_endpoints_);
  });
  for (std::size_t i = 0; i < resources.size(); ++i) {
    if (by_resource_[i]) policies_.push_back(&*by_resource_[i]);
    for (auto& [value, field] : parsed[i]) selectors_.try_emplace(value, std::move(field));
  }
}

const PolicyView* ProjectFacts::policyOf(const Resource& resource) const {
  const std::size_t i = static_cast<std::size_t>(&resource - first_);
  if (&resource < first_ || i >= by_resource_.size() || !by_resource_[i]) return nullptr;
  return &*by_resource_[i];
}

bool ProjectFacts::isHostPolicy(const PolicyView& policy) const {
  const std::size_t i = static_cast<std::size_t>(policy.resource - first_);
  return i < host_policy_.size() && host_policy_[i];
}

const SelectorField& ProjectFacts::selector(const Value* value) const {
  if (auto it = selectors_.find(value); it != selectors_.end()) return it->second;
  std::lock_guard lock(others_mutex_);
  auto [it, inserted] = others_.try_emplace(value);
  if (inserted) it->second = readSelector(value);
  return it->second;
}

}  // namespace palisade::calico
