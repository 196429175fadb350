#include <fmt/format.h>

#include "rules/checks/kubernetes/kubernetes_checks.h"

namespace palisade {

void checkServiceAccountTokenAutomount(const Resource& resource, CheckContext& context) {
  const Value* pod = resource.podSpec();
  if (!pod) return;
  const Value* automount = pod->find("automountServiceAccountToken");
  // An explicit value on the pod is a decision: `false` opts out, and `true`
  // says the pod calls the Kubernetes API (which we cannot know better).
  if (automount && automount->isBool()) return;
  if (automount && automount->isUnknown()) {
    if (context.strict()) context.report(resource, automount->span(), "automountServiceAccountToken is not known statically", "automountServiceAccountToken");
    return;
  }
  std::string account = "default";
  Span at = resource.declaration;
  for (std::string_view key : {"serviceAccountName", "serviceAccount"}) {
    if (const Value* name = pod->find(key); name && name->isString() && !name->asString().empty()) {
      account = name->asString();
      at = name->span();
      break;
    }
  }
  if (const Resource* sa = context.project().findNamed("ServiceAccount", resource.namespace_name, account)) {
    if (const Value* sa_automount = sa->body.find("automountServiceAccountToken"); sa_automount && sa_automount->isBool()) {
      if (!sa_automount->asBool()) return;
    }
  } else if (account != "default" && !context.strict()) {
    // The ServiceAccount lives outside the scanned files and may opt out itself: unknown.
    return;
  }
  context.report(resource, at,
                 fmt::format("{} gets the token of service account '{}' mounted automatically; set "
                             "automountServiceAccountToken: false on the pod or the ServiceAccount unless it calls "
                             "the Kubernetes API",
                             resource.displayName(), account),
                 "automountServiceAccountToken");
}

}  // namespace palisade
