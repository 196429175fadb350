// Reads palisade's own JSON format (docs/json-format.md) back into Reports,
// so shard outputs of a batch audit can be merged and re-rendered.
#pragma once

#include <functional>
#include <istream>
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

// The same, streamed: each report goes to `sink` as soon as it is read, so a
// large document (a shard of a batch audit) is never held whole. A non-empty
// message from `sink` stops the reading and is returned; so is a read error,
// after which some reports may already have gone to `sink`.
using ReportSink = std::function<std::string(Report&& report)>;
std::string readJsonReports(std::istream& input, const RuleSet& rules, const ReportSink& sink);

}  // namespace palisade
