#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/aks_subnets.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

Tri delegatedToAks(const Value& subnet) {
  const Value* delegations = valueAt(subnet, "properties.delegations");
  if (!delegations || delegations->isNull()) {
    const Value* properties = subnet.find("properties");
    const Value* rest = properties ? properties->find("...") : nullptr;
    return (properties && properties->isUnknown()) || (rest && rest->isUnknown()) ? Tri::Unknown : Tri::False;
  }
  if (!delegations->isArray()) return Tri::Unknown;
  Tri result = Tri::False;
  for (const Value& delegation : delegations->items()) {
    const Value* service = valueAt(delegation, "properties.serviceName");
    if (!service || !service->isString()) {
      if (!service || service->isUnknown()) result = Tri::Unknown;
      continue;
    }
    if (equalsIgnoreCase(service->asString(), "Microsoft.ContainerService/managedClusters")) return Tri::True;
  }
  return result;
}

}  // namespace

void checkAzureAksPodSubnetDelegated(const Resource& resource, CheckContext& context) {
  azure::forEachPoolSubnet(resource, "podSubnetID", [&](const azure::AgentPoolSubnet& pool) {
    azure::SubnetView subnet;
    if (azure::findSubnet(context.project(), pool.subnet_id, subnet) != Tri::True) return;
    Tri delegated = delegatedToAks(*subnet.subnet);
    if (delegated == Tri::True || (delegated == Tri::Unknown && !context.strict())) return;
    std::vector<Location> related = {locate(subnet.subnet->span().valid() ? subnet.subnet->span() : subnet.owner->declaration,
                                            fmt::format("subnet '{}'", subnet.name))};
    context.report(resource, pool.subnet_id->span(),
                   fmt::format("node pool '{}' of {} puts its pods in subnet '{}', which is not delegated to "
                               "Microsoft.ContainerService/managedClusters",
                               pool.pool, resource.displayName(), subnet.name),
                   "agentPool:" + pool.pool + ".podSubnetID", std::move(related));
    context.addHelp("add the delegation so the next network deployment does not remove it");
  });
}

}  // namespace palisade
