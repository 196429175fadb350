// The C++ checks of the Calico pack (rules/packs/calico): validity checks
// that mirror what Calico refuses at apply time, and security checks that
// reason over selectors, CIDRs, ports and policy order.
#pragma once

#include "rules/engine/check.h"

namespace palisade::calico {

// Validity.
void checkCalicoSelectorInvalid(const Resource& resource, CheckContext& context);      // CAL001
void checkCalicoCidrInvalid(const Resource& resource, CheckContext& context);          // CAL002
void checkCalicoCidrHostBits(const Resource& resource, CheckContext& context);         // CAL003
void checkCalicoHostPolicyFlags(const Resource& resource, CheckContext& context);      // CAL004
void checkCalicoPortsWithoutProtocol(const Resource& resource, CheckContext& context);  // CAL005
void checkCalicoPortInvalid(const Resource& resource, CheckContext& context);          // CAL006
void checkCalicoIcmpProtocol(const Resource& resource, CheckContext& context);         // CAL007
void checkCalicoTypesContradictRules(const Resource& resource, CheckContext& context);  // CAL008
void checkCalicoActionProtocolInvalid(const Resource& resource, CheckContext& context);  // CAL009
void checkCalicoNameOrderInvalid(const Resource& resource, CheckContext& context);      // CAL010
void checkCalicoServicesMatchInvalid(const Resource& resource, CheckContext& context);  // CAL020
void checkCalicoHttpMatchInvalid(const Resource& resource, CheckContext& context);      // CAL021
void checkCalicoTierInvalid(const Resource& resource, CheckContext& context);           // CAL022
void checkCalicoHostEndpointInvalid(const Resource& resource, CheckContext& context);   // CAL023
void checkCalicoStagedPolicyInvalid(const Resource& resource, CheckContext& context);   // CAL024
void checkCalicoMetadataInvalid(const Resource& resource, CheckContext& context);       // CAL025
void checkCalicoPerformanceHintsInvalid(const Resource& resource, CheckContext& context);  // CAL026

// Lints and notes: accepted by Calico, but not what the author meant.
void checkCalicoRulesIgnoredByTypes(const Resource& resource, CheckContext& context);  // CAL027
void checkCalicoCidrPlaceholder(const Resource& resource, CheckContext& context);      // CAL028

// Security.
void checkCalicoIngressFromAnywhere(const Resource& resource, CheckContext& context);  // CAL011
void checkCalicoEgressAllowAll(const Resource& resource, CheckContext& context);       // CAL012
void checkCalicoNoDefaultDeny(CheckContext& context);                                  // CAL013
void checkCalicoHostEndpointFailsafe(CheckContext& context);                           // CAL014
void checkCalicoRuleNeverMatches(const Resource& resource, CheckContext& context);     // CAL015
void checkCalicoRuleShadowed(const Resource& resource, CheckContext& context);         // CAL016
void checkCalicoOrderTieConflict(CheckContext& context);                               // CAL017
void checkCalicoLogWithoutTerminal(const Resource& resource, CheckContext& context);   // CAL018
void checkCalicoStagedPolicy(const Resource& resource, CheckContext& context);         // CAL019

}  // namespace palisade::calico
