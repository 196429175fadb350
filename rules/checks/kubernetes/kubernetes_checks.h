// The C++ checks of the Kubernetes pack (those that need more than one
// resource or logic the rule language cannot express).
#pragma once

#include "rules/engine/check.h"

namespace palisade {

// K8S003: a pod gets a service-account token it did not opt out of, from
// neither its own spec nor its ServiceAccount.
void checkKubernetesServiceAccountTokenAutomount(const Resource& resource, CheckContext& context);
// Its fix, offered with each finding and named on the rule's page.
inline constexpr CheckFixInfo kServiceAccountTokenAutomountFix{"Set automountServiceAccountToken: false on the pod", true};

// K8S006: a pod's Azure workload identity is half wired (label, dedicated
// ServiceAccount, client-id annotation, ServiceAccount in the scan).
void checkKubernetesWorkloadIdentity(const Resource& resource, CheckContext& context);

// K8S017: seccomp turned off by field (pod or container) or by the legacy
// seccomp annotations.
void checkKubernetesSeccompUnconfined(const Resource& resource, CheckContext& context);

// K8S050: a container mounts a sensitive hostPath volume without readOnly.
void checkKubernetesSensitiveHostPathWritable(const Resource& resource, CheckContext& context);

// K8S019: AppArmor turned off by field (pod or container) or by the older
// per-container pod annotation.
void checkKubernetesApparmorUnconfined(const Resource& resource, CheckContext& context);

// K8S031: a namespace of the project that no Kubernetes or Calico network
// policy covers (project-wide).
void checkKubernetesNamespaceWithoutNetworkPolicy(CheckContext& context);

// K8S026-K8S030, K8S044-K8S047: a Role or ClusterRole rule grants one of the
// (API group, resource, verb) triples of the rule file's `params.grants`,
// directly or through a wildcard.
void checkKubernetesRbacGrants(const Resource& resource, CheckContext& context);

// K8S048: a RoleBinding hands its role to a ServiceAccount of another namespace.
void checkKubernetesRolebindingCrossNamespace(const Resource& resource, CheckContext& context);

// K8S074: a binding's ServiceAccount subject names an account the scan does
// not define, in a namespace whose ServiceAccounts the scan defines (project-wide).
void checkKubernetesBindingServiceAccountMissing(CheckContext& context);

// K8S051: a workload no NetworkPolicy or Calico policy selects, in a
// namespace that has some (project-wide).
void checkKubernetesPodNotIsolated(CheckContext& context);

// K8S041: a `palisade.dev/ignore…` annotation without a reason.
void checkKubernetesSuppressionAnnotationWithoutReason(const Resource& resource, CheckContext& context);

}  // namespace palisade
