// RES002–RES006, RES008: AKS node pools and cluster settings that take more
// than one path to read (a pool is a profile element or an agent pool
// resource; pools are counted across both).
#include <fmt/format.h>
#include <re2/re2.h>

#include "core/ascii.h"
#include "rules/checks/azure/aks_subnets.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/resilience/resilience_checks.h"

namespace palisade {

namespace {

using azure::NodePool;

// Where a pool's finding points: the offending value, else the pool (a
// profile element, or the agent pool resource's declaration).
Span poolSpan(const NodePool& pool, const Value* value = nullptr) {
  if (value && value->span().valid()) return value->span();
  if (equalsIgnoreCase(pool.resource->type, azure::kAgentPoolType)) return pool.resource->declaration;
  return pool.settings->span().valid() ? pool.settings->span() : pool.resource->declaration;
}

std::string poolPath(const NodePool& pool, std::string_view key) {
  if (equalsIgnoreCase(pool.resource->type, azure::kAgentPoolType)) return fmt::format("properties.{}", key);
  return fmt::format("properties.agentPoolProfiles[{}].{}", pool.name, key);
}

// Reports a pool's finding when `failing` is True, or Unknown under --strict (saying so).
void reportPool(CheckContext& context, const Resource& resource, const NodePool& pool, Tri failing, const Value* at,
                std::string_view key, const std::string& message, std::string help = {}) {
  if (!context.reportable(failing)) return;
  std::vector<Location> related;
  // A value given elsewhere (a parameter's default, a parameter file) is changed there.
  if (at && at->origin().valid()) related.push_back(locate(at->origin(), "the value comes from here"));
  context.report(resource, poolSpan(pool, at), message, poolPath(pool, key), std::move(related));
  if (!help.empty()) context.addHelp(std::move(help));
  if (failing == Tri::Unknown) context.markReportedBecauseStrict("the value cannot be known statically");
}

std::optional<int64_t> intOf(const Value* v) {
  if (v && v->isInt()) return v->asInt();
  return std::nullopt;
}

}  // namespace

void checkResilienceAksNodePoolZones(const Resource& resource, CheckContext& context) {
  int64_t min_zones = 3;
  if (const Value* p = context.params().isObject() ? context.params().find("min-zones") : nullptr; p && p->isInt()) {
    min_zones = p->asInt();
  }
  for (const NodePool& pool : azure::nodePoolsDeclaredBy(resource)) {
    // Zones are a scale set pool's setting (a VirtualMachines pool cannot take them).
    if (!pool.settings->isUnknown() && pool.isScaleSet() != Tri::True) continue;
    if (pool.settings->isUnknown()) {
      if (context.strict()) {
        context.report(resource, poolSpan(pool), fmt::format("node pool '{}' of {} may not span zones", pool.name,
                                                             resource.displayName()),
                       poolPath(pool, "availabilityZones"));
        context.markReportedBecauseStrict("its zones cannot be known statically");
      }
      continue;
    }
    const Value* zones = pool.find("availabilityZones");
    Tri failing = Tri::False;
    std::string have;
    if (!zones || zones->isNull()) {
      failing = Tri::True;
      have = "no availabilityZones";
    } else if (!zones->isArray()) {
      failing = Tri::Unknown;
      have = "availabilityZones not known statically";
    } else if (static_cast<int64_t>(zones->items().size()) < min_zones) {
      failing = Tri::True;
      have = fmt::format("availabilityZones: {}", zones->toDisplayString());
    }
    reportPool(context, resource, pool, failing, zones, "availabilityZones",
               fmt::format("node pool '{}' of {} is not spread over {} availability zones ({}); a zone outage takes "
                           "its nodes",
                           pool.name, resource.displayName(), min_zones, have));
  }
}

void checkResilienceAksSystemPoolCriticalAddonsOnly(const Resource& resource, CheckContext& context) {
  for (const NodePool& pool : azure::nodePoolsDeclaredBy(resource)) {
    if (pool.settings->isUnknown() || pool.isSystem() != Tri::True) continue;
    const Value* taints = pool.find("nodeTaints");
    Tri failing = Tri::True;
    if (taints && taints->isUnknown()) failing = Tri::Unknown;
    if (taints && taints->isArray()) {
      for (const Value& taint : taints->items()) {
        if (taint.isUnknown()) failing = Tri::Unknown;
        if (taint.isString() && taint.asString().starts_with("CriticalAddonsOnly")) {
          failing = Tri::False;
          break;
        }
      }
    }
    reportPool(context, resource, pool, failing, taints, "nodeTaints",
               fmt::format("system node pool '{}' of {} lets application pods schedule on it (no "
                           "CriticalAddonsOnly=true:NoSchedule in nodeTaints)",
                           pool.name, resource.displayName()));
  }
}

void checkResilienceAksSystemAndUserPools(const Resource& resource, CheckContext& context) {
  bool unknown_names = false;
  std::vector<NodePool> pools = azure::nodePoolsOf(context.project(), resource, unknown_names);
  bool system = false, user = false, unknown = unknown_names;
  for (const NodePool& pool : pools) {
    if (pool.settings->isUnknown()) {
      unknown = true;
      continue;
    }
    Tri is_system = pool.isSystem();
    if (is_system == Tri::Unknown) unknown = true;
    if (is_system == Tri::True) system = true;
    if (is_system == Tri::False) user = true;
  }
  const Value* profiles = valueAt(resource.body, "properties.agentPoolProfiles");
  if (profiles && !profiles->isArray()) unknown = true;
  if (system && user) return;
  Tri failing = unknown ? Tri::Unknown : Tri::True;
  if (!context.reportable(failing)) return;
  std::string missing = !system && !user ? "no node pools" : (!user ? "no user node pool" : "no system node pool");
  context.report(resource, profiles && profiles->span().valid() ? profiles->span() : resource.declaration,
                 fmt::format("{} has {} in the scanned files", resource.displayName(), missing),
                 "properties.agentPoolProfiles");
  context.addHelp("keep a system pool for the cluster's own components and at least one user pool for applications");
  if (failing == Tri::Unknown) context.markReportedBecauseStrict("the node pools cannot be known statically");
}

void checkResilienceAksUserPoolAutoscaling(const Resource& resource, CheckContext& context) {
  for (const NodePool& pool : azure::nodePoolsDeclaredBy(resource)) {
    // The cluster autoscaler's settings are a scale set pool's (VirtualMachines pools scale by their own profile).
    if (pool.settings->isUnknown() || pool.isSystem() != Tri::False || pool.isScaleSet() != Tri::True) continue;
    const Value* enabled = pool.find("enableAutoScaling");
    const Value* min = pool.find("minCount");
    const Value* max = pool.find("maxCount");
    Tri failing = Tri::False;
    std::string what;
    const Value* at = enabled;
    if (enabled && enabled->isUnknown()) {
      failing = Tri::Unknown;
      what = "enableAutoScaling not known statically";
    } else if (!enabled || !enabled->isBool() || !enabled->asBool()) {
      failing = Tri::True;
      what = fmt::format("enableAutoScaling: {}", enabled && !enabled->isNull() ? enabled->toDisplayString() : "not set");
    } else if (!min || min->isNull() || !max || max->isNull()) {
      failing = Tri::True;
      what = "minCount/maxCount not set";
      at = !max || max->isNull() ? enabled : max;
    } else if (min->isUnknown() || max->isUnknown()) {
      failing = Tri::Unknown;
      what = "minCount/maxCount not known statically";
    } else if (auto lo = intOf(min), hi = intOf(max); lo && hi && *hi <= *lo) {
      failing = Tri::True;
      what = fmt::format("maxCount {} is not above minCount {}", *hi, *lo);
      at = max;
    }
    reportPool(context, resource, pool, failing, at, "enableAutoScaling",
               fmt::format("user node pool '{}' of {} cannot scale with demand ({})", pool.name, resource.displayName(),
                           what),
               "enable the cluster autoscaler with minCount < maxCount");
  }
}

void checkResilienceAksPoolMaxSurge(const Resource& resource, CheckContext& context) {
  for (const NodePool& pool : azure::nodePoolsDeclaredBy(resource)) {
    if (pool.settings->isUnknown()) continue;
    const Value* upgrade = pool.find("upgradeSettings");
    const Value* surge = upgrade && upgrade->isObject() ? upgrade->find("maxSurge") : nullptr;
    Tri failing = Tri::False;
    if (upgrade && upgrade->isUnknown()) {
      failing = Tri::Unknown;
    } else if (!surge || surge->isNull()) {
      failing = Tri::True;
    }
    reportPool(context, resource, pool, failing, upgrade, "upgradeSettings.maxSurge",
               fmt::format("node pool '{}' of {} sets no upgradeSettings.maxSurge", pool.name, resource.displayName()),
               "say how many extra nodes an upgrade may add (e.g. '33%') so capacity holds while nodes drain");
  }
}

void checkResilienceAksEphemeralOsDisk(const Resource& resource, CheckContext& context) {
  // Sizes whose name carries the `d` feature letter (Standard_D4ds_v5, Standard_E8ads_v5) have a local temp disk
  // that can hold an ephemeral OS disk of the default size; older names (Standard_DS2_v2) are left alone.
  static const RE2 local_disk_size(R"((?i)^Standard_[A-Z]+[0-9]+[a-z]*d[a-z]*_v[0-9]+$)");
  for (const NodePool& pool : azure::nodePoolsDeclaredBy(resource)) {
    if (pool.settings->isUnknown()) continue;
    const Value* disk_type = pool.find("osDiskType");
    const Value* size = pool.find("vmSize");
    if (!disk_type || !disk_type->isString() || !equalsIgnoreCase(disk_type->asString(), "Managed")) continue;
    if (!size || !size->isString() || !RE2::FullMatch(size->asString(), local_disk_size)) continue;
    context.report(resource, disk_type->span(),
                   fmt::format("node pool '{}' of {} keeps its OS disk in remote storage (osDiskType: Managed) although "
                               "{} has a local disk for an ephemeral one; ephemeral OS disks reimage faster and do not "
                               "fail with the storage service",
                               pool.name, resource.displayName(), size->asString()),
                   poolPath(pool, "osDiskType"), {locate(size->span(), "the VM size")});
  }
}

void checkResilienceAksMaintenanceWindow(const Resource& resource, CheckContext& context) {
  bool unknown_names = false;
  for (const Resource* config :
       azure::childrenOf(context.project(), resource, "Microsoft.ContainerService/managedClusters/maintenanceConfigurations",
                         unknown_names)) {
    if (config->condition != Tri::False) return;
  }
  Tri failing = unknown_names ? Tri::Unknown : Tri::True;
  if (!context.reportable(failing)) return;
  context.report(resource, resource.declaration,
                 fmt::format("{} has no planned maintenance window in the scanned files (no maintenanceConfigurations "
                             "child); automatic upgrades then start at any hour",
                             resource.displayName()),
                 "maintenanceConfigurations");
  if (failing == Tri::Unknown) context.markReportedBecauseStrict("a child's name cannot be known statically");
}

}  // namespace palisade
