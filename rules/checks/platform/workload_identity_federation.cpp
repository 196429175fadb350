#include <fmt/format.h>

#include <map>
#include <optional>
#include <utility>

#include "core/ascii.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/kubernetes/pod_template.h"
#include "rules/checks/kubernetes/workload_identity_labels.h"
#include "rules/checks/platform/platform_checks.h"

namespace palisade {

namespace {

constexpr std::string_view kIdentityType = "Microsoft.ManagedIdentity/userAssignedIdentities";
constexpr std::string_view kCredentialType = "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials";
constexpr std::string_view kSubjectPrefix = "system:serviceaccount:";
constexpr std::string_view kClientIdPath = "metadata.annotations['azure.workload.identity/client-id']";

struct Federation {
  const Resource* credential = nullptr;
  const Value* subject = nullptr;
  const Resource* identity = nullptr;  // the parent identity, when declared in the scan
  std::string identity_name;
};

// `system:serviceaccount:NS:NAME` → (NS, NAME); nullopt for other subjects (GitHub, other issuers).
std::optional<std::pair<std::string, std::string>> serviceAccountOf(std::string_view subject) {
  if (!subject.starts_with(kSubjectPrefix)) return std::nullopt;
  subject.remove_prefix(kSubjectPrefix.size());
  std::size_t colon = subject.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == subject.size()) return std::nullopt;
  return std::make_pair(std::string(subject.substr(0, colon)), std::string(subject.substr(colon + 1)));
}

// The manifests of a namespace count as scanned when the namespace itself or
// another ServiceAccount of it is defined: then a missing ServiceAccount is
// missing, not merely kept elsewhere.
const Resource* scannedNamespaceEvidence(const Project& project, const std::string& namespace_name) {
  if (const Resource* ns = project.findNamed("Namespace", "", namespace_name)) return ns;
  for (const Resource* account : project.ofKind("ServiceAccount")) {
    if (account->format == Format::Kubernetes && account->namespace_name == namespace_name) return account;
  }
  return nullptr;
}

// The client id the model states for an identity (hand-written or exported
// ARM); a Bicep declaration leaves it to Azure, so it is usually unknown.
const Value* knownClientId(const Resource* identity) {
  if (!identity) return nullptr;
  const Value* id = valueAt(identity->body, "properties.clientId");
  return id && id->isString() && !id->asString().empty() ? id : nullptr;
}

const Value* serviceAccountNameOf(const Value& pod_spec) {
  for (std::string_view key : {"serviceAccountName", "serviceAccount"}) {
    const Value* name = pod_spec.find(key);
    if (name && !name->isNull() && !(name->isString() && name->asString().empty())) return name;
  }
  return nullptr;
}

std::string credentialName(const Federation& f) {
  return f.credential->name.empty() ? f.credential->symbolic_name : f.credential->name;
}

Location credentialLocation(const Federation& f) {
  return locate(f.subject->span(), fmt::format("the federated credential of managed identity '{}'", f.identity_name));
}

void reportDefaultAccount(const Federation& f, const std::string& namespace_name, CheckContext& context) {
  std::vector<Location> related;
  if (const Resource* account = context.project().findNamed("ServiceAccount", namespace_name, "default")) {
    related.push_back(locate(account->declaration, "the default ServiceAccount of namespace " + namespace_name));
  } else if (const Resource* evidence = scannedNamespaceEvidence(context.project(), namespace_name)) {
    related.push_back(locate(evidence->declaration, fmt::format("namespace '{}' in the Kubernetes manifests", namespace_name)));
  }
  context.report(*f.credential, f.subject->span(),
                 fmt::format("federated credential '{}' lets the `default` ServiceAccount of namespace '{}' act as "
                             "managed identity '{}': every pod of the namespace without its own ServiceAccount gets "
                             "the identity's tokens",
                             credentialName(f), namespace_name, f.identity_name),
                 "properties.subject", std::move(related));
  context.addHelp("federate a dedicated ServiceAccount instead");
}

void reportMissingAccount(const Federation& f, const std::string& namespace_name, const std::string& account_name,
                          const Resource& evidence, CheckContext& context) {
  std::string what = evidence.kind == "Namespace"
                         ? fmt::format("namespace '{}', defined here without ServiceAccount '{}'", namespace_name, account_name)
                         : fmt::format("another ServiceAccount of namespace '{}', defined here", namespace_name);
  std::vector<Location> related = {locate(evidence.declaration, std::move(what))};
  context.report(*f.credential, f.subject->span(),
                 fmt::format("federated credential '{}' of managed identity '{}' trusts ServiceAccount '{}' in "
                             "namespace '{}', which the Kubernetes manifests do not define",
                             credentialName(f), f.identity_name, account_name, namespace_name),
                 "properties.subject", std::move(related));
  context.addHelp(fmt::format("add the ServiceAccount (with the {} annotation) or fix the subject", kWorkloadIdentityClientIdAnnotation));
}

void checkServiceAccount(const Resource& account, const std::vector<Federation>& federations, CheckContext& context) {
  const Federation& first = federations.front();
  const Value* annotation = metadataEntry(account.body.find("metadata"), "annotations", kWorkloadIdentityClientIdAnnotation);
  if (isAbsent(annotation)) {
    context.report(account, account.declaration,
                   fmt::format("{} is federated with managed identity '{}' (credential '{}') but has no {} annotation: "
                               "the workload identity webhook cannot tell its pods which identity to use",
                               account.displayName(), first.identity_name, credentialName(first), kWorkloadIdentityClientIdAnnotation),
                   kClientIdPath, {credentialLocation(first)});
    context.addHelp("annotate it with the identity's client id");
    return;
  }
  if (!annotation->isString()) return;
  // Mismatch only when every federated identity's client id is known and none matches.
  std::vector<Location> related;
  for (const Federation& f : federations) {
    const Value* client_id = knownClientId(f.identity);
    if (!client_id) return;
    if (equalsIgnoreCase(client_id->asString(), annotation->asString())) return;
    related.push_back(credentialLocation(f));
    related.push_back(locate(client_id->span(), fmt::format("the client id of managed identity '{}'", f.identity_name)));
  }
  context.report(account, annotation->span(),
                 fmt::format("{} names client id {}, but the managed identity federated for it, '{}', has client id "
                             "{}: the token exchange will fail (or reach another identity)",
                             account.displayName(), annotation->asString(), first.identity_name,
                             knownClientId(first.identity)->asString()),
                 kClientIdPath, std::move(related));
  context.addHelp("use the federated identity's client id");
}

void checkPodsOf(const std::string& namespace_name, const std::string& account_name, const Federation& f,
                 CheckContext& context) {
  for (const Resource& workload : context.project().resources()) {
    const Value* pod = workload.podSpec();
    if (!pod || workload.format != Format::Kubernetes || workload.namespace_name != namespace_name) continue;
    const Value* account = serviceAccountNameOf(*pod);
    if (!account || !account->isString() || account->asString() != account_name) continue;
    const Value* use = metadataEntry(podTemplateMetadata(workload), "labels", kWorkloadIdentityUseLabel);
    if (use && (use->isUnknown() || (use->isString() && use->asString() == "true") || (use->isBool() && use->asBool()))) {
      continue;
    }
    context.report(workload, account->span(),
                   fmt::format("{} runs as ServiceAccount '{}', which managed identity '{}' trusts (credential '{}'), "
                               "but its pods lack the label {}: \"true\", so no federated token is injected",
                               workload.displayName(), account_name, f.identity_name, credentialName(f), kWorkloadIdentityUseLabel),
                   "serviceAccountName", {credentialLocation(f)});
    context.addHelp("add the label to the pod template");
  }
}

// The SecretProviderClass a CSI volume of the Secrets Store driver names, in the pod's namespace.
const Resource* secretProviderOf(const Value& volume, const std::string& namespace_name, const Project& project) {
  const Value* csi = volume.find("csi");
  if (!csi || !csi->isObject()) return nullptr;
  const Value* driver = csi->find("driver");
  if (!driver || !driver->isString() || driver->asString() != "secrets-store.csi.k8s.io") return nullptr;
  const Value* name = valueAt(*csi, "volumeAttributes.secretProviderClass");
  if (!name || !name->isString()) return nullptr;
  return project.findNamed("SecretProviderClass", namespace_name, name->asString());
}

// Whether a SecretProviderClass reads Key Vault as one of the federated
// identities: its `clientID` is that identity's client id, or an id the scan
// cannot compare (the identity's client id is left to Azure).
bool providerUsesIdentity(const Resource& provider, const std::vector<Federation>& federations) {
  const Value* client_id = valueAt(provider.body, "spec.parameters.clientID");
  if (!client_id || client_id->isNull()) return false;
  if (!client_id->isString()) return client_id->isUnknown();
  if (client_id->asString().empty()) return false;
  for (const Federation& f : federations) {
    const Value* known = knownClientId(f.identity);
    if (!known || equalsIgnoreCase(known->asString(), client_id->asString())) return true;
  }
  return false;
}

// Workload identity through the Secrets Store CSI driver: every pod that runs
// as the ServiceAccount (at least one) mounts a SecretProviderClass whose
// `clientID` names the identity. The driver asks for the account's token
// itself; neither the client-id annotation nor the pod label is needed.
bool usedOnlyThroughSecretsStore(const std::string& namespace_name, const std::string& account_name,
                                 const std::vector<Federation>& federations, const Project& project) {
  bool any_pod = false;
  for (const Resource& workload : project.resources()) {
    const Value* pod = workload.podSpec();
    if (!pod || workload.format != Format::Kubernetes || workload.namespace_name != namespace_name) continue;
    const Value* account = serviceAccountNameOf(*pod);
    if (!account || !account->isString() || account->asString() != account_name) continue;
    any_pod = true;
    bool mounts = false;
    if (const Value* volumes = pod->find("volumes"); volumes && volumes->isArray()) {
      for (const Value& volume : volumes->items()) {
        const Resource* provider = secretProviderOf(volume, namespace_name, project);
        if (provider && providerUsesIdentity(*provider, federations)) mounts = true;
      }
    }
    if (!mounts) return false;
  }
  return any_pod;
}

}  // namespace

