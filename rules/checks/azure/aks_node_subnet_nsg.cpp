#include <fmt/format.h>

#include "rules/checks/azure/aks_subnets.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

void checkAzureAksNodeSubnetNsg(const Resource& resource, CheckContext& context) {
  azure::forEachPoolSubnet(resource, "vnetSubnetID", [&](const azure::AgentPoolSubnet& pool) {
    azure::SubnetView subnet;
    if (azure::findSubnet(context.project(), pool.subnet_id, subnet) != Tri::True) return;
    Tri has_nsg = azure::subnetHasNsg(*subnet.subnet);
    if (has_nsg == Tri::True || (has_nsg == Tri::Unknown && !context.strict())) return;
    std::vector<Location> related = {locate(subnet.subnet->span().valid() ? subnet.subnet->span() : subnet.owner->declaration,
                                            fmt::format("subnet '{}'", subnet.name))};
    if (pool.subnet_id->origin().valid()) related.push_back(locate(pool.subnet_id->origin(), "the subnet id comes from here"));
    context.report(resource, pool.subnet_id->span(),
                   fmt::format("node pool '{}' of {} runs in subnet '{}', which has no network security group",
                               pool.pool, resource.displayName(), subnet.name),
                   "agentPool:" + pool.pool + ".vnetSubnetID", std::move(related));
    context.addHelp("associate an NSG with the subnet");
  });
}

}  // namespace palisade
