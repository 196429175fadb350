#include <fmt/format.h>

#include "rules/checks/kubernetes/kubernetes_checks.h"

namespace palisade {

namespace {

bool sameNamespace(std::string_view a, std::string_view b) {
  auto normal = [](std::string_view ns) { return ns.empty() ? std::string_view("default") : ns; };
  return normal(a) == normal(b);
}

// A RoleBinding or ClusterRoleBinding of the scan that grants a role to the
// ServiceAccount `account` of `namespace_name`.
const Resource* bindingOf(const Project& project, std::string_view namespace_name, std::string_view account) {
  for (std::string_view kind : {"RoleBinding", "ClusterRoleBinding"}) {
    for (const Resource* binding : project.ofKind(kind)) {
      if (binding->format != Format::Kubernetes || binding->condition == Tri::False) continue;
      const Value* subjects = binding->body.find("subjects");
      if (!subjects || !subjects->isArray()) continue;
      for (const Value& subject : subjects->items()) {
        const Value* subject_kind = subject.find("kind");
        const Value* name = subject.find("name");
        if (!subject_kind || !subject_kind->isString() || subject_kind->asString() != "ServiceAccount") continue;
        if (!name || !name->isString() || name->asString() != account) continue;
        const Value* subject_ns = subject.find("namespace");
        std::string_view ns = subject_ns && subject_ns->isString() ? std::string_view(subject_ns->asString())
                                                                   : std::string_view(binding->namespace_name);
        if (sameNamespace(ns, namespace_name)) return binding;
      }
    }
  }
  return nullptr;
}

}  // namespace

void checkKubernetesServiceAccountTokenAutomount(const Resource& resource, CheckContext& context) {
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
      // `true` written on the ServiceAccount, and a role bound to it in the
      // scan: a workload that calls the Kubernetes API on purpose.
      if (bindingOf(context.project(), resource.namespace_name, account)) return;
    }
  } else if (account != "default" && !context.strict()) {
    // The ServiceAccount lives outside the scanned files and may opt out itself: unknown.
    return;
  }
  context.report(resource, at,
                 fmt::format("{} gets the token of service account '{}' mounted automatically", resource.displayName(),
                             account),
                 "automountServiceAccountToken");
  context.addHelp("set automountServiceAccountToken: false on the pod or the ServiceAccount unless it calls the "
                  "Kubernetes API");
  // The pod opts out itself: nothing else that uses the ServiceAccount changes.
  context.offerFix(std::string(kServiceAccountTokenAutomountFix.title), kServiceAccountTokenAutomountFix.safe, *pod, {"automountServiceAccountToken"},
                   Value::boolean(false));
}

}  // namespace palisade
