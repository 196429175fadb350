#include <fmt/format.h>

#include <map>
#include <vector>


#include "core/tri.h"
#include "parsers/calico/selector.h"
#include "rules/checks/kubernetes/kubernetes_checks.h"

namespace palisade {

namespace {

// Namespaces the cluster runs itself, which hold no workloads of the scanned project.
bool isClusterManagedNamespace(std::string_view name) { return name == "kube-public" || name == "kube-node-lease"; }

struct NamespaceUse {
  const Resource* namespace_object = nullptr;  // the scanned Namespace, if any
  const Resource* first_workload = nullptr;
  std::vector<const Resource*> workloads;  // in scan order; the finding's related locations
};

bool isNamespacedPolicy(const Resource& r) {
  if (r.format == Format::Calico) return r.kind == "NetworkPolicy";  // staged policies enforce nothing
  return r.kind == "NetworkPolicy" || r.kind == "CiliumNetworkPolicy";
}

calico::Labels namespaceLabels(const std::string& name, const Resource* namespace_object) {
  calico::Labels labels;
  if (namespace_object) {
    const Value* metadata = namespace_object->body.find("metadata");
    const Value* map = metadata ? metadata->find("labels") : nullptr;
    if (map && map->isObject()) {
      for (const Member& m : map->members()) {
        if (m.value.isString()) labels[m.key] = m.value.asString();
      }
    }
  }
  labels["kubernetes.io/metadata.name"] = name;
  labels["projectcalico.org/name"] = name;
  return labels;
}

// Whether a GlobalNetworkPolicy's namespaceSelector applies to the namespace.
Tri globalPolicyCovers(const Resource& policy, const std::string& name, const Resource* namespace_object) {
  const Value* spec = policy.body.find("spec");
  const Value* selector = spec ? spec->find("namespaceSelector") : nullptr;
  if (!selector || selector->isNull()) return Tri::True;  // applies to endpoints in every namespace
  if (!selector->isString()) return Tri::Unknown;
  calico::ParsedSelector parsed = calico::parseSelector(selector->asString());
  if (!parsed.ok()) return Tri::Unknown;
  if (calico::matches(*parsed.root, namespaceLabels(name, namespace_object))) return Tri::True;
  // Without the Namespace object its labels are unknown: the selector may still select it.
  return namespace_object ? Tri::False : Tri::Unknown;
}

}  // namespace

void checkKubernetesNamespaceWithoutNetworkPolicy(CheckContext& context) {
  const Project& project = context.project();
  std::map<std::string, NamespaceUse> namespaces;
  std::map<std::string, bool> has_policy;
  bool clusterwide_unknown = false;
  std::vector<const Resource*> global_policies;
  const Resource* deploy_time_policy = nullptr;  // the first policy without a namespace
  for (const Resource& r : project.resources()) {
    if (r.condition == Tri::False) continue;
    if (r.format == Format::Kubernetes && r.kind == "Namespace" && !r.name.empty()) {
      namespaces[r.name].namespace_object = &r;
    } else if (r.podSpec() && !r.namespace_name.empty()) {
      NamespaceUse& use = namespaces[r.namespace_name];
      if (!use.first_workload) use.first_workload = &r;
      use.workloads.push_back(&r);
    }
    // A policy's namespace is its own or the one the Kustomize build gave it.
    // One without either is applied wherever its deployer says (`kubectl
    // apply -n`): where its file lies proves nothing.
    if (isNamespacedPolicy(r)) {
      if (!r.namespace_name.empty()) {
        has_policy[r.namespace_name] = true;
      } else if (!deploy_time_policy) {
        deploy_time_policy = &r;
      }
    } else if (r.format == Format::Calico && r.kind == "GlobalNetworkPolicy") {
      global_policies.push_back(&r);
    } else if (r.kind == "CiliumClusterwideNetworkPolicy") {
      clusterwide_unknown = true;
    }
  }
  for (const auto& [name, use] : namespaces) {
    if (isClusterManagedNamespace(name) || has_policy.count(name)) continue;
    // A namespace the scan knows only by its Namespace object (no workload
    // names it) is where the objects without a namespace may be applied: a
    // policy without one may cover it. A namespace whose workloads name it is
    // not covered by a policy that does not.
    bool deploy_time_target = deploy_time_policy && use.workloads.empty();
    Tri covered = clusterwide_unknown || deploy_time_target ? Tri::Unknown : Tri::False;
    for (const Resource* policy : global_policies) {
      Tri t = globalPolicyCovers(*policy, name, use.namespace_object);
      if (t == Tri::True) {
        covered = Tri::True;
        break;
      }
      if (t == Tri::Unknown) covered = Tri::Unknown;
    }
    if (covered == Tri::True || (covered == Tri::Unknown && !context.strict())) continue;
    const Resource& anchor = use.namespace_object ? *use.namespace_object : *use.first_workload;
    std::string where = use.namespace_object ? "" : fmt::format(" (its first workload is {})", anchor.displayName());
    std::string message =
        fmt::format("namespace '{}' has no network policy in the scanned files{}; add a default-deny NetworkPolicy "
                    "to it and allow only the traffic it needs",
                    name, where);
    // Every workload of the namespace is a related location, so diff mode and
    // the pre-commit hook (`--context`) report the finding when a change adds
    // or touches one, even when the Namespace object lies in another file.
    std::vector<Location> related;
    for (const Resource* workload : use.workloads) {
      if (workload != &anchor) related.push_back(locate(workload->declaration, "a workload in the namespace"));
    }
    if (deploy_time_target) related.push_back(locate(deploy_time_policy->declaration, "a policy without a namespace"));
    context.report(anchor, anchor.declaration, std::move(message), "namespace:" + name, std::move(related));
    if (covered == Tri::Unknown) {
      context.markReportedBecauseStrict(deploy_time_target
                                            ? "no workload names it, and a policy without a namespace may be applied into it"
                                            : "a label selector or a cluster-wide policy may cover it");
    }
  }
}

}  // namespace palisade
