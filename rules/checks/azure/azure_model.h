// Helpers the Azure checks share: reading properties of a resource body,
// parsing the stand-in resource ids the Bicep/ARM front end produces, and
// finding the resources an id, a parent or a subnet reference names.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/ascii.h"
#include "core/project.h"
#include "core/tri.h"
#include "rules/checks/check_support.h"
#include "rules/engine/check.h"

namespace palisade::azure {

inline constexpr std::string_view kManagedClusterType = "Microsoft.ContainerService/managedClusters";
inline constexpr std::string_view kAgentPoolType = "Microsoft.ContainerService/managedClusters/agentPools";

// Resources a deployment creates or may create: not `existing` references
// (whose properties the template does not state) and not switched off.
inline bool isDeclaredHere(const Resource& r) { return !r.existing && r.condition != Tri::False; }
std::vector<const Resource*> declaredOfType(const Project& project, std::string_view type);
// The declared resource of `type` named `name` (case-insensitive), or nullptr.
const Resource* declaredNamed(const Project& project, std::string_view type, std::string_view name);

// The type and name an ARM resource id ends with:
// `/subscriptions/{subscriptionId}/resourceGroups/rg/providers/Microsoft.Network/virtualNetworks/vnet/subnets/a`
// is type `Microsoft.Network/virtualNetworks/subnets`, name `vnet/a`.
struct ResourceIdParts {
  std::string type;
  std::string name;
};
std::optional<ResourceIdParts> parseResourceId(std::string_view id);

// Whether an id value names `target`: True/False when both are known, Unknown
// when the id or the target's name cannot be known statically.
Tri idNames(const Value* id, const Resource& target);
// An id value read once for many targets (idNames without parsing it again).
struct ParsedIdValue {
  Tri usable = Tri::False;               // False: names nothing; Unknown: not known statically; True: `parts`
  std::optional<ResourceIdParts> parts;  // when usable is True
};
ParsedIdValue parseIdValue(const Value* id);
Tri idNames(const ParsedIdValue& id, const Resource& target);

// Resources of `type` whose full name is `name` (case-insensitive); existing
// resources and those with a deploy condition count.
std::vector<const Resource*> resourcesNamed(const Project& project, std::string_view type, std::string_view name);

// The file a resource's deployment starts from: the first caller in its
// module chain, or its own file. Resources whose reference cannot be known
// only stand in for resources of the same deployment.
const SourceFile* deploymentRoot(const Resource& resource);

// Child resources of `parent` of the full child type (`…/privateDnsZoneGroups`),
// however declared: nested, with `parent:`, or top level named `parent/child`,
// in the parent's deployment scope (or one that may be it).
// `unknown_names` is set when a resource of that type in the same deployment
// has a name not known statically (it may be a child of `parent`).
std::vector<const Resource*> childrenOf(const Project& project, const Resource& parent, std::string_view child_type,
                                        bool& unknown_names);

// A subnet as the model holds it: a child resource, or an element of a
// virtual network's inline `subnets`.
struct SubnetView {
  const Resource* owner = nullptr;       // the subnet resource, or the virtual network holding it inline
  const Value* subnet = nullptr;         // the subnet object (with `name` and `properties`)
  std::string name;                      // `vnet/subnet`
};

// Looks a subnet id up. Tri::Unknown when the id is unknown or a virtual
// network of that name has subnets the front end could not know; Tri::False
// when the subnet is not in the project.
Tri findSubnet(const Project& project, const Value* subnet_id, SubnetView& found);

// Whether a subnet object has a network security group: True, False or Unknown.
Tri subnetHasNsg(const Value& subnet);

}  // namespace palisade::azure
