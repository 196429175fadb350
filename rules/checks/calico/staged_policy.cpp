// CAL019: staged policies left in the tree: Calico only previews them, so
// whatever they are meant to enforce is not enforced.
#include <fmt/format.h>

#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

void checkCalicoStagedPolicy(const Resource& resource, CheckContext& context) {
  if (!isStagedKind(resource.kind)) return;
  const Value* kind = resource.body.find("kind");
  const Value* action = resource.body.find("spec") ? resource.body.find("spec")->find("stagedAction") : nullptr;
  const std::string what = action && action->isString() && action->asString() == "Delete"
                               ? "the deletion it stages has not happened"
                               : "its rules are only previewed, not enforced";
  const std::string enforced = resource.kind == "StagedKubernetesNetworkPolicy"
                                   ? std::string("Kubernetes NetworkPolicy (networking.k8s.io/v1)")
                                   : resource.kind.substr(6);
  context.report(resource, kind ? kind->span() : resource.declaration,
                 fmt::format("{} '{}' is staged: {}", resource.kind, resource.name, what), "kind");
  context.addHelp(fmt::format("promote it to a {} or remove it once reviewed", enforced));
}

}  // namespace palisade::calico
