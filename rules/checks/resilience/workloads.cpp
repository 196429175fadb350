#include "rules/checks/resilience/workloads.h"

#include <algorithm>
#include <filesystem>
#include <iterator>

#include "rules/checks/kubernetes/label_selector.h"
#include "rules/checks/kubernetes/pod_template.h"

namespace palisade::resilience {

namespace {

ReplicaCount countAt(const Value* value) {
  if (!value || value->isNull()) return {1, nullptr};
  if (value->isInt()) return {value->asInt(), value};
  return {std::nullopt, value};
}

const Value* specEntry(const Resource& r, std::string_view key) {
  const Value* spec = r.body.find("spec");
  return spec && spec->isObject() ? spec->find(key) : nullptr;
}

}  // namespace

bool isReplicated(const Resource& workload) {
  if (workload.format != Format::Kubernetes) return false;
  std::string_view k = workload.kind;
  return k == "Deployment" || k == "StatefulSet" || k == "ReplicaSet" || k == "ReplicationController";
}

ReplicaCount replicasOf(const Resource& workload) { return countAt(specEntry(workload, "replicas")); }

namespace {

std::filesystem::path folderOf(const Resource& r) {
  const SourceFile* file = r.declaration.file ? r.declaration.file : r.body.span().file;
  return file ? std::filesystem::path(file->path()).lexically_normal().parent_path() : std::filesystem::path();
}

}  // namespace

bool mayBelongTogether(const Resource& a, const Resource& b) {
  if (!a.namespace_name.empty() && !b.namespace_name.empty() && a.namespace_name != b.namespace_name) return false;
  std::filesystem::path fa = folderOf(a), fb = folderOf(b);
  std::size_t depth_a = std::distance(fa.begin(), fa.end()), depth_b = std::distance(fb.begin(), fb.end());
  std::size_t common = 0;
  for (auto ia = fa.begin(), ib = fb.begin(); ia != fa.end() && ib != fb.end() && *ia == *ib; ++ia, ++ib) ++common;
  return common + 1 >= std::min(depth_a, depth_b);
}

std::vector<const Resource*> targetsOf(const Project& project, const Resource& autoscaler) {
  std::vector<const Resource*> out;
  const Value* ref = specEntry(autoscaler, "scaleTargetRef");
  const Value* kind = ref && ref->isObject() ? ref->find("kind") : nullptr;
  const Value* name = ref && ref->isObject() ? ref->find("name") : nullptr;
  if (!kind || !kind->isString() || !name || !name->isString()) return out;
  for (const Resource* r : project.ofKind(kind->asString())) {
    if (r->format == Format::Kubernetes && r->name == name->asString() && mayBelongTogether(*r, autoscaler)) out.push_back(r);
  }
  return out;
}

std::vector<const Resource*> autoscalersOf(const Project& project, const Resource& workload) {
  std::vector<const Resource*> out;
  for (const Resource* hpa : project.ofKind("HorizontalPodAutoscaler")) {
    for (const Resource* target : targetsOf(project, *hpa)) {
      if (target == &workload) out.push_back(hpa);
    }
  }
  return out;
}

ReplicaCount minReplicasOf(const Resource& autoscaler) { return countAt(specEntry(autoscaler, "minReplicas")); }

ReplicaCount leastReplicasOf(const Project& project, const Resource& workload) {
  std::vector<const Resource*> autoscalers = autoscalersOf(project, workload);
  if (autoscalers.empty()) return replicasOf(workload);
  return minReplicasOf(*autoscalers.front());
}

Tri budgetSelects(const Resource& budget, const Resource& workload) {
  if (!mayBelongTogether(budget, workload)) return Tri::False;
  const Value* selector = specEntry(budget, "selector");
  // policy/v1: a null selector selects no pods; an empty one selects every pod of the namespace.
  if (!selector || selector->isNull()) return Tri::False;
  const Value* metadata = podTemplateMetadata(workload);
  return kubernetes::labelSelectorMatches(*selector, metadata ? metadata->find("labels") : nullptr);
}

}  // namespace palisade::resilience
