// Host endpoints and the policies that protect them: which policies are host
// policies, and Felix's failsafe ports (open on every host endpoint whatever
// the policies say, unless FelixConfiguration changes them).
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "core/project.h"
#include "parsers/calico/calico_model.h"

namespace palisade::calico {

struct FailsafePort {
  int protocol;  // 6 TCP, 17 UDP
  uint32_t port;
  std::string_view purpose;
};

// Felix's default FailsafeInboundHostPorts.
inline constexpr std::array<FailsafePort, 9> kDefaultFailsafeInbound{{
    {6, 22, "SSH"},
    {17, 68, "DHCP"},
    {6, 179, "BGP"},
    {6, 2379, "etcd"},
    {6, 2380, "etcd"},
    {6, 5473, "Typha"},
    {6, 6443, "Kubernetes API"},
    {6, 6666, "etcd (self-hosted)"},
    {6, 6667, "etcd (self-hosted)"},
}};

// The inbound failsafe port a TCP/UDP port is, or nullptr.
const FailsafePort* failsafeInbound(int protocol, uint32_t port);

struct HostEndpointInfo {
  const Resource* resource = nullptr;
  LabelSet labels;
};
std::vector<HostEndpointInfo> hostEndpointsOf(const Project& project);

// A policy that applies to host endpoints: a GlobalNetworkPolicy with
// preDNAT, doNotTrack or applyOnForward, or one whose selector is proven to
// select a HostEndpoint of the project.
// `selector` is the policy's own selector field, parsed.
bool isHostPolicy(const PolicyView& policy, const SelectorField& selector,
                  const std::vector<HostEndpointInfo>& host_endpoints);

// Whether the policy's selector selects the host endpoint (Unknown when the
// selector does not parse or depends on labels that are not known).
Tri selectsHostEndpoint(const PolicyView& policy, const SelectorField& selector, const HostEndpointInfo& host_endpoint);

}  // namespace palisade::calico
