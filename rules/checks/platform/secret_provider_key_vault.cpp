#include <fmt/format.h>

#include <utility>

#include "core/ascii.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/platform/platform_checks.h"

namespace palisade {

namespace {


constexpr std::string_view kVaultType = "Microsoft.KeyVault/vaults";

struct VaultGaps {
  std::vector<std::string> reasons;
  std::vector<Location> related;
};

// Public network access is on unless disabled (or left to a network security
// perimeter); a firewall that denies by default narrows it but still admits
// the networks it lists from the internet. Unknown → Unknown.
Tri isPublic(const Value& properties, const Resource& vault, VaultGaps& gaps) {
  const Value* access = properties.find("publicNetworkAccess");
  if (access && access->isUnknown()) return Tri::Unknown;
  if (access && access->isString() &&
      (equalsIgnoreCase(access->asString(), "Disabled") || equalsIgnoreCase(access->asString(), "SecuredByPerimeter"))) {
    return Tri::False;
  }
  std::string shown = access && access->isString() ? access->asString() : "not set, so Enabled";
  gaps.reasons.push_back(fmt::format("accepts public network access (publicNetworkAccess: {})", shown));
  gaps.related.push_back(locate(spanOr(access, vault.declaration),
                                fmt::format("Key Vault '{}' with public network access", vault.name)));
  return Tri::True;
}

Tri lacksRbac(const Value& properties, const Resource& vault, VaultGaps& gaps) {
  const Value* rbac = properties.find("enableRbacAuthorization");
  if (rbac && rbac->isUnknown()) return Tri::Unknown;
  if (rbac && rbac->isBool() && rbac->asBool()) return Tri::False;
  gaps.reasons.push_back("authorizes with access policies instead of Azure RBAC (enableRbacAuthorization is not true)");
  gaps.related.push_back(locate(spanOr(rbac, vault.declaration),
                                fmt::format("Key Vault '{}' without Azure RBAC", vault.name)));
  return Tri::True;
}

}  // namespace

void checkPlatformSecretProviderKeyVault(CheckContext& context) {
  const Project& project = context.project();
  for (const Resource* provider : project.ofKind("SecretProviderClass")) {
    if (provider->format != Format::Kubernetes || provider->condition == Tri::False) continue;
    const Value* kind = valueAt(provider->body, "spec.provider");
    if (!kind || !kind->isString() || kind->asString() != "azure") continue;
    const Value* vault_name = valueAt(provider->body, "spec.parameters.keyvaultName");
    if (!vault_name || !vault_name->isString()) continue;
    const Resource* vault = azure::declaredNamed(project, kVaultType, vault_name->asString());
    if (!vault) continue;
    const Value* properties = vault->body.find("properties");
    if (!properties || !properties->isObject()) continue;
    VaultGaps gaps;
    Tri open = isPublic(*properties, *vault, gaps);
    Tri no_rbac = lacksRbac(*properties, *vault, gaps);
    if (open != Tri::True && no_rbac != Tri::True) continue;
    std::string reasons = gaps.reasons.front();
    if (gaps.reasons.size() > 1) reasons += " and " + gaps.reasons.back();
    std::string fix = open == Tri::True ? "disable its public network access and reach it through a private endpoint" : "";
    if (no_rbac == Tri::True) fix += std::string(fix.empty() ? "" : ", and ") + "switch it to Azure RBAC (enableRbacAuthorization: true)";
    context.report(*provider, vault_name->span(),
                   fmt::format("{} mounts secrets from Key Vault '{}', which the infrastructure code defines so that "
                               "it {}",
                               provider->displayName(), vault->name, reasons),
                   "spec.parameters.keyvaultName", std::move(gaps.related));
    context.addHelp(fix);
  }
}

}  // namespace palisade
