// The C++ checks of the Kubernetes pack (those that need more than one
// resource or logic the rule language cannot express).
#pragma once

#include "rules/engine/check.h"

namespace palisade {

// K8S003: a pod gets a service-account token it did not opt out of, from
// neither its own spec nor its ServiceAccount.
void checkServiceAccountTokenAutomount(const Resource& resource, CheckContext& context);

}  // namespace palisade
