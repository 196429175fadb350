// RES040–RES042, RES045, RES046: replicas, disruption budgets and
// autoscalers, matched to the workloads they name or select.
#include <fmt/format.h>

#include "rules/checks/check_support.h"
#include "rules/checks/kubernetes/pod_template.h"
#include "rules/checks/resilience/resilience_checks.h"
#include "rules/checks/resilience/workloads.h"

namespace palisade {

namespace {

using resilience::ReplicaCount;


const Value* specEntry(const Resource& r, std::string_view key) {
  const Value* spec = r.body.find("spec");
  return spec && spec->isObject() ? spec->find(key) : nullptr;
}

// "0", 0 or "0%": no pod may go.
bool isZero(const Value* v) {
  if (!v) return false;
  if (v->isInt()) return v->asInt() == 0;
  return v->isString() && (v->asString() == "0" || v->asString() == "0%");
}

}  // namespace

void checkResilienceWorkloadReplicas(const Resource& resource, CheckContext& context) {
  std::vector<const Resource*> autoscalers = resilience::autoscalersOf(context.project(), resource);
  if (!autoscalers.empty()) {
    const Resource& hpa = *autoscalers.front();
    ReplicaCount least = resilience::minReplicasOf(hpa);
    if (!least.count || *least.count >= 2) return;
    context.report(hpa, spanOr(least.at, hpa.declaration),
                   fmt::format("{} scales {} down to {} replica; one pod is a single point of failure during node "
                               "drains and rollouts (set minReplicas: 2 or more)",
                               hpa.displayName(), resource.displayName(), *least.count),
                   "spec.minReplicas", {locate(resource.declaration, "the workload it scales")});
    return;
  }
  ReplicaCount replicas = resilience::replicasOf(resource);
  // 0 is a workload switched off on purpose.
  if (!replicas.count || *replicas.count >= 2 || *replicas.count == 0) return;
  context.report(resource, spanOr(replicas.at, resource.declaration),
                 fmt::format("{} runs {} replica{} and no HorizontalPodAutoscaler keeps more; one pod is a single point "
                             "of failure during node drains and rollouts (set replicas: 2 or more)",
                             resource.displayName(), *replicas.count, replicas.at ? "" : " (replicas not set)"),
                 "spec.replicas");
}

void checkResiliencePdbMissing(const Resource& resource, CheckContext& context) {
  ReplicaCount least = resilience::leastReplicasOf(context.project(), resource);
  if (!least.count || *least.count < 2) return;
  Tri covered = Tri::False;
  for (const Resource* budget : context.project().ofKind("PodDisruptionBudget")) {
    if (budget->format != Format::Kubernetes) continue;
    Tri selects = resilience::budgetSelects(*budget, resource);
    if (selects == Tri::True) return;
    if (selects == Tri::Unknown) covered = Tri::Unknown;
  }
  if (covered == Tri::Unknown && !context.strict()) return;
  context.report(resource, resource.declaration,
                 fmt::format("{} runs {} replicas but no PodDisruptionBudget in the scan selects its pods; a node "
                             "drain or upgrade may evict them all at once",
                             resource.displayName(), *least.count),
                 "PodDisruptionBudget");
  if (covered == Tri::Unknown) context.markReportedBecauseStrict("a selector cannot be known statically");
}

void checkResiliencePdbBlocksEviction(const Resource& resource, CheckContext& context) {
  const Value* max_unavailable = specEntry(resource, "maxUnavailable");
  const Value* min_available = specEntry(resource, "minAvailable");
  if (isZero(max_unavailable)) {
    context.report(resource, max_unavailable->span(),
                   fmt::format("{} allows no voluntary disruption (maxUnavailable: {}); node drains and cluster upgrades "
                               "block on its pods until someone deletes it",
                               resource.displayName(), max_unavailable->toDisplayString()),
                   "spec.maxUnavailable");
    return;
  }
  if (!min_available) return;
  if (min_available->isString() && min_available->asString() == "100%") {
    context.report(resource, min_available->span(),
                   fmt::format("{} allows no voluntary disruption (minAvailable: 100%); node drains and cluster upgrades "
                               "block on its pods",
                               resource.displayName()),
                   "spec.minAvailable");
    return;
  }
  if (!min_available->isInt()) return;
  for (const std::string_view kind : {"Deployment", "StatefulSet", "ReplicaSet", "ReplicationController"}) {
    for (const Resource* workload : context.project().ofKind(kind)) {
      if (!resilience::isReplicated(*workload) || resilience::budgetSelects(resource, *workload) != Tri::True) continue;
      ReplicaCount least = resilience::leastReplicasOf(context.project(), *workload);
      if (!least.count || *least.count == 0 || min_available->asInt() < *least.count) continue;
      context.report(resource, min_available->span(),
                     fmt::format("{} requires {} pods available but {} runs {}; no pod may ever be evicted, so node "
                                 "drains and cluster upgrades block",
                                 resource.displayName(), min_available->asInt(), workload->displayName(), *least.count),
                     "spec.minAvailable", {locate(spanOr(least.at, workload->declaration), "the replicas it selects")});
      return;
    }
  }
}

void checkResilienceHpaTargetMissing(const Resource& resource, CheckContext& context) {
  const Value* ref = specEntry(resource, "scaleTargetRef");
  const Value* kind = ref && ref->isObject() ? ref->find("kind") : nullptr;
  const Value* name = ref && ref->isObject() ? ref->find("name") : nullptr;
  if (!kind || !kind->isString() || !name || !name->isString()) return;
  // Judged only where the scan holds workloads of that kind: a scan of the autoscaler alone proves nothing.
  bool kind_scanned = false;
  for (const Resource* r : context.project().ofKind(kind->asString())) kind_scanned |= r->format == Format::Kubernetes;
  if (!kind_scanned || !resilience::targetsOf(context.project(), resource).empty()) return;
  context.report(resource, name->span(),
                 fmt::format("{} scales {} '{}', which is not in the scanned files beside it (a renamed or removed "
                             "workload?); the autoscaler does nothing",
                             resource.displayName(), kind->asString(), name->asString()),
                 "spec.scaleTargetRef.name");
}

void checkResilienceHpaRequestsMissing(const Resource& resource, CheckContext& context) {
  // The resources it scales on by utilisation: autoscaling/v2 `metrics`, v1's CPU target, or v2's default (CPU).
  std::vector<std::pair<std::string, const Value*>> scaled_on;
  const Value* metrics = specEntry(resource, "metrics");
  if (const Value* v1 = specEntry(resource, "targetCPUUtilizationPercentage")) {
    scaled_on.emplace_back("cpu", v1);
  } else if (metrics && metrics->isArray()) {
    for (const Value& metric : metrics->items()) {
      const Value* type = metric.find("type");
      const Value* res = metric.find("resource");
      if (!type || !type->isString() || type->asString() != "Resource" || !res) continue;
      const Value* name = res->find("name");
      const Value* target = res->find("target");
      const Value* target_type = target ? target->find("type") : nullptr;
      bool utilisation = (target_type && target_type->isString() && target_type->asString() == "Utilization") ||
                         res->find("targetAverageUtilization");  // autoscaling/v2beta1
      if (name && name->isString() && utilisation) scaled_on.emplace_back(name->asString(), &metric);
    }
  } else if (!metrics) {
    scaled_on.emplace_back("cpu", nullptr);
  }
  for (const Resource* workload : resilience::targetsOf(context.project(), resource)) {
    const Value* pod = workload->podSpec();
    const Value* containers = pod ? pod->find("containers") : nullptr;
    if (!containers || !containers->isArray()) continue;
    for (const auto& [name, metric] : scaled_on) {
      for (const Value& container : containers->items()) {
        const Value* resources = container.find("resources");
        const Value* requests = resources ? resources->find("requests") : nullptr;
        if (requests && (requests->isUnknown() || requests->find(name))) continue;
        if (resources && resources->isUnknown()) continue;
        const Value* container_name = container.find("name");
        std::string label = container_name && container_name->isString() ? container_name->asString() : "?";
        context.report(*workload, spanOr(resources, spanOr(container_name, container.span())),
                       fmt::format("container '{}' of {} requests no {}, but {} scales it on {} utilisation, a "
                                   "percentage of the request; the autoscaler cannot compute it and does not scale",
                                   label, workload->displayName(), name, resource.displayName(), name),
                       fmt::format("spec.template.spec.containers[{}].resources.requests.{}", label, name),
                       {locate(spanOr(metric, resource.declaration), "the utilisation target")});
      }
    }
  }
}

}  // namespace palisade
