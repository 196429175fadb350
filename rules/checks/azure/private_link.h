// What Private Link looks like per Azure service: the resource types that
// take private endpoints, their group ids (sub-resources) and the
// `privatelink.*` DNS zone each group id resolves in.
#pragma once

#include <string_view>
#include <vector>

#include "core/resource.h"
#include "core/tri.h"

namespace palisade::azure {

struct PrivateLinkGroup {
  std::string_view resource_type;  // e.g. Microsoft.KeyVault/vaults
  std::string_view group_id;       // e.g. vault (compared case-insensitively)
  // Accepted zone name prefixes, the cloud suffix left open so sovereign
  // clouds match too: `privatelink.vaultcore.` for `privatelink.vaultcore.azure.net`.
  std::vector<std::string_view> zone_prefixes;
  std::string_view public_zone;  // the zone in Azure's public cloud, for messages
};

// Every (type, group id) we know, from Microsoft's "private DNS zone values" table.
const std::vector<PrivateLinkGroup>& privateLinkGroups();

// The entries for a group id, narrowed to a resource type when it is known ("" otherwise).
std::vector<const PrivateLinkGroup*> groupsFor(std::string_view group_id, std::string_view resource_type);

// The zone prefixes a zone group must hold all of for the group id (a
// service that answers on several names); empty when one zone is enough.
std::vector<std::string_view> zonesRequiredTogether(const PrivateLinkGroup& group);

// Whether the type takes private endpoints (it has an entry in the table).
bool supportsPrivateLink(std::string_view resource_type);

// A private endpoint's connections (automatic and manual), each with its
// target id and group ids; Unknown parts stay Unknown.
struct PrivateEndpointConnection {
  const Value* target_id = nullptr;  // properties.privateLinkServiceId
  const Value* group_ids = nullptr;  // properties.groupIds
  const Value* node = nullptr;       // the connection object, for locations
};
struct PrivateEndpointConnections {
  std::vector<PrivateEndpointConnection> connections;
  bool unknown = false;  // the connection lists could not be read statically
};
PrivateEndpointConnections connectionsOf(const Resource& private_endpoint);

}  // namespace palisade::azure
