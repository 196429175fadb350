#include "reporters/csv_reporter.h"

#include <fmt/format.h>

#include "reporters/display_path.h"
#include "reporters/markup_escape.h"
#include "reporters/report_stats.h"

namespace palisade {

namespace {

// Quotes when needed (RFC 4180). Text a spreadsheet would run as a formula
// (= + - @ first) gets a leading apostrophe: scanned files are untrusted input.
std::string textCell(std::string_view raw) {
  std::string value = validUtf8(raw);
  if (!value.empty() && std::string_view("=+-@\t\r").find(value.front()) != std::string_view::npos) {
    value.insert(value.begin(), '\'');
  }
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string quoted = "\"";
  for (char c : value) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  return quoted + "\"";
}

std::string numberCell(uint32_t value) { return value == 0 ? std::string() : std::to_string(value); }

}  // namespace

std::string renderCsv(const std::vector<Report>& reports) {
  std::string out =
      "repository,path,start_line,start_column,end_line,end_column,level,severity,rule_id,rule_name,message,"
      "resource,status,justification,fingerprint\r\n";
  for (const Report& report : reports) {
    for (const Finding& finding : report.findings) {
      const Location& location = finding.location;
      std::string_view status = finding.suppression ? "suppressed" : finding.baselined ? "baselined" : "active";
      std::string justification = finding.suppression ? finding.suppression->justification : std::string();
      out += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}\r\n", textCell(report.repository),
                         textCell(displayPath(report, location.uri)), numberCell(location.start_line),
                         numberCell(location.start_column), numberCell(location.end_line),
                         numberCell(location.end_column), levelName(finding.level), severityName(finding.severity),
                         textCell(finding.rule_id), textCell(finding.rule_name), textCell(displayMessage(finding)),
                         textCell(finding.resource), status, textCell(justification), textCell(finding.fingerprint));
    }
  }
  return out;
}

}  // namespace palisade
