#include "rules/checks/calico/calico_facts.h"

#include "core/parallel.h"
#include "parsers/calico/cidr.h"
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

// Private, loopback, link-local, shared (CGNAT) and documentation ranges:
// large as they may be, they are not the internet.
bool isPrivateRange(const Cidr& c) {
  static const char* const kPrivate[] = {"10.0.0.0/8",     "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8",
                                         "169.254.0.0/16", "100.64.0.0/10", "fc00::/7",       "fe80::/10",
                                         "::1/128"};
  for (const char* p : kPrivate) {
    const ParsedCidr parsed = parseCidr(p);
    if (parsed.cidr && parsed.cidr->version == c.version && parsed.cidr->contains(c.network())) return true;
  }
  return false;
}

bool isBroadEntry(const Value& v) {
  if (!v.isString()) return false;
  const ParsedCidr parsed = parseCidr(v.asString());
  if (!parsed.cidr) return false;
  const Cidr& c = *parsed.cidr;
  if (c.isEverything()) return true;
  return c.prefix <= (c.version == 4 ? 8 : 16) && !isPrivateRange(c);
}

std::vector<NetworkSetInfo> broadSetsOf(const Project& project) {
  std::vector<NetworkSetInfo> out;
  for (const Resource& r : project.resources()) {
    if (r.format != Format::Calico || (r.kind != "NetworkSet" && r.kind != "GlobalNetworkSet")) continue;
    const Value* spec = r.body.find("spec");
    const Value* nets = spec ? spec->find("nets") : nullptr;
    if (!nets || !nets->isArray()) continue;
    NetworkSetInfo info;
    info.resource = &r;
    info.global = r.kind == "GlobalNetworkSet";
    for (const Value& n : nets->items())
      if (isBroadEntry(n)) info.broad.push_back(&n);
    if (info.broad.empty()) continue;
    const Value* metadata = r.body.find("metadata");
    info.labels = readLabels(metadata ? metadata->find("labels") : nullptr);
    out.push_back(std::move(info));
  }
  return out;
}

}  // namespace

const Value* ProjectFacts::broadSetEntrySelected(const PolicyView& policy, const EntityRuleView& entity,
                                                 const NetworkSetInfo** set) const {
  if (broad_sets_.empty() || !entity.selector || !entity.selector->isString()) return nullptr;
  if (entity.nets && !(entity.nets->isArray() && entity.nets->items().empty())) return nullptr;
  const SelectorField& field = selector(entity.selector);
  if (!field.node()) return nullptr;
  // Which sets the entity rule can reach: a namespaced policy's own namespace
  // (or global sets with `namespaceSelector: global()`); a global policy's
  // selector reaches sets everywhere.
  std::string_view ns_selector;
  if (entity.namespace_selector && entity.namespace_selector->isString())
    ns_selector = entity.namespace_selector->asString();
  else if (entity.namespace_selector && !entity.namespace_selector->isNull())
    return nullptr;
  const bool global_only = ns_selector == "global()";
  if (!ns_selector.empty() && !global_only) return nullptr;  // namespaces picked by labels: not followed
  for (const NetworkSetInfo& info : broad_sets_) {
    if (global_only && !info.global) continue;
    if (!global_only && !policy.global) {
      if (info.global || info.resource->namespace_name != policy.resource->namespace_name) continue;
    }
    if (!info.labels.unknown.empty()) continue;
    if (!matches(*field.node(), info.labels.known)) continue;
    if (set) *set = &info;
    return info.broad.front();
  }
  return nullptr;
}

ProjectFacts::ProjectFacts(const Project& project, std::size_t jobs) {
  const std::vector<Resource>& resources = project.resources();
  for (const Resource& resource : resources) {
    if (std::optional<PolicyView> view = readPolicy(resource)) {
      view_of_.emplace(&resource, views_.size());
      views_.push_back(std::move(*view));
    }
  }
  host_policy_.resize(views_.size());
  host_endpoints_ = hostEndpointsOf(project);
  broad_sets_ = broadSetsOf(project);
  // Every check waits for these facts: build them on all the scan's threads,
  // each policy's selectors into its own list, gathered afterwards.
  std::vector<std::vector<std::pair<const Value*, SelectorField>>> parsed(views_.size());
  parallelFor(views_.size(), jobs, [&](std::size_t i) {
    const PolicyView& policy = views_[i];
    forEachSelectorValue(policy, [&](const Value* v) {
      if (v) parsed[i].emplace_back(v, readSelector(v));
    });
    const SelectorField* own = nullptr;
    for (const auto& [value, field] : parsed[i])
      if (value == policy.selector) own = &field;
    host_policy_[i] = calico::isHostPolicy(policy, own ? *own : SelectorField{}, host_endpoints_);
  });
  for (std::size_t i = 0; i < views_.size(); ++i) {
    policies_.push_back(&views_[i]);
    for (auto& [value, field] : parsed[i]) selectors_.try_emplace(value, std::move(field));
  }
}

const PolicyView* ProjectFacts::policyOf(const Resource& resource) const {
  auto it = view_of_.find(&resource);
  return it == view_of_.end() ? nullptr : &views_[it->second];
}

bool ProjectFacts::isHostPolicy(const PolicyView& policy) const {
  auto it = view_of_.find(policy.resource);
  return it != view_of_.end() && host_policy_[it->second];
}

const SelectorField& ProjectFacts::selector(const Value* value) const {
  if (auto it = selectors_.find(value); it != selectors_.end()) return it->second;
  std::lock_guard lock(others_mutex_);
  auto [it, inserted] = others_.try_emplace(value);
  if (inserted) it->second = readSelector(value);
  return it->second;
}

}  // namespace palisade::calico
