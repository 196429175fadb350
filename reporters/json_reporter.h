// The JSON reporter: palisade's own stable, versioned schema (docs/json-format.md),
// for scripts and dashboards that want findings without SARIF's ceremony.
#pragma once

#include <string>
#include <vector>

#include "reporters/document_frame.h"
#include "reporters/report.h"
#include "reporters/report_stats.h"

namespace palisade {

// Bumped on any change that could break a reader; adding fields is not one.
inline constexpr int kJsonSchemaVersion = 1;

std::string renderJson(const std::vector<Report>& reports);

// The same document streamed, one report at a time: the frame of the whole
// batch (its tool version and totals) around each report's element. With
// elements joined by DocumentFrame::kSeparator it is renderJson's bytes.
DocumentFrame jsonFrame(const std::string& tool_version, const ReportTotals& totals);
std::string renderJsonElement(const Report& report);

// The version a document names: the first report's, else this palisade's.
std::string jsonToolVersion(const std::vector<Report>& reports);

}  // namespace palisade
