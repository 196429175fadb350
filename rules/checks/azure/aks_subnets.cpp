#include "rules/checks/azure/aks_subnets.h"

#include "core/ascii.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade::azure {

Tri NodePool::isSystem() const {
  const Value* mode = find("mode");
  if (!mode || mode->isNull()) return triOf(first_of_modeless_profiles);
  if (!mode->isString()) return Tri::Unknown;
  return equalsIgnoreCase(mode->asString(), "System") ? Tri::True : Tri::False;
}

Tri NodePool::isScaleSet() const {
  const Value* type = find("type");
  if (!type || type->isNull()) return Tri::True;
  if (!type->isString()) return Tri::Unknown;
  return triOf(equalsIgnoreCase(type->asString(), "VirtualMachineScaleSets"));
}

std::vector<NodePool> nodePoolsDeclaredBy(const Resource& resource) {
  std::vector<NodePool> out;
  if (equalsIgnoreCase(resource.type, kAgentPoolType)) {
    if (const Value* settings = valueAt(resource.body, "properties")) {
      std::string_view name = resource.name;
      if (std::size_t slash = name.rfind('/'); slash != std::string_view::npos) name = name.substr(slash + 1);
      out.push_back({std::string(name), settings, &resource});
    }
    return out;
  }
  const Value* pools = valueAt(resource.body, "properties.agentPoolProfiles");
  if (!pools || !pools->isArray()) return out;
  bool modeless = true;
  for (const Value& pool : pools->items()) {
    const Value* mode = pool.isObject() ? pool.find("mode") : nullptr;
    if (!pool.isObject() || (mode && !mode->isNull())) modeless = false;
  }
  for (std::size_t i = 0; i < pools->items().size(); ++i) {
    const Value& pool = pools->items()[i];
    const Value* name = pool.find("name");
    out.push_back({name && name->isString() ? name->asString() : std::to_string(i), &pool, &resource, modeless && i == 0});
  }
  return out;
}

std::vector<NodePool> nodePoolsOf(const Project& project, const Resource& cluster, bool& unknown_names) {
  std::vector<NodePool> out = nodePoolsDeclaredBy(cluster);
  for (const Resource* child : childrenOf(project, cluster, kAgentPoolType, unknown_names)) {
    if (child->existing || child->condition == Tri::False) continue;
    for (NodePool& pool : nodePoolsDeclaredBy(*child)) out.push_back(std::move(pool));
  }
  return out;
}

void forEachPoolSubnet(const Resource& resource, std::string_view key,
                       const std::function<void(const AgentPoolSubnet&)>& visit) {
  bool agent_pool = equalsIgnoreCase(resource.type, kAgentPoolType);
  for (const NodePool& pool : nodePoolsDeclaredBy(resource)) {
    // Settings not known statically: their subnet is not known either.
    const Value* id = pool.settings->isUnknown() ? pool.settings : pool.find(key);
    if (!id || id->isNull()) continue;
    visit({agent_pool ? resource.name : pool.name, id});
  }
}

}  // namespace palisade::azure
