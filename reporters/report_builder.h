// Builds the Report a reporter renders from a scan's result: the rules that
// ran, the findings, and the input problems as tool notifications.
#pragma once

#include <string>
#include <vector>

#include "reporters/report.h"
#include "rules/engine/rule_set.h"
#include "scan/scanner.h"

namespace palisade {

Report buildReport(const ScanResult& scan, std::vector<Finding> findings, const RuleSet& rules,
                   std::vector<std::string> command_line);

// Exit-code logic: true when a finding that is neither suppressed nor
// baselined is at or above `threshold` (Level::None never fails).
bool failsThreshold(const std::vector<Finding>& findings, FailOn threshold);

}  // namespace palisade
