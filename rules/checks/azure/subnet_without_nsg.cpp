#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// Subnets Azure reserves for gateways and firewalls, where an NSG is not
// supported or not recommended.
bool isReservedSubnet(std::string_view name) {
  for (std::string_view reserved :
       {"GatewaySubnet", "AzureFirewallSubnet", "AzureFirewallManagementSubnet", "RouteServerSubnet"}) {
    if (equalsIgnoreCase(name, reserved)) return true;
  }
  return false;
}

void checkSubnet(const Resource& resource, const Value& subnet, std::string_view subnet_name, const Span& at,
                 std::string property_path, CheckContext& context) {
  if (isReservedSubnet(subnet_name)) return;
  Tri has_nsg = azure::subnetHasNsg(subnet);
  if (has_nsg == Tri::True || (has_nsg == Tri::Unknown && !context.strict())) return;
  std::string message = fmt::format(
      "subnet '{}' of {} has no network security group, so nothing filters traffic between it and the rest of the "
      "network",
      subnet_name, resource.displayName());
  context.report(resource, at, std::move(message), property_path);
  context.addHelp("associate an NSG (properties.networkSecurityGroup.id)");
  if (has_nsg == Tri::Unknown) context.markReportedBecauseStrict("the association cannot be known statically");
}

}  // namespace

void checkAzureSubnetWithoutNsg(const Resource& resource, CheckContext& context) {
  if (equalsIgnoreCase(resource.type, "Microsoft.Network/virtualNetworks/subnets")) {
    if (resource.name.empty()) return;
    std::string_view name = resource.name;
    name = name.substr(name.rfind('/') + 1);
    checkSubnet(resource, resource.body, name, resource.declaration, "subnet", context);
    return;
  }
  const Value* subnets = valueAt(resource.body, "properties.subnets");
  if (!subnets || !subnets->isArray()) return;
  for (const Value& subnet : subnets->items()) {
    const Value* name = subnet.find("name");
    if (!name || !name->isString()) continue;
    checkSubnet(resource, subnet, name->asString(), name->span().valid() ? name->span() : subnet.span(),
                "subnets[" + name->asString() + "]", context);
  }
}

}  // namespace palisade
