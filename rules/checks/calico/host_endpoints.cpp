#include "rules/checks/calico/host_endpoints.h"

#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

const FailsafePort* failsafeInbound(int protocol, uint32_t port) {
  for (const FailsafePort& f : kDefaultFailsafeInbound)
    if (f.protocol == protocol && f.port == port) return &f;
  return nullptr;
}

std::vector<HostEndpointInfo> hostEndpointsOf(const Project& project) {
  std::vector<HostEndpointInfo> out;
  for (const Resource* r : project.ofKind("HostEndpoint")) {
    if (r->format != Format::Calico) continue;
    out.push_back({r, readLabels(metadataField(*r, "labels"))});
  }
  return out;
}

Tri selectsHostEndpoint(const PolicyView& policy, const SelectorField& selector, const HostEndpointInfo& host_endpoint) {
  if (!policy.global) return Tri::False;  // namespaced policies apply to workloads only
  if (absent(policy.selector)) return Tri::True;
  if (!selector.node()) return Tri::Unknown;
  return matches(*selector.node(), host_endpoint.labels.known, host_endpoint.labels.unknown);
}

bool isHostPolicy(const PolicyView& policy, const SelectorField& selector,
                  const std::vector<HostEndpointInfo>& host_endpoints) {
  if (!policy.global) return false;
  if (isTrueFlag(policy.pre_dnat) || isTrueFlag(policy.do_not_track) || isTrueFlag(policy.apply_on_forward)) return true;
  for (const HostEndpointInfo& h : host_endpoints)
    if (selectsHostEndpoint(policy, selector, h) == Tri::True) return true;
  return false;
}

}  // namespace palisade::calico
