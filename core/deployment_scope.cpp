#include "core/deployment_scope.h"

#include <algorithm>
#include <cctype>

#include "core/ascii.h"

namespace palisade {

namespace {

// Azure names of scopes are case-insensitive; "" is a name not known.
Tri sameName(const std::string& a, const std::string& b) {
  if (a.empty() || b.empty()) return Tri::Unknown;
  return triOf(equalsIgnoreCase(a, b));
}

}  // namespace

DeploymentScope DeploymentScope::ofTargetScope(std::string_view target_scope) {
  DeploymentScope scope;
  if (target_scope == "subscription") scope.kind = Kind::Subscription;
  if (target_scope == "managementGroup") scope.kind = Kind::ManagementGroup;
  if (target_scope == "tenant") scope.kind = Kind::Tenant;
  return scope;
}

std::string_view DeploymentScope::kindName() const {
  switch (kind) {
    case Kind::Tenant: return "tenant";
    case Kind::ManagementGroup: return "managementGroup";
    case Kind::Subscription: return "subscription";
    case Kind::ResourceGroup: return "resourceGroup";
  }
  return "resourceGroup";
}

std::string DeploymentScope::display() const {
  auto named = [&](const std::string& name) { return std::string(kindName()) + ":" + (name.empty() ? "?" : name); };
  switch (kind) {
    case Kind::Tenant: return "tenant";
    case Kind::ManagementGroup: return named(management_group);
    case Kind::Subscription: return named(subscription);
    case Kind::ResourceGroup: return named(resource_group);
  }
  return "tenant";
}

Tri sameScope(const DeploymentScope& a, const DeploymentScope& b) {
  if (a.kind != b.kind) return Tri::False;
  switch (a.kind) {
    case DeploymentScope::Kind::Tenant: return Tri::True;
    case DeploymentScope::Kind::ManagementGroup: return sameName(a.management_group, b.management_group);
    case DeploymentScope::Kind::Subscription: return sameName(a.subscription, b.subscription);
    case DeploymentScope::Kind::ResourceGroup: {
      if (sameName(a.subscription, b.subscription) == Tri::False) return Tri::False;
      Tri group = sameName(a.resource_group, b.resource_group);
      if (group != Tri::True) return group;
      return sameName(a.subscription, b.subscription) == Tri::True ? Tri::True : Tri::Unknown;
    }
  }
  return Tri::Unknown;
}

}  // namespace palisade
