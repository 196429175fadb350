// The registry of built-in C++ checks: every check a rule file can name with
// `check:`, listed explicitly and kept sorted by name.
#include <algorithm>

#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/checks/kubernetes_cluster/cluster_checks.h"
#include "rules/checks/platform/platform_checks.h"
#include "rules/checks/resilience/resilience_checks.h"
#include "rules/engine/check.h"

namespace palisade {

namespace {

// The parameters a rule file may give a check (`params:`), checked when the rule loads.
constexpr CheckParameter kChildResourceMissingParameters[] = {
    {"child-type", ParameterType::String, true, "the child resource type that must exist (full type)"},
    {"what", ParameterType::String, false, "how the message names the missing child"},
    {"child-names", ParameterType::StringList, false, "only children of these names count (the last name segment)"},
};
constexpr CheckParameter kDiagnosticSettingMissingParameters[] = {
    {"what", ParameterType::String, false, "how the message names the logs that are not kept"},
};
constexpr CheckParameter kArcClusterExtensionsParameters[] = {
    {"extension-types", ParameterType::StringList, true, "the cluster extension types (`extensionType`) that must be present"},
};
constexpr CheckParameter kNsgInboundFromInternetParameters[] = {
    {"all-ports", ParameterType::Boolean, false, "report only rules that open every port (`*`, 0-65535)"},
    {"any-port", ParameterType::Boolean, false, "report a rule open to the Internet whatever its ports"},
    {"ports", ParameterType::PortList, false, "destination ports that must not be open to the Internet"},
    {"protocols", ParameterType::StringList, false, "protocols the rule watches (Tcp, Udp, ...); any when absent"},
    {"service", ParameterType::String, false, "how the message names what is exposed (`SSH (22)`)"},
};
constexpr CheckParameter kIngressFromAnywhereParameters[] = {
    {"public-ports", ParameterType::PortList, false,
     "ports a policy may open to anywhere at a lower severity (default 80, 443, http, https)"},
};
constexpr CheckParameter kRbacGrantsParameters[] = {
    {"grants", ParameterType::ObjectList, true,
     "the (api-groups, resources, verbs) triples a role must not grant; `*` in a role covers them"},
    {"what", ParameterType::String, true, "what such a grant allows, for the message"},
    {"respect-resource-names", ParameterType::Boolean, false,
     "a role rule limited by resourceNames is not reported (default true)"},
};
constexpr CheckParameter kAksNodePoolZonesParameters[] = {
    {"min-zones", ParameterType::Integer, false, "availability zones a node pool must span (default 3)"},
};

}  // namespace

const std::vector<CheckDefinition>& builtinChecks() {
  static const std::vector<CheckDefinition> checks = [] {
    std::vector<CheckDefinition> list = {
        // Azure (rules/packs/azure)
        {"azure-activity-log-alerts-missing", nullptr, checkAzureActivityLogAlertsMissing},
        {"azure-aks-node-subnet-nsg", checkAzureAksNodeSubnetNsg, nullptr},
        {"azure-aks-pod-subnet-delegated", checkAzureAksPodSubnetDelegated, nullptr},
        {"azure-application-gateway-http-listener", checkAzureApplicationGatewayHttpListener, nullptr},
        {"azure-arc-cluster-extensions-missing", checkAzureArcClusterExtensionsMissing, nullptr, kArcClusterExtensionsParameters},
        {"azure-child-resource-missing", checkAzureChildResourceMissing, nullptr, kChildResourceMissingParameters},
        {"azure-diagnostic-setting-categories", checkAzureDiagnosticSettingCategories, nullptr},
        {"azure-diagnostic-setting-missing", checkAzureDiagnosticSettingMissing, nullptr, kDiagnosticSettingMissingParameters},
        {"azure-front-door-waf", checkAzureFrontDoorWaf, nullptr},
        {"azure-hardcoded-secret", checkAzureHardcodedSecret, nullptr},
        {"azure-ml-workspace-linked-resource-public", checkAzureMlWorkspaceLinkedResourcePublic, nullptr},
        {"azure-nsg-inbound-from-internet", checkAzureNsgInboundFromInternet, nullptr, kNsgInboundFromInternetParameters},
        {"azure-private-dns-zone-not-linked", checkAzurePrivateDnsZoneNotLinked, nullptr},
        {"azure-private-endpoint-dns-zone", checkAzurePrivateEndpointDnsZone, nullptr},
        {"azure-private-endpoint-missing", checkAzurePrivateEndpointMissing, nullptr},
        {"azure-sql-auditing", checkAzureSqlAuditing, nullptr},
        {"azure-sql-entra-admin", checkAzureSqlEntraAdmin, nullptr},
        {"azure-subnet-without-nsg", checkAzureSubnetWithoutNsg, nullptr},
        {"azure-subscription-activity-log-categories", checkAzureSubscriptionActivityLogCategories, nullptr},
        // end Azure
        // Calico (rules/packs/calico)
        {"calico-action-protocol-invalid", calico::checkCalicoActionProtocolInvalid, nullptr},
        {"calico-cidr-host-bits", calico::checkCalicoCidrHostBits, nullptr},
        {"calico-cidr-invalid", calico::checkCalicoCidrInvalid, nullptr},
        {"calico-cidr-placeholder", calico::checkCalicoCidrPlaceholder, nullptr},
        {"calico-egress-allow-all", calico::checkCalicoEgressAllowAll, nullptr},
        {"calico-host-endpoint-failsafe", nullptr, calico::checkCalicoHostEndpointFailsafe},
        {"calico-host-endpoint-invalid", calico::checkCalicoHostEndpointInvalid, nullptr},
        {"calico-host-policy-flags", calico::checkCalicoHostPolicyFlags, nullptr},
        {"calico-http-match-invalid", calico::checkCalicoHttpMatchInvalid, nullptr},
        {"calico-icmp-protocol", calico::checkCalicoIcmpProtocol, nullptr},
        {"calico-ingress-from-anywhere", calico::checkCalicoIngressFromAnywhere, nullptr, kIngressFromAnywhereParameters},
        {"calico-log-without-terminal", calico::checkCalicoLogWithoutTerminal, nullptr},
        {"calico-metadata-invalid", calico::checkCalicoMetadataInvalid, nullptr},
        {"calico-name-order-invalid", calico::checkCalicoNameOrderInvalid, nullptr},
        {"calico-no-default-deny", nullptr, calico::checkCalicoNoDefaultDeny},
        {"calico-order-tie-conflict", nullptr, calico::checkCalicoOrderTieConflict},
        {"calico-performance-hints-invalid", calico::checkCalicoPerformanceHintsInvalid, nullptr},
        {"calico-port-invalid", calico::checkCalicoPortInvalid, nullptr},
        {"calico-ports-without-protocol", calico::checkCalicoPortsWithoutProtocol, nullptr},
        {"calico-rule-never-matches", calico::checkCalicoRuleNeverMatches, nullptr},
        {"calico-rule-shadowed", calico::checkCalicoRuleShadowed, nullptr},
        {"calico-rules-ignored-by-types", calico::checkCalicoRulesIgnoredByTypes, nullptr},
        {"calico-selector-invalid", calico::checkCalicoSelectorInvalid, nullptr},
        {"calico-services-match-invalid", calico::checkCalicoServicesMatchInvalid, nullptr},
        {"calico-staged-policy", calico::checkCalicoStagedPolicy, nullptr},
        {"calico-staged-policy-invalid", calico::checkCalicoStagedPolicyInvalid, nullptr},
        {"calico-tier-invalid", calico::checkCalicoTierInvalid, nullptr},
        {"calico-types-contradict-rules", calico::checkCalicoTypesContradictRules, nullptr},
        // end Calico
        // Kubernetes
        {"kubernetes-apparmor-unconfined", checkKubernetesApparmorUnconfined, nullptr},
        {"kubernetes-binding-service-account-missing", nullptr, checkKubernetesBindingServiceAccountMissing},
        {"kubernetes-namespace-without-network-policy", nullptr, checkKubernetesNamespaceWithoutNetworkPolicy},
        {"kubernetes-pod-not-isolated", nullptr, checkKubernetesPodNotIsolated},
        {"kubernetes-rbac-grants", checkKubernetesRbacGrants, nullptr, kRbacGrantsParameters},
        {"kubernetes-rolebinding-cross-namespace", checkKubernetesRolebindingCrossNamespace, nullptr},
        {"kubernetes-seccomp-unconfined", checkKubernetesSeccompUnconfined, nullptr},
        {"kubernetes-sensitive-host-path-writable", checkKubernetesSensitiveHostPathWritable, nullptr},
        {"kubernetes-service-account-token-automount", checkKubernetesServiceAccountTokenAutomount, nullptr, {}, kServiceAccountTokenAutomountFix},
        {"kubernetes-suppression-annotation-without-reason", checkKubernetesSuppressionAnnotationWithoutReason, nullptr},
        {"kubernetes-workload-identity", checkKubernetesWorkloadIdentity, nullptr},
        // Cluster components (rules/packs/kubernetes-cluster)
        {"kubernetes-cluster-audit-policy-coverage", checkKubernetesClusterAuditPolicyCoverage, nullptr},
        {"kubernetes-cluster-audit-policy-secret-bodies", checkKubernetesClusterAuditPolicySecretBodies, nullptr},
        {"kubernetes-cluster-etcd-shared-ca", nullptr, checkKubernetesClusterEtcdSharedCa},
        // end Cluster components
        // Cross-format (rules/packs/platform)
        {"platform-ingress-behind-waf", nullptr, checkPlatformIngressBehindWaf},
        {"platform-network-policy-engine", nullptr, checkPlatformNetworkPolicyEngine},
        {"platform-secret-provider-key-vault", nullptr, checkPlatformSecretProviderKeyVault},
        {"platform-workload-identity-federation", nullptr, checkPlatformWorkloadIdentityFederation},
        // end Cross-format
        // Resilience (rules/packs/resilience, off by default)
        {"resilience-aks-ephemeral-os-disk", checkResilienceAksEphemeralOsDisk, nullptr},
        {"resilience-aks-maintenance-window", checkResilienceAksMaintenanceWindow, nullptr},
        {"resilience-aks-node-pool-zones", checkResilienceAksNodePoolZones, nullptr, kAksNodePoolZonesParameters},
        {"resilience-aks-pool-max-surge", checkResilienceAksPoolMaxSurge, nullptr},
        {"resilience-aks-system-and-user-pools", checkResilienceAksSystemAndUserPools, nullptr},
        {"resilience-aks-system-pool-critical-addons-only", checkResilienceAksSystemPoolCriticalAddonsOnly, nullptr},
        {"resilience-aks-user-pool-autoscaling", checkResilienceAksUserPoolAutoscaling, nullptr},
        {"resilience-hpa-requests-missing", checkResilienceHpaRequestsMissing, nullptr},
        {"resilience-hpa-target-missing", checkResilienceHpaTargetMissing, nullptr},
        {"resilience-pdb-blocks-eviction", checkResiliencePdbBlocksEviction, nullptr},
        {"resilience-pdb-missing", checkResiliencePdbMissing, nullptr},
        {"resilience-storage-zone-redundant", checkResilienceStorageZoneRedundant, nullptr},
        {"resilience-workload-replicas", checkResilienceWorkloadReplicas, nullptr},
        {"resilience-zone-spread-capacity", nullptr, checkResilienceZoneSpreadCapacity},
        // end Resilience
    };
    std::sort(list.begin(), list.end(), [](const CheckDefinition& a, const CheckDefinition& b) { return a.name < b.name; });
    return list;
  }();
  return checks;
}

const CheckDefinition* findCheck(std::string_view name) {
  const auto& checks = builtinChecks();
  auto it = std::lower_bound(checks.begin(), checks.end(), name,
                             [](const CheckDefinition& c, std::string_view n) { return c.name < n; });
  return it != checks.end() && it->name == name ? &*it : nullptr;
}

}  // namespace palisade
