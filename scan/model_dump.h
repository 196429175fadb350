// The evaluated model as JSON (`scan --dump-model FILE`): what every rule
// sees, so a user can find out why a rule did or did not fire.
#pragma once

#include <string>

#include "core/project.h"
#include "parsers/kubernetes/component_config.h"

namespace palisade {

// `kubernetes_version`: the release absent component flags take their defaults from.
std::string dumpModelJson(const Project& project, KubernetesVersion kubernetes_version = kDefaultKubernetesVersion);

}  // namespace palisade
