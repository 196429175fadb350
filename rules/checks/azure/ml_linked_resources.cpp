#include <fmt/format.h>

#include <array>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

struct Link {
  std::string_view property;  // under `properties`
  std::string_view type;
  std::string_view what;
};
constexpr std::array<Link, 4> kLinks = {{
    {"storageAccount", "Microsoft.Storage/storageAccounts", "storage account"},
    {"keyVault", "Microsoft.KeyVault/vaults", "key vault"},
    {"containerRegistry", "Microsoft.ContainerRegistry/registries", "container registry"},
    {"applicationInsights", "Microsoft.Insights/components", "Application Insights"},
}};

bool isDisabled(const Value* v) { return v && v->isString() && equalsIgnoreCase(v->asString(), "Disabled"); }
bool isDeny(const Value* v) { return v && v->isString() && equalsIgnoreCase(v->asString(), "Deny"); }

// Whether the linked resource answers on its public endpoint: True (with what
// shows it in `why`), False, or Unknown.
Tri publicAccess(const Resource& r, std::string& why) {
  const Value* properties = r.body.find("properties");
  auto get = [&](std::string_view path) { return properties ? valueAt(*properties, path) : nullptr; };
  auto describe = [](std::string_view path, const Value* v) {
    return fmt::format("{}: {}", path, v ? v->toDisplayString() : std::string("not set"));
  };
  if (equalsIgnoreCase(r.type, "Microsoft.Insights/components")) {
    const Value* ingestion = get("publicNetworkAccessForIngestion");
    const Value* query = get("publicNetworkAccessForQuery");
    if ((ingestion && ingestion->isUnknown()) || (query && query->isUnknown())) return Tri::Unknown;
    if (isDisabled(ingestion) && isDisabled(query)) return Tri::False;
    why = isDisabled(ingestion) ? describe("publicNetworkAccessForQuery", query)
                                : describe("publicNetworkAccessForIngestion", ingestion);
    return Tri::True;
  }
  const Value* access = get("publicNetworkAccess");
  if (access && access->isUnknown()) return Tri::Unknown;
  if (isDisabled(access)) return Tri::False;
  // A firewall that denies by default closes the public endpoint to every network not listed.
  const Value* acl = get(equalsIgnoreCase(r.type, "Microsoft.ContainerRegistry/registries") ? "networkRuleSet.defaultAction"
                                                                                                  : "networkAcls.defaultAction");
  if (acl && acl->isUnknown()) return Tri::Unknown;
  if (isDeny(acl)) return Tri::False;
  why = describe("publicNetworkAccess", access);
  return Tri::True;
}

}  // namespace

void checkAzureMlWorkspaceLinkedResourcePublic(const Resource& resource, CheckContext& context) {
  const Value* properties = resource.body.find("properties");
  if (!properties || !properties->isObject()) return;
  // Only a workspace that is itself private: a public one is AZR001's finding.
  if (!isDisabled(properties->find("publicNetworkAccess"))) return;
  for (const Link& link : kLinks) {
    const Value* id = properties->find(link.property);
    if (!id || id->isNull()) continue;
    const azure::ParsedIdValue parsed = azure::parseIdValue(id);  // once, not once per candidate
    if (parsed.usable != Tri::True) continue;                      // then it names no target for certain
    for (const Resource* target : context.project().ofType(link.type)) {
      if (target->condition == Tri::False || azure::idNames(parsed, *target) != Tri::True) continue;
      std::string why;
      if (publicAccess(*target, why) != Tri::True) break;
      std::vector<Location> related = {locate(target->declaration, fmt::format("the {}", link.what))};
      context.report(resource, id->span(),
                     fmt::format("{} is reached only privately, but its {} {} answers on its public endpoint ({})",
                                 resource.displayName(), link.what, target->name.empty() ? target->symbolic_name : target->name, why),
                     fmt::format("properties.{}", link.property), std::move(related));
      context.addHelp("disable its public network access and give it a private endpoint");
      break;
    }
  }
}

}  // namespace palisade
