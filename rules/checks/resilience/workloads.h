// What the resilience checks ask about Kubernetes workloads: how many
// replicas they run (by themselves or under a HorizontalPodAutoscaler), the
// autoscalers that target them and the disruption budgets that select them.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "core/project.h"
#include "core/tri.h"

namespace palisade::resilience {

// A replica count: known, or not knowable statically (`count` empty).
struct ReplicaCount {
  std::optional<int64_t> count;
  const Value* at = nullptr;  // the value it was read from (nullptr: the default)
};

// Deployments, StatefulSets, ReplicaSets and ReplicationControllers: the kinds with `spec.replicas`.
bool isReplicated(const Resource& workload);
// `spec.replicas`, 1 when absent.
ReplicaCount replicasOf(const Resource& workload);
// Whether two objects may belong together (an autoscaler or a budget and its
// workload): their namespaces are equal or unset on either side (a
// kustomization or `kubectl -n` gives it at deploy time), and their files are
// in the same folder or one folder apart (`app/base` and `app/overlays/prod`,
// not two samples of one repository).
bool mayBelongTogether(const Resource& a, const Resource& b);
// HorizontalPodAutoscalers whose scaleTargetRef names the workload (and that may belong with it).
std::vector<const Resource*> autoscalersOf(const Project& project, const Resource& workload);
// An autoscaler's `spec.minReplicas`, 1 when absent.
ReplicaCount minReplicasOf(const Resource& autoscaler);
// The fewest replicas the workload runs: its autoscaler's minimum when one
// targets it, else its own count.
ReplicaCount leastReplicasOf(const Project& project, const Resource& workload);
// Whether a PodDisruptionBudget selects the workload's pods.
Tri budgetSelects(const Resource& budget, const Resource& workload);
// The workloads an autoscaler's scaleTargetRef names (and that may belong with it).
std::vector<const Resource*> targetsOf(const Project& project, const Resource& autoscaler);

}  // namespace palisade::resilience
