// The subnets an AKS cluster's node pools use: `agentPoolProfiles[*]` of a
// managed cluster and the `agentPools` child resources, each with its node
// (`vnetSubnetID`) and pod (`podSubnetID`) subnet reference.
#pragma once

#include <functional>
#include <string>

#include "core/resource.h"

namespace palisade::azure {

struct AgentPoolSubnet {
  std::string pool;       // the pool's name, or its index
  const Value* subnet_id = nullptr;
};

// Calls `visit` for each node pool of a managed cluster or agent pool resource
// that names the subnet `key` (`vnetSubnetID` or `podSubnetID`).
void forEachPoolSubnet(const Resource& resource, std::string_view key,
                       const std::function<void(const AgentPoolSubnet&)>& visit);

}  // namespace palisade::azure