void checkPlatformWorkloadIdentityFederation(CheckContext& context) {
  const Project& project = context.project();
  // (namespace, account) → the credentials that trust it, in input order.
  std::map<std::pair<std::string, std::string>, std::vector<Federation>> trusted;
  for (const Resource* credential : azure::declaredOfType(project, kCredentialType)) {
    const Value* subject = valueAt(credential->body, "properties.subject");
    if (!subject || !subject->isString()) continue;
    auto account = serviceAccountOf(subject->asString());
    if (!account) continue;
    Federation f{credential, subject, nullptr, ""};
    std::size_t slash = credential->name.find('/');
    if (slash != std::string::npos) {
      f.identity_name = credential->name.substr(0, slash);
      f.identity = azure::declaredNamed(project, kIdentityType, f.identity_name);
    } else {
      f.identity_name = "(name unknown)";
    }
    if (account->second == "default") {
      reportDefaultAccount(f, account->first, context);
      continue;
    }
    trusted[*account].push_back(f);
  }
  for (const auto& [account, federations] : trusted) {
    const auto& [namespace_name, account_name] = account;
    const Resource* evidence = scannedNamespaceEvidence(project, namespace_name);
    if (!evidence) continue;
    const Resource* service_account = project.findNamed("ServiceAccount", namespace_name, account_name);
    if (!service_account) {
      for (const Federation& f : federations) reportMissingAccount(f, namespace_name, account_name, *evidence, context);
      continue;
    }
    if (usedOnlyThroughSecretsStore(namespace_name, account_name, federations, project)) {
      // Only a client id that names another identity is still wrong.
      const Value* annotation = metadataEntry(service_account->body.find("metadata"), "annotations", kWorkloadIdentityClientIdAnnotation);
      if (!isAbsent(annotation)) checkServiceAccount(*service_account, federations, context);
      continue;
    }
    checkServiceAccount(*service_account, federations, context);
    checkPodsOf(namespace_name, account_name, federations.front(), context);
  }
}

}  // namespace palisade
