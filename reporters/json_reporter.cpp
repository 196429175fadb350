#include "reporters/json_reporter.h"

#include <nlohmann/json.hpp>

#include "reporters/display_path.h"
#include "reporters/report_stats.h"

namespace palisade {

namespace {

using Json = nlohmann::ordered_json;

Json summaryOf(const ReportTotals& totals) {
  return Json{{"findings", totals.active.total()},
              {"errors", totals.active.error},
              {"warnings", totals.active.warning},
              {"notes", totals.active.note},
              {"by_severity",
               {{"critical", totals.ofSeverity(Severity::Critical)},
                {"high", totals.ofSeverity(Severity::High)},
                {"medium", totals.ofSeverity(Severity::Medium)},
                {"low", totals.ofSeverity(Severity::Low)},
                {"info", totals.ofSeverity(Severity::Info)}}},
              {"suppressed", totals.suppressed},
              {"baselined", totals.baselined},
              {"files_scanned", totals.files_scanned},
              {"files_with_findings", totals.files_with_findings}};
}

Json locationOf(const Report& report, const Location& location) {
  Json json{{"path", displayPath(report, location.uri)}, {"uri", location.uri}};
  if (location.valid()) {
    json["start_line"] = location.start_line;
    json["start_column"] = location.start_column;
    json["end_line"] = location.end_line;
    json["end_column"] = location.end_column;
  }
  return json;
}

// What `palisade fix` would change for the finding, in the report's
// line/column terms; a refused fix has no edits and says why.
Json fixOf(const Report& report, const Fix& fix) {
  Json edits = Json::array();
  for (const TextEdit& edit : fix.edits) {
    edits.push_back({{"path", displayPath(report, edit.uri)},
                     {"uri", edit.uri},
                     {"start_line", edit.start_line},
                     {"start_column", edit.start_column},
                     {"end_line", edit.end_line},
                     {"end_column", edit.end_column},
                     {"text", edit.text}});
  }
  Json json{{"title", fix.title}, {"safety", fix.safe ? "safe" : "unsafe"}, {"edits", std::move(edits)}};
  if (!fix.refused.empty()) json["refused"] = fix.refused;
  return json;
}

Json findingOf(const Report& report, const Finding& finding) {
  Json json{{"rule_id", finding.rule_id},
            {"rule_name", finding.rule_name},
            {"severity", severityName(finding.severity)},
            {"level", levelName(finding.level)},
            {"message", finding.message},
            {"status", finding.suppression ? "suppressed" : finding.baselined ? "baselined" : "active"}};
  if (!finding.help.empty()) json["help"] = finding.help;
  if (!finding.strict_reason.empty()) json["reported_because_strict"] = finding.strict_reason;
  json["location"] = locationOf(report, finding.location);
  json["snippet"] = finding.location.snippet;
  json["resource"] = finding.resource;
  json["fingerprint"] = finding.fingerprint;
  json["line_hash"] = finding.location.line_hash;
  Json related = Json::array();
  for (const Location& location : finding.related) {
    Json entry = locationOf(report, location);
    entry["message"] = location.message;
    related.push_back(std::move(entry));
  }
  json["related"] = std::move(related);
  if (finding.fix) json["fix"] = fixOf(report, *finding.fix);
  if (finding.suppression) {
    json["suppression"] = {
        {"kind", finding.suppression->kind == Suppression::Kind::InSource ? "in_source" : "external"},
        {"justification", finding.suppression->justification}};
  } else {
    json["suppression"] = nullptr;
  }
  return json;
}

Json ruleOf(const RuleInfo& rule) {
  Json cis = Json::array();
  for (const CisReference& reference : rule.cis) {
    cis.push_back({{"benchmark", reference.title()}, {"version", reference.version}, {"control", reference.control}});
  }
  return Json{{"id", rule.id},
              {"name", rule.name},
              {"title", rule.title},
              {"pack", rule.pack},
              {"severity", severityName(rule.severity)},
              {"level", levelName(levelOf(rule.severity))},
              {"precision", rule.precision},
              {"tags", rule.tags},
              {"cis", std::move(cis)},
              {"help_uri", rule.help_uri.empty() ? ruleHelpUri(rule) : rule.help_uri}};
}

Json reportOf(const Report& report) {
  Json rules = Json::array();
  for (const RuleInfo& rule : report.rules) rules.push_back(ruleOf(rule));
  Json findings = Json::array();
  for (const Finding& finding : report.findings) findings.push_back(findingOf(report, finding));
  Json notifications = Json::array();
  for (const Notification& notification : report.notifications) {
    Json entry{{"severity", severityName(notification.severity)},
               {"level", levelName(notification.level)},
               {"rule_id", notification.rule_id},
               {"message", notification.message}};
    if (!notification.help.empty()) entry["help"] = notification.help;
    entry["location"] = notification.location.uri.empty() ? Json(nullptr) : locationOf(report, notification.location);
    notifications.push_back(std::move(entry));
  }
  return Json{{"repository", report.repository},
              {"root", report.root},
              {"execution_successful", report.execution_successful},
              {"summary", summaryOf(totalsOf(report))},
              {"rules", std::move(rules)},
              {"findings", std::move(findings)},
              {"notifications", std::move(notifications)}};
}

}  // namespace

DocumentFrame jsonFrame(const std::string& tool_version, const ReportTotals& totals) {
  Json json{{"schema_version", kJsonSchemaVersion},
            {"tool", {{"name", "palisade"}, {"version", tool_version}, {"information_uri", kProjectUri}}},
            {"summary", summaryOf(totals)},
            {"reports", Json::array()}};
  return frameAround(json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n");
}

std::string renderJsonElement(const Report& report) {
  return indentAsElement(reportOf(report).dump(2, ' ', false, Json::error_handler_t::replace));
}

std::string jsonToolVersion(const std::vector<Report>& reports) {
  return reports.empty() || reports.front().tool_version.empty() ? std::string(PALISADE_VERSION)
                                                                 : reports.front().tool_version;
}

std::string renderJson(const std::vector<Report>& reports) {
  DocumentFrame frame = jsonFrame(jsonToolVersion(reports), totalsOf(reports));
  if (reports.empty()) return frame.empty;
  std::string out = frame.open;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (i > 0) out += DocumentFrame::kSeparator;
    out += renderJsonElement(reports[i]);
  }
  return out + frame.close;
}

}  // namespace palisade
