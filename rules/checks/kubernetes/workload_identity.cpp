#include <fmt/format.h>

#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/checks/kubernetes/pod_template.h"
#include "rules/checks/kubernetes/workload_identity_labels.h"

namespace palisade {

namespace {

bool isTrue(const Value* v) {
  if (!v) return false;
  if (v->isBool()) return v->asBool();
  return v->isString() && v->asString() == "true";
}

bool hasClientId(const Resource& service_account) {
  const Value* id = metadataEntry(service_account.body.find("metadata"), "annotations", kWorkloadIdentityClientIdAnnotation);
  return id && (id->isUnknown() || (id->isString() && !id->asString().empty()));
}

}  // namespace

void checkKubernetesWorkloadIdentity(const Resource& resource, CheckContext& context) {
  const Value* pod = resource.podSpec();
  if (!pod) return;
  const Value* pod_metadata = podTemplateMetadata(resource);
  const Value* use = metadataEntry(pod_metadata, "labels", kWorkloadIdentityUseLabel);
  if (use && use->isUnknown()) return;

  std::string account = "default";
  const Value* account_value = nullptr;
  for (std::string_view key : {"serviceAccountName", "serviceAccount"}) {
    if (const Value* name = pod->find(key); name && !name->isNull()) {
      if (!name->isString()) return;  // Unknown or malformed: nothing to conclude
      if (name->asString().empty()) continue;
      account = name->asString();
      account_value = name;
      break;
    }
  }
  const Resource* service_account = context.project().findNamed("ServiceAccount", resource.namespace_name, account);

  if (!isTrue(use)) {
    // The label on the workload itself does nothing: the webhook looks at pods.
    const Value* own_label = resource.kind == "Pod" ? nullptr : metadataEntry(resource.body.find("metadata"), "labels", kWorkloadIdentityUseLabel);
    if (isTrue(own_label)) {
      context.report(resource, own_label->span(),
                     fmt::format("{} carries the label {} on its own metadata, where the workload identity webhook "
                                 "does not look",
                                 resource.displayName(), kWorkloadIdentityUseLabel),
                     std::string("metadata.labels['") + std::string(kWorkloadIdentityUseLabel) + "']");
      context.addHelp("move it to the pod template's metadata.labels");
    } else if (service_account && hasClientId(*service_account)) {
      std::vector<Location> related = {locate(service_account->declaration, "the ServiceAccount with the client-id")};
      context.report(resource, account_value ? account_value->span() : resource.declaration,
                     fmt::format("{} runs as ServiceAccount '{}', which is set up for Azure workload identity, but the "
                                 "pod lacks the label {}: \"true\", so no token is injected",
                                 resource.displayName(), account, kWorkloadIdentityUseLabel),
                     "serviceAccountName", std::move(related));
      context.addHelp("add the label to the pod template");
    }
    return;
  }

  if (account == "default") {
    context.report(resource, account_value ? account_value->span() : use->span(),
                   fmt::format("{} uses Azure workload identity as the default ServiceAccount, which every other pod of "
                               "the namespace shares",
                               resource.displayName()),
                   "serviceAccountName");
    context.addHelp(fmt::format("create a dedicated ServiceAccount with the {} annotation and name it in "
                                "serviceAccountName",
                                kWorkloadIdentityClientIdAnnotation));
    return;
  }
  if (service_account) {
    if (hasClientId(*service_account)) return;
    std::vector<Location> related = {locate(service_account->declaration, "the ServiceAccount")};
    context.report(resource, account_value->span(),
                   fmt::format("{} uses Azure workload identity, but its ServiceAccount '{}' has no {} annotation",
                               resource.displayName(), account, kWorkloadIdentityClientIdAnnotation),
                   "serviceAccountName", std::move(related));
    context.addHelp("add the managed identity's client id to the ServiceAccount");
    return;
  }
  if (!resource.namespace_name.empty() && context.project().findNamed("Namespace", "", resource.namespace_name)) {
    context.report(resource, account_value->span(),
                   fmt::format("{} uses Azure workload identity with ServiceAccount '{}', which the scanned files do not "
                               "define although they define namespace '{}'",
                               resource.displayName(), account, resource.namespace_name),
                   "serviceAccountName");
    context.addHelp(fmt::format("add the ServiceAccount with its {} annotation", kWorkloadIdentityClientIdAnnotation));
  }
}

}  // namespace palisade
