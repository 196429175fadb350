// The path a person (or an editor, or GitHub) uses for a finding's file: the
// location's root-relative URI joined to the scan root as it was given, so
// `palisade scan infra` reports `infra/aks.bicep`, clickable from where it ran.
#pragma once

#include <string>

#include "reporters/report.h"

namespace palisade {

std::string displayPath(const Report& report, const std::string& uri);

// Whether the scan root is an absolute path (then displayed paths are absolute too).
bool rootIsAbsolute(const Report& report);

}  // namespace palisade
