// The cross-format checks of the platform pack: rules that link the Azure
// model (Bicep, ARM) with the Kubernetes and Calico manifests of the same
// scan root and report what only the whole shows, with the other format's
// end as a related location.
#pragma once

#include "rules/engine/check.h"

namespace palisade {

// PLT001: a federated identity credential for a Kubernetes ServiceAccount
// names `default`, or its ServiceAccount is missing, unannotated or
// annotated with another identity's client id, or its pods lack the label.
void checkPlatformWorkloadIdentityFederation(CheckContext& context);

// PLT002: Kubernetes or Calico network policies for an AKS cluster whose
// network policy engine does not enforce them (reported on both ends).
void checkPlatformNetworkPolicyEngine(CheckContext& context);

// PLT003: an Ingress routed through Application Gateway (AGIC) whose gateway
// has no enabled WAF in Prevention mode.
void checkPlatformIngressBehindWaf(CheckContext& context);

// PLT004: a SecretProviderClass reading a Key Vault that the Bicep opens to
// public networks or leaves on access policies instead of Azure RBAC.
void checkPlatformSecretProviderKeyVault(CheckContext& context);

}  // namespace palisade
