// The C++ checks of the Azure pack: the ones that follow references between
// resources (private endpoints, DNS zones, subnets, WAF policies) or need
// arithmetic the rule language lacks (NSG port ranges).
#pragma once

#include "rules/engine/check.h"

namespace palisade {

// AZR002: a Private Link–capable resource that no private endpoint targets.
void checkAzurePrivateEndpointMissing(const Resource& resource, CheckContext& context);

// AZR003: a private endpoint without a DNS zone group, or whose zone is not
// the `privatelink.*` zone of its service and group id.
void checkAzurePrivateEndpointDnsZone(const Resource& resource, CheckContext& context);

// AZR004: a `privatelink.*` private DNS zone linked to no virtual network.
void checkAzurePrivateDnsZoneNotLinked(const Resource& resource, CheckContext& context);

// AZR019: a Front Door without a WAF policy.
void checkAzureFrontDoorWaf(const Resource& resource, CheckContext& context);

// AZR024: an AKS node pool in a subnet without a network security group.
void checkAzureAksNodeSubnetNsg(const Resource& resource, CheckContext& context);

// AZR025: an AKS pod subnet not delegated to Microsoft.ContainerService/managedClusters.
void checkAzureAksPodSubnetDelegated(const Resource& resource, CheckContext& context);

// AZR026–AZR028, AZR078, AZR079: an NSG rule that allows inbound traffic from
// the Internet to the ports in `params.ports` (any single port or range with
// `params.any-port`, every port with `params.all-ports`) over `params.protocols`
// (TCP or `*` when not given).
void checkAzureNsgInboundFromInternet(const Resource& resource, CheckContext& context);

// AZR029: a subnet (inline in a virtual network or a child resource) without an NSG.
void checkAzureSubnetWithoutNsg(const Resource& resource, CheckContext& context);

// AZR032: a SQL server without auditing.
void checkAzureSqlAuditing(const Resource& resource, CheckContext& context);

// AZR033: a SQL server without a Microsoft Entra administrator.
void checkAzureSqlEntraAdmin(const Resource& resource, CheckContext& context);

// AZR097: a resource without a child resource of `params.child-type` in the
// scanned files (`params.what` says what is missing, for the message; with
// `params.child-names`, only children of those names count).
void checkAzureChildResourceMissing(const Resource& resource, CheckContext& context);

// AZR092: a diagnostic setting exporting a subscription's activity log
// without the Administrative, Alert, Policy and Security categories enabled.
void checkAzureSubscriptionActivityLogCategories(const Resource& resource, CheckContext& context);

// AZR038: an Application Gateway listener that serves plain HTTP on a public
// frontend (one whose routing rules send requests to a backend, not a redirect).
void checkAzureApplicationGatewayHttpListener(const Resource& resource, CheckContext& context);

// AZR044: a literal secret in the source: passed to a @secure() parameter (a
// parameters file, a module argument) or written into a property whose name
// says it is a secret.
void checkAzureHardcodedSecret(const Resource& resource, CheckContext& context);

// AZR115: a diagnostic setting on a Key Vault, a storage service or a web app
// that leaves out the log categories CIS asks for.
void checkAzureDiagnosticSettingCategories(const Resource& resource, CheckContext& context);

// AZR116–AZR118 (azure-hardening): a Key Vault, web app or storage account
// (its blob, queue and table services) with no diagnostic setting in the scan.
void checkAzureDiagnosticSettingMissing(const Resource& resource, CheckContext& context);

// AZR128 (azure-hardening): activity log alerts in the scan that leave out
// operations CIS Azure 5.2 asks alerts for (project check).
void checkAzureActivityLogAlertsMissing(CheckContext& context);

// AZR129: a private Machine Learning workspace whose linked storage account,
// key vault, container registry or Application Insights in the scan is public.
void checkAzureMlWorkspaceLinkedResourcePublic(const Resource& resource, CheckContext& context);

// AZR130 (azure-hardening): an Arc-enabled cluster without extensions of the
// types in `params.extension-types` scoped to it.
void checkAzureArcClusterExtensionsMissing(const Resource& resource, CheckContext& context);

}  // namespace palisade
