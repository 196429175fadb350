// The HTML audit report: one self-contained page (inline CSS, JavaScript and
// SVG; nothing fetched) that a manager can read — totals by severity, rule,
// pack and repository or file, charts, and a sortable, filterable table of
// every finding with its code and a link to its rule's documentation.
#pragma once

#include <string>
#include <vector>

#include "reporters/report.h"

namespace palisade {

std::string renderHtml(const std::vector<Report>& reports);

}  // namespace palisade
