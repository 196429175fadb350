#include "parsers/kustomize/built_object.h"

#include <algorithm>
#include <array>

#include "parsers/kustomize/value_edit.h"

namespace palisade::kustomize {

std::string BuiltObject::apiVersion() const {
  const std::string* v = stringAt(body, {"apiVersion"});
  return v ? *v : std::string();
}
std::string BuiltObject::kind() const {
  const std::string* v = stringAt(body, {"kind"});
  return v ? *v : std::string();
}
std::string BuiltObject::name() const {
  const std::string* v = stringAt(body, {"metadata", "name"});
  return v ? *v : std::string();
}
std::string BuiltObject::namespaceName() const {
  const std::string* v = stringAt(body, {"metadata", "namespace"});
  return v ? *v : std::string();
}
std::string BuiltObject::group() const {
  std::string api = apiVersion();
  auto slash = api.find('/');
  return slash == std::string::npos ? std::string() : api.substr(0, slash);
}
std::string BuiltObject::version() const {
  std::string api = apiVersion();
  auto slash = api.find('/');
  return slash == std::string::npos ? api : api.substr(slash + 1);
}
bool BuiltObject::hadName(std::string_view n) const { return std::find(names.begin(), names.end(), n) != names.end(); }
bool BuiltObject::hadNamespace(std::string_view ns) const {
  return std::find(namespaces.begin(), namespaces.end(), ns) != namespaces.end();
}
void BuiltObject::remember() {
  std::string n = name();
  if (!hadName(n)) names.push_back(std::move(n));
  std::string ns = namespaceName();
  if (!hadNamespace(ns)) namespaces.push_back(std::move(ns));
}

bool isClusterScoped(std::string_view kind) {
  static constexpr std::array<std::string_view, 26> kinds = {
      "Namespace", "Node", "PersistentVolume", "StorageClass", "ClusterRole", "ClusterRoleBinding",
      "CustomResourceDefinition", "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
      "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding", "MutatingAdmissionPolicy",
      "MutatingAdmissionPolicyBinding", "APIService", "PriorityClass", "CSIDriver", "CSINode", "RuntimeClass",
      "IngressClass", "PodSecurityPolicy", "VolumeAttachment", "CertificateSigningRequest", "ComponentStatus",
      "FlowSchema", "PriorityLevelConfiguration", "SelfSubjectReview"};
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

}  // namespace palisade::kustomize
