// The C++ checks of the Calico pack (rules/packs/calico): validity checks
// that mirror what Calico refuses at apply time, and security checks that
// reason over selectors, CIDRs, ports and policy order.
#pragma once

#include "rules/engine/check.h"

namespace palisade {

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

}  // namespace palisade
