#include "rules/checks/azure/aks_subnets.h"

#include "rules/checks/azure/azure_model.h"

namespace palisade::azure {

void forEachPoolSubnet(const Resource& resource, std::string_view key,
                       const std::function<void(const AgentPoolSubnet&)>& visit) {
  if (equalsIgnoreCase(resource.type, "Microsoft.ContainerService/managedClusters/agentPools")) {
    const Value* id = at(resource.body, "properties");
    if (id && id->isObject()) id = id->find(key);
    if (id && !id->isNull()) visit({resource.name, id});
    return;
  }
  const Value* pools = at(resource.body, "properties.agentPoolProfiles");
  if (!pools || !pools->isArray()) return;
  for (std::size_t i = 0; i < pools->items().size(); ++i) {
    const Value& pool = pools->items()[i];
    const Value* id = pool.find(key);
    if (!id || id->isNull()) continue;
    const Value* name = pool.find("name");
    visit({name && name->isString() ? name->asString() : std::to_string(i), id});
  }
}

}  // namespace palisade::azure
