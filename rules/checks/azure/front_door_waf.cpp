#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// Front Door Standard/Premium: a securityPolicies child of type WebApplicationFirewall.
void checkProfile(const Resource& resource, CheckContext& context) {
  const Value* sku = valueAt(resource.body, "sku.name");
  if (!sku || !sku->isString()) return;  // Unknown, or not a Front Door
  if (!equalsIgnoreCase(sku->asString(), "Standard_AzureFrontDoor") &&
      !equalsIgnoreCase(sku->asString(), "Premium_AzureFrontDoor")) {
    return;  // a classic CDN profile
  }
  if (resource.name.empty()) return;
  bool unknown_names = false;
  Tri protected_by_waf = Tri::False;
  for (const Resource* policy :
       azure::childrenOf(context.project(), resource, "Microsoft.Cdn/profiles/securityPolicies", unknown_names)) {
    const Value* type = valueAt(policy->body, "properties.parameters.type");
    if (!type || type->isUnknown()) {
      protected_by_waf = Tri::Unknown;
    } else if (type->isString() && equalsIgnoreCase(type->asString(), "WebApplicationFirewall")) {
      return;
    }
  }
  if (unknown_names) protected_by_waf = Tri::Unknown;
  if (protected_by_waf == Tri::Unknown && !context.strict()) return;
  context.report(resource, resource.declaration,
                 fmt::format("{} has no security policy with a WAF policy, so requests reach the origins "
                             "unfiltered",
                             resource.displayName()),
                 "securityPolicies");
  context.addHelp("add a securityPolicies child of type WebApplicationFirewall");
}

// Front Door (classic): each frontend endpoint links its own WAF policy.
void checkClassic(const Resource& resource, CheckContext& context) {
  const Value* endpoints = valueAt(resource.body, "properties.frontendEndpoints");
  if (!endpoints || !endpoints->isArray()) return;
  for (const Value& endpoint : endpoints->items()) {
    const Value* link = valueAt(endpoint, "properties.webApplicationFirewallPolicyLink.id");
    if (link && !link->isNull()) continue;
    const Value* properties = endpoint.find("properties");
    if (!properties || properties->isUnknown() || endpoint.isUnknown()) continue;
    const Value* name = endpoint.find("name");
    std::string endpoint_name = name && name->isString() ? name->asString() : "?";
    context.report(resource, endpoint.span(),
                   fmt::format("frontend endpoint '{}' of {} has no WAF policy (webApplicationFirewallPolicyLink)",
                               endpoint_name, resource.displayName()),
                   "frontendEndpoints[" + endpoint_name + "]");
  }
}

}  // namespace

void checkAzureFrontDoorWaf(const Resource& resource, CheckContext& context) {
  if (equalsIgnoreCase(resource.type, "Microsoft.Network/frontDoors")) {
    checkClassic(resource, context);
  } else {
    checkProfile(resource, context);
  }
}

}  // namespace palisade
