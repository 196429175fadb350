// Reads palisade's own JSON format (docs/json-format.md) back into Reports,
// so shard outputs of a batch audit can be merged and re-rendered.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "reporters/report.h"
#include "rules/engine/rule_set.h"

namespace palisade {

struct JsonReportRead {
  std::vector<Report> reports;
  std::string error;  // empty on success
};

// `rules` fills in what the JSON does not carry (descriptions, remediation)
// for rules it knows; others keep their title as description.
JsonReportRead readJsonReports(std::string_view text, const RuleSet& rules);

}  // namespace palisade
