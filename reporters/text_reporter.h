// The text reporter: `file:line:col: level RULE name: message`, grouped by
// file (and by repository when there are several reports), ANSI colours on
// request, then a summary and optional per-rule statistics.
#pragma once

#include <string>
#include <vector>

#include "reporters/formats.h"
#include "reporters/report.h"

namespace palisade {

std::string renderText(const std::vector<Report>& reports, const RenderOptions& options);

}  // namespace palisade
