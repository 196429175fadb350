// The C++ checks of the kubernetes-cluster pack (CIS Kubernetes sections
// 1–4): what the rule language cannot say about the cluster's own
// components — the meaning of an audit policy's ordered rules, and settings
// compared across components.
#pragma once

#include "rules/engine/check.h"

namespace palisade {

// KCP047: etcd trusts the same CA file as the API server's client CA, so
// every client certificate of the cluster opens etcd (project-wide: compares
// the component configurations of one folder).
void checkKubernetesClusterEtcdSharedCa(CheckContext& context);

// KCP049: an audit.k8s.io Policy that records nothing (level None, or no
// rule at all) for Secrets access, pod and Deployment changes, exec/attach/
// port-forward/proxy, or RBAC changes.
void checkKubernetesClusterAuditPolicyCoverage(const Resource& resource, CheckContext& context);

// KCP050: an audit.k8s.io Policy that records the bodies (Request or
// RequestResponse) of Secrets, ConfigMaps or TokenReviews.
void checkKubernetesClusterAuditPolicySecretBodies(const Resource& resource, CheckContext& context);

}  // namespace palisade
