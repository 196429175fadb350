#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

void checkAzurePrivateDnsZoneNotLinked(const Resource& resource, CheckContext& context) {
  if (resource.name.empty() || !startsWithIgnoreCase(resource.name, "privatelink.")) return;
  bool unknown_names = false;
  std::vector<const Resource*> links = azure::childrenOf(
      context.project(), resource, "Microsoft.Network/privateDnsZones/virtualNetworkLinks", unknown_names);
  for (const Resource* link : links) {
    const Value* vnet = valueAt(link->body, "properties.virtualNetwork.id");
    if (!vnet || vnet->isNull()) continue;
    return;  // linked (an Unknown id is a link too: it names some network)
  }
  if (unknown_names && !context.strict()) return;
  const DeploymentScope& scope = resource.deployment_scope;
  std::string where = scope.kind == DeploymentScope::Kind::ResourceGroup && !scope.resource_group.empty()
                          ? fmt::format(" in resource group '{}'", scope.resource_group)
                          : std::string();
  context.report(resource, resource.declaration,
                 fmt::format("private DNS zone '{}'{} is linked to no virtual network, so nothing resolves the private "
                             "endpoints registered in it",
                             resource.name, where),
                 "virtualNetworkLinks");
  context.addHelp("add a virtualNetworkLinks child for the VNets whose clients use them");
}

}  // namespace palisade
