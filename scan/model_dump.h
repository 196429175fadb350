// The evaluated model as JSON (`scan --dump-model FILE`): what every rule
// sees, so a user can find out why a rule did or did not fire.
#pragma once

#include <string>

#include "core/project.h"

namespace palisade {

std::string dumpModelJson(const Project& project);

}  // namespace palisade
