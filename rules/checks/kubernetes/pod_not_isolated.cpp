// K8S051: a workload that no NetworkPolicy or Calico policy selects, in a
// namespace that has policies (a namespace with none is K8S031's): its pods
// accept and send any traffic while the namespace looks protected.
#include <fmt/format.h>

#include <map>

#include "core/tri.h"
#include "parsers/calico/calico_model.h"
#include "parsers/calico/selector.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/checks/kubernetes/label_selector.h"
#include "rules/checks/kubernetes/pod_template.h"

namespace palisade {

namespace {

struct NamespacePolicies {
  std::vector<const Resource*> kubernetes;  // networking.k8s.io NetworkPolicy
  std::vector<const Resource*> calico;      // projectcalico.org NetworkPolicy
  bool other_engine = false;                // Cilium: not read here
};

const Value* specField(const Resource& r, std::string_view key) {
  const Value* spec = r.body.find("spec");
  return spec && spec->isObject() ? spec->find(key) : nullptr;
}

// A Calico selector against labels; Unknown when it is not a parsed string.
Tri calicoSelects(const Value* selector, const calico::Labels& labels) {
  if (!selector || selector->isNull()) return Tri::True;  // no selector: all()
  if (!selector->isString()) return Tri::Unknown;
  const calico::ParsedSelector parsed = calico::parseSelector(selector->asString());
  if (!parsed.ok()) return Tri::Unknown;
  return triOf(calico::matches(*parsed.root, labels));
}

Tri orTri(Tri a, Tri b) {
  if (a == Tri::True || b == Tri::True) return Tri::True;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::False;
}

}  // namespace

void checkKubernetesPodNotIsolated(CheckContext& context) {
  const Project& project = context.project();
  std::map<std::string, NamespacePolicies, std::less<>> by_namespace;
  std::vector<const Resource*> global_policies;
  bool clusterwide_unknown = false;
  for (const Resource& r : project.resources()) {
    if (r.condition == Tri::False) continue;
    if (r.format == Format::Kubernetes && r.kind == "NetworkPolicy" && !r.namespace_name.empty()) {
      by_namespace[r.namespace_name].kubernetes.push_back(&r);
    } else if (r.format == Format::Calico && r.kind == "NetworkPolicy" && !r.namespace_name.empty()) {
      by_namespace[r.namespace_name].calico.push_back(&r);
    } else if (r.format == Format::Calico && r.kind == "GlobalNetworkPolicy") {
      global_policies.push_back(&r);
    } else if (r.kind == "CiliumNetworkPolicy" && !r.namespace_name.empty()) {
      by_namespace[r.namespace_name].other_engine = true;
    } else if (r.kind == "CiliumClusterwideNetworkPolicy") {
      clusterwide_unknown = true;
    }
  }
  if (clusterwide_unknown) return;
  for (const Resource& r : project.resources()) {
    if (r.condition == Tri::False || !r.podSpec() || r.namespace_name.empty()) continue;
    const Value* pod_spec = r.podSpec();
    if (const Value* host = pod_spec->find("hostNetwork"); host && host->isBool() && host->asBool()) continue;
    const auto found = by_namespace.find(r.namespace_name);
    const NamespacePolicies empty;
    const NamespacePolicies& policies = found == by_namespace.end() ? empty : found->second;
    if (policies.other_engine) continue;
    const calico::Labels ns_labels = calico::namespaceLabels(project, r.namespace_name);
    std::vector<const Resource*> globals_here;
    for (const Resource* g : global_policies) {
      if (calicoSelects(specField(*g, "namespaceSelector"), ns_labels) != Tri::False) globals_here.push_back(g);
    }
    const std::size_t count = policies.kubernetes.size() + policies.calico.size() + globals_here.size();
    if (count == 0) continue;  // a namespace without policies is K8S031's
    const Value* metadata = r.kind == "Pod" ? r.body.find("metadata") : podTemplateMetadata(r);
    const Value* labels = metadata ? metadata->find("labels") : nullptr;
    const calico::LabelSet calico_labels = calico::readLabels(labels);
    calico::Labels pod_labels = calico_labels.known;
    pod_labels["projectcalico.org/namespace"] = r.namespace_name;
    pod_labels["projectcalico.org/orchestrator"] = "k8s";
    const bool labels_known = calico_labels.unknown.empty() && !(labels && labels->isUnknown());
    Tri selected = Tri::False;
    for (const Resource* p : policies.kubernetes) {
      const Value* pod_selector = specField(*p, "podSelector");
      if (!pod_selector || pod_selector->isNull()) {
        selected = Tri::True;
        break;
      }
      selected = orTri(selected, kubernetes::labelSelectorMatches(*pod_selector, labels));
    }
    for (const Resource* p : policies.calico) {
      const Value* sa = specField(*p, "serviceAccountSelector");
      const Tri by_selector = calicoSelects(specField(*p, "selector"), pod_labels);
      selected = orTri(selected, sa && !sa->isNull() && by_selector == Tri::True ? Tri::Unknown : by_selector);
    }
    for (const Resource* g : globals_here) {
      const Value* sa = specField(*g, "serviceAccountSelector");
      const Tri by_selector = calicoSelects(specField(*g, "selector"), pod_labels);
      selected = orTri(selected, sa && !sa->isNull() && by_selector == Tri::True ? Tri::Unknown : by_selector);
    }
    if (selected != Tri::False || !labels_known) continue;
    std::string shown;
    for (const auto& [k, v] : calico_labels.known) shown += fmt::format("{}{}={}", shown.empty() ? "" : ", ", k, v);
    context.report(r, r.declaration,
                   fmt::format("{} is selected by no network policy although namespace '{}' has {} that appl{}: its "
                               "pods ({}) accept and send any traffic",
                               r.displayName(), r.namespace_name, count, count == 1 ? "ies" : "y",
                               shown.empty() ? std::string("no labels") : "labels " + shown),
                   "network-isolation");
    context.addHelp("add a policy that selects them, or a default deny (podSelector: {}) for the namespace");
  }
}

}  // namespace palisade
