// The node pools of an AKS cluster as the model holds them — elements of a
// managed cluster's `agentPoolProfiles[*]` and `agentPools` child resources —
// and the subnets they use (`vnetSubnetID` for nodes, `podSubnetID` for pods).
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/project.h"
#include "core/resource.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade::azure {

// One node pool: its settings object (a profile element, or an agent pool
// resource's `properties`) and the resource that declares it.
struct NodePool {
  std::string name;                 // the pool's name, or its index in agentPoolProfiles
  const Value* settings = nullptr;  // never null; may be Unknown
  const Resource* resource = nullptr;
  bool first_of_modeless_profiles = false;  // a cluster whose profiles name no mode: its first is the system pool
  const Value* find(std::string_view key) const { return settings->isObject() ? settings->find(key) : nullptr; }
  // `mode: System` (case-insensitive), or the first profile of a cluster whose
  // profiles name no mode: True; False (User, or absent otherwise); Unknown.
  Tri isSystem() const;
  // A virtual machine scale set pool (`type` absent or `VirtualMachineScaleSets`): True; a
  // `VirtualMachines` or `AvailabilitySet` pool, which takes no zones or autoscaler settings: False.
  Tri isScaleSet() const;
};

// The node pools a managed cluster or agent pool resource declares itself.
std::vector<NodePool> nodePoolsDeclaredBy(const Resource& resource);

// Every node pool of a managed cluster: its own profiles and its agent pool
// children however declared. `unknown_names` is set when an agent pool of the
// same deployment has a name not known statically (it may be the cluster's).
std::vector<NodePool> nodePoolsOf(const Project& project, const Resource& cluster, bool& unknown_names);

struct AgentPoolSubnet {
  std::string pool;       // the pool's name, or its index
  const Value* subnet_id = nullptr;
};

// Calls `visit` for each node pool of a managed cluster or agent pool resource
// that names the subnet `key` (`vnetSubnetID` or `podSubnetID`).
void forEachPoolSubnet(const Resource& resource, std::string_view key,
                       const std::function<void(const AgentPoolSubnet&)>& visit);

}  // namespace palisade::azure
