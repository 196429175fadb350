// The JSON reporter: palisade's own stable, versioned schema (docs/json-format.md),
// for scripts and dashboards that want findings without SARIF's ceremony.
#pragma once

#include <string>
#include <vector>

#include "reporters/report.h"

namespace palisade {

// Bumped on any change that could break a reader; adding fields is not one.
inline constexpr int kJsonSchemaVersion = 1;

std::string renderJson(const std::vector<Report>& reports);

}  // namespace palisade
