#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

Labels namespaceLabels(const Project& project, const std::string& name) {
  Labels labels;
  for (const Resource* ns : project.ofKind("Namespace")) {
    if (ns->format != Format::Kubernetes || ns->name != name) continue;
    const Value* metadata = ns->body.find("metadata");
    labels = readLabels(metadata ? metadata->find("labels") : nullptr).known;
  }
  labels["kubernetes.io/metadata.name"] = name;
  labels["projectcalico.org/name"] = name;
  return labels;
}

}  // namespace palisade::calico
