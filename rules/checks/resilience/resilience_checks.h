// The C++ checks of the resilience pack (rules/packs/resilience, off by
// default): AKS node pools counted and compared, PodDisruptionBudgets and
// HorizontalPodAutoscalers matched to the workloads they select, and the
// cross-format check of a zone spread against the pools that must hold it.
#pragma once

#include "rules/engine/check.h"

namespace palisade {

// RES002: an AKS node pool in fewer availability zones than `params.min-zones` (3).
void checkResilienceAksNodePoolZones(const Resource& resource, CheckContext& context);
// RES003: an AKS system pool without the CriticalAddonsOnly taint.
void checkResilienceAksSystemPoolCriticalAddonsOnly(const Resource& resource, CheckContext& context);
// RES004: an AKS cluster without both a system pool and a user pool.
void checkResilienceAksSystemAndUserPools(const Resource& resource, CheckContext& context);
// RES005: an AKS user pool without the cluster autoscaler, or with maxCount <= minCount.
void checkResilienceAksUserPoolAutoscaling(const Resource& resource, CheckContext& context);
// RES006: an AKS node pool without upgradeSettings.maxSurge.
void checkResilienceAksPoolMaxSurge(const Resource& resource, CheckContext& context);
// RES010: an AKS node pool on managed OS disks although its VM size has a local disk for an ephemeral one.
void checkResilienceAksEphemeralOsDisk(const Resource& resource, CheckContext& context);
// RES008: an AKS cluster without a planned maintenance configuration.
void checkResilienceAksMaintenanceWindow(const Resource& resource, CheckContext& context);

// RES021: a storage account deployed with an AKS cluster, with a SKU that is not zone-redundant.
void checkResilienceStorageZoneRedundant(const Resource& resource, CheckContext& context);

// RES040: a Deployment or StatefulSet that runs one replica, with no HPA keeping two or more.
void checkResilienceWorkloadReplicas(const Resource& resource, CheckContext& context);
// RES041: a workload of two or more replicas that no PodDisruptionBudget selects.
void checkResiliencePdbMissing(const Resource& resource, CheckContext& context);
// RES042: a PodDisruptionBudget that allows no voluntary disruption at all.
void checkResiliencePdbBlocksEviction(const Resource& resource, CheckContext& context);
// RES045: a HorizontalPodAutoscaler whose target is not in the scan.
void checkResilienceHpaTargetMissing(const Resource& resource, CheckContext& context);
// RES046: a HorizontalPodAutoscaler scaling on utilisation of a resource its target's containers do not request.
void checkResilienceHpaRequestsMissing(const Resource& resource, CheckContext& context);

// RES060: a workload spread across zones in a cluster whose user pools cannot hold the spread.
void checkResilienceZoneSpreadCapacity(CheckContext& context);

}  // namespace palisade
