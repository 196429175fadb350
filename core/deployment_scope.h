// DeploymentScope: where an Azure resource is deployed — a tenant, a
// management group, a subscription or a resource group — with the names
// static analysis knows. Bicep modules move it with `scope:`; rules that
// match resources by name (a private DNS zone per resource group) compare it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/tri.h"

namespace palisade {

struct DeploymentScope {
  enum class Kind : uint8_t { Tenant, ManagementGroup, Subscription, ResourceGroup };
  Kind kind = Kind::ResourceGroup;
  // Each name is "" when it cannot be known statically (the deployment's own
  // resource group, a scope computed from a parameter).
  std::string management_group;
  std::string subscription;  // subscription id
  std::string resource_group;

  // From a Bicep `targetScope` or ARM schema name: resourceGroup, subscription, managementGroup, tenant.
  static DeploymentScope ofTargetScope(std::string_view target_scope);
  std::string_view kindName() const;
  // `resourceGroup:rg-net`, `subscription:0000-…`, `managementGroup:mg`, `tenant`;
  // `?` stands for a name that is not known (`resourceGroup:?`).
  std::string display() const;
};

// True when both are known to be the same scope, False when known to differ
// (another kind, or another name at a level both know), Unknown otherwise.
Tri sameScope(const DeploymentScope& a, const DeploymentScope& b);

}  // namespace palisade
