// The text reporter: `file:line:col: level RULE message` (under 120 columns,
// the message and advice on indented lines when it would not fit), grouped by
// file (and by repository when there are several reports), ANSI colours on
// request, then a summary and optional per-rule statistics. The concise
// format is one `file:line:col: RULE message` line per finding, for editors
// and grep.
#pragma once

#include <string>
#include <vector>

#include "reporters/formats.h"
#include "reporters/report.h"

namespace palisade {

std::string renderText(const std::vector<Report>& reports, const RenderOptions& options);
std::string renderConcise(const std::vector<Report>& reports, const RenderOptions& options);

}  // namespace palisade
