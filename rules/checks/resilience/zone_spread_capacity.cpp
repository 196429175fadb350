// RES060: a workload that spreads its replicas across zones, on an AKS
// cluster (in the same scan) whose user pools cannot hold such a spread:
// every user pool is in one zone at most, or has one node at most.
#include <fmt/format.h>

#include "rules/checks/azure/aks_subnets.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/resilience/resilience_checks.h"
#include "rules/checks/resilience/workloads.h"

namespace palisade {

namespace {

constexpr std::string_view kZoneKey = "topology.kubernetes.io/zone";

// What a cluster's user pools can hold: True when some user pool has two
// zones or more and two nodes or more; False when none has; Unknown.
struct PoolCapacity {
  Tri can_spread = Tri::False;
  std::vector<Location> limits;  // why not: each user pool's zones or node bound
};

PoolCapacity capacityOf(const Project& project, const Resource& cluster) {
  PoolCapacity out;
  bool unknown_names = false;
  bool any_user_pool = false;
  for (const azure::NodePool& pool : azure::nodePoolsOf(project, cluster, unknown_names)) {
    if (pool.settings->isUnknown()) {
      out.can_spread = Tri::Unknown;
      continue;
    }
    Tri system = pool.isSystem();
    if (system == Tri::Unknown) out.can_spread = Tri::Unknown;
    if (system != Tri::False) continue;
    any_user_pool = true;
    const Value* zones = pool.find("availabilityZones");
    const Value* autoscale = pool.find("enableAutoScaling");
    bool scales = autoscale && autoscale->isBool() && autoscale->asBool();
    const Value* nodes = pool.find(scales ? "maxCount" : "count");
    if ((zones && !zones->isNull() && !zones->isArray()) || (autoscale && autoscale->isUnknown()) ||
        (nodes && !nodes->isNull() && !nodes->isInt())) {
      out.can_spread = Tri::Unknown;
      continue;
    }
    std::size_t zone_count = zones && zones->isArray() ? zones->items().size() : 1;
    int64_t node_count = nodes && nodes->isInt() ? nodes->asInt() : 1;
    if (zone_count >= 2 && node_count >= 2) {
      out.can_spread = Tri::True;
      return out;
    }
    const Value* limit = zone_count < 2 ? (zones ? zones : pool.settings) : (nodes ? nodes : pool.settings);
    out.limits.push_back(locate(spanOr(limit, pool.resource->declaration),
                                zone_count < 2 ? fmt::format("user pool '{}': {} zone{}", pool.name, zone_count,
                                                             zone_count == 1 ? "" : "s")
                                               : fmt::format("user pool '{}': at most {} node", pool.name, node_count)));
  }
  if (unknown_names) out.can_spread = Tri::Unknown;
  if (!any_user_pool && out.can_spread == Tri::False) out.can_spread = Tri::Unknown;  // RES004's finding, not this one
  return out;
}

// The workload's zone spread constraint, or nullptr.
const Value* zoneSpreadOf(const Resource& workload) {
  const Value* pod = workload.podSpec();
  const Value* constraints = pod ? pod->find("topologySpreadConstraints") : nullptr;
  if (!constraints || !constraints->isArray()) return nullptr;
  for (const Value& c : constraints->items()) {
    const Value* key = c.find("topologyKey");
    if (key && key->isString() && key->asString() == kZoneKey) return &c;
  }
  return nullptr;
}

}  // namespace

void checkResilienceZoneSpreadCapacity(CheckContext& context) {
  const Project& project = context.project();
  std::vector<const Resource*> clusters = azure::declaredOfType(project, azure::kManagedClusterType);
  if (clusters.empty()) return;
  // The workloads may run on any of the scanned clusters: reported only when none can hold the spread.
  std::vector<Location> limits;
  for (const Resource* cluster : clusters) {
    PoolCapacity capacity = capacityOf(project, *cluster);
    if (capacity.can_spread != Tri::False) return;
    for (Location& l : capacity.limits) limits.push_back(std::move(l));
  }
  for (const Resource& workload : project.resources()) {
    if (!resilience::isReplicated(workload)) continue;
    const Value* spread = zoneSpreadOf(workload);
    if (!spread) continue;
    resilience::ReplicaCount least = resilience::leastReplicasOf(project, workload);
    if (!least.count || *least.count < 2) continue;
    const Value* when = spread->find("whenUnsatisfiable");
    bool strict_spread = when && when->isString() && when->asString() == "DoNotSchedule";
    const Value* key = spread->find("topologyKey");
    context.report(workload, key->span(),
                   fmt::format("{} spreads {} replicas across zones, but the AKS cluster's user pools cannot: {}",
                               workload.displayName(), *least.count,
                               strict_spread ? "with whenUnsatisfiable: DoNotSchedule the replicas beyond one zone stay Pending"
                                             : "every replica lands in one zone, and a zone outage takes them all"),
                   "spec.template.spec.topologySpreadConstraints", limits);
  }
}

}  // namespace palisade
