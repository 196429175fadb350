#include "reporters/report_builder.h"

#include <algorithm>
#include <filesystem>

#include "core/source_file.h"

namespace palisade {

Report buildReport(const ScanResult& scan, std::vector<Finding> findings, const RuleSet& rules,
                   std::vector<std::string> command_line) {
  Report report;
  report.tool_version = PALISADE_VERSION;
  // The root as a person would type it from here: "." or a relative folder
  // when inside the working directory, else absolute.
  std::filesystem::path root(scan.project.root());
  std::error_code ec;
  std::filesystem::path relative = root.lexically_relative(std::filesystem::current_path(ec));
  report.root = !relative.empty() && *relative.begin() != ".." ? relative.generic_string() : root.generic_string();
  for (const Rule& rule : rules.rules()) report.rules.push_back(rule.info);
  for (const Diagnostic& d : scan.project.diagnostics()) {
    Notification n;
    n.rule_id = d.ruleId();
    n.message = d.message;
    n.help = d.help;
    // The level is the rule's (rules/packs/general/*.yaml `notification-level`); a GEN rule
    // left out by --select/--ignore still has its input problems listed, as warnings.
    const Rule* rule = rules.find(d.code);
    n.level = rule ? rule->info.notification_level : Level::Warning;
    n.severity = rule ? rule->info.severity : Severity::Medium;
    n.location = locate(d.span);
    if (n.location.uri.empty()) n.location.uri = d.path;
    report.notifications.push_back(std::move(n));
  }
  for (const Finding& f : findings) {
    if (f.baselined) ++report.baselined_count;
  }
  std::erase_if(findings, [](const Finding& f) { return f.baselined; });
  report.findings = std::move(findings);
  report.files_scanned = scan.files_scanned;
  report.inputs = summarise(scan.inputs);
  report.command_line = std::move(command_line);
  report.execution_successful = true;
  return report;
}

bool failsThreshold(const std::vector<Finding>& findings, FailOn threshold) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const Finding& f) { return !f.suppression && !f.baselined && threshold.fails(f.severity); });
}

}  // namespace palisade
