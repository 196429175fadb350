#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/azure/private_link.h"

namespace palisade {

namespace {

constexpr std::string_view kZoneGroupType = "Microsoft.Network/privateEndpoints/privateDnsZoneGroups";

struct ZonesOfEndpoint {
  std::vector<std::string> names;
  bool unknown = false;
};

ZonesOfEndpoint zonesOf(const std::vector<const Resource*>& zone_groups) {
  ZonesOfEndpoint zones;
  for (const Resource* group : zone_groups) {
    const Value* configs = valueAt(group->body, "properties.privateDnsZoneConfigs");
    if (!configs || !configs->isArray()) {
      zones.unknown = zones.unknown || (configs && configs->isUnknown());
      continue;
    }
    for (const Value& config : configs->items()) {
      const Value* id = valueAt(config, "properties.privateDnsZoneId");
      if (!id || !id->isString()) {
        zones.unknown = zones.unknown || !id || id->isUnknown();
        continue;
      }
      std::optional<azure::ResourceIdParts> parts = azure::parseResourceId(id->asString());
      if (!parts) {
        zones.unknown = true;
        continue;
      }
      zones.names.push_back(parts->name);
    }
  }
  return zones;
}

bool zoneFits(const std::vector<std::string>& zones, const azure::PrivateLinkGroup& group) {
  for (const std::string& zone : zones) {
    for (std::string_view prefix : group.zone_prefixes) {
      if (startsWithIgnoreCase(zone, prefix)) return true;
    }
  }
  return false;
}

// A service that needs several zones at once (Machine Learning: API and
// notebooks) with only some of them in the zone group.
void reportMissingCompanionZones(const Resource& endpoint, const Value& group_id, const azure::PrivateLinkGroup& group,
                                 const std::vector<std::string>& zones, const std::vector<const Resource*>& zone_groups,
                                 CheckContext& context) {
  std::string missing;
  for (std::string_view prefix : azure::zonesRequiredTogether(group)) {
    bool present = false;
    for (const std::string& zone : zones) present = present || startsWithIgnoreCase(zone, prefix);
    if (!present) missing += (missing.empty() ? "" : ", ") + std::string(prefix) + "*";
  }
  if (missing.empty()) return;
  std::vector<Location> related = {locate(zone_groups.front()->declaration, "the DNS zone group")};
  context.report(endpoint, group_id.span(),
                 fmt::format("{} connects group id '{}', which needs several zones, but its DNS zone group lacks {}; "
                             "clients will resolve those names to the public address",
                             endpoint.displayName(), group_id.asString(), missing),
                 "privateDnsZoneGroups:" + group_id.asString() + ":companions", std::move(related));
}

std::string targetTypeOf(const azure::PrivateEndpointConnection& connection) {
  if (!connection.target_id || !connection.target_id->isString()) return {};
  std::optional<azure::ResourceIdParts> parts = azure::parseResourceId(connection.target_id->asString());
  return parts ? parts->type : std::string();
}

// A-records written by hand into a privatelink zone of the same deployment may
// stand in for a zone group (they usually read the endpoint's runtime IPs).
bool manualPrivateLinkRecords(const Project& project, const Resource& endpoint) {
  for (const Resource* record : project.ofType("Microsoft.Network/privateDnsZones/A")) {
    if (record->condition == Tri::False || azure::deploymentRoot(*record) != azure::deploymentRoot(endpoint)) continue;
    if (sameScope(record->deployment_scope, endpoint.deployment_scope) == Tri::False) continue;
    if (record->name.empty() || startsWithIgnoreCase(record->name, "privatelink.")) return true;
  }
  return false;
}

}  // namespace

void checkAzurePrivateEndpointDnsZone(const Resource& resource, CheckContext& context) {
  azure::PrivateEndpointConnections list = azure::connectionsOf(resource);
  if (list.unknown || list.connections.empty() || resource.name.empty()) return;
  bool unknown_names = false;
  std::vector<const Resource*> groups = azure::childrenOf(context.project(), resource, kZoneGroupType, unknown_names);
  if (groups.empty()) {
    if ((unknown_names || manualPrivateLinkRecords(context.project(), resource)) && !context.strict()) return;
    context.report(resource, resource.declaration,
                   fmt::format("{} has no private DNS zone group, so clients keep resolving the service's public "
                               "address",
                               resource.displayName()),
                   "privateDnsZoneGroups");
    context.addHelp("add a privateDnsZoneGroups child that points at the service's privatelink.* zone");
    return;
  }
  ZonesOfEndpoint zones = zonesOf(groups);
  if (zones.unknown) return;
  for (const azure::PrivateEndpointConnection& connection : list.connections) {
    if (!connection.group_ids || !connection.group_ids->isArray()) continue;
    std::string type = targetTypeOf(connection);
    for (const Value& group_id : connection.group_ids->items()) {
      if (!group_id.isString()) continue;
      std::vector<const azure::PrivateLinkGroup*> expected = azure::groupsFor(group_id.asString(), type);
      if (expected.empty()) continue;  // a service we have no zone for
      bool fits = false;
      for (const azure::PrivateLinkGroup* g : expected) fits = fits || zoneFits(zones.names, *g);
      if (fits) {
        reportMissingCompanionZones(resource, group_id, *expected.front(), zones.names, groups, context);
        continue;
      }
      std::string found;
      for (const std::string& zone : zones.names) found += (found.empty() ? "" : ", ") + zone;
      std::vector<Location> related = {locate(groups.front()->declaration, "the DNS zone group")};
      context.report(resource, group_id.span(),
                     fmt::format("{} connects group id '{}', which resolves in {}, but its DNS zone group uses {}; "
                                 "clients will not resolve the private address",
                                 resource.displayName(), group_id.asString(), expected.front()->public_zone,
                                 found.empty() ? "no zone" : found),
                     "privateDnsZoneGroups:" + group_id.asString(), std::move(related));
    }
  }
}

}  // namespace palisade
