// The CSV reporter: one row per finding (suppressed and baselined included,
// with their status), RFC 4180 quoting, for spreadsheets.
#pragma once

#include <string>
#include <vector>

#include "reporters/report.h"

namespace palisade {

std::string renderCsv(const std::vector<Report>& reports);

}  // namespace palisade
