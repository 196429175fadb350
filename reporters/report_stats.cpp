#include "reporters/report_stats.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <map>
#include <set>

namespace palisade {

void LevelCounts::add(Level level, std::size_t count) {
  switch (level) {
    case Level::Error: error += count; break;
    case Level::Warning: warning += count; break;
    case Level::Note: note += count; break;
    case Level::None: none += count; break;
  }
}

std::size_t LevelCounts::of(Level level) const {
  switch (level) {
    case Level::Error: return error;
    case Level::Warning: return warning;
    case Level::Note: return note;
    case Level::None: return none;
  }
  return 0;
}

std::string severityBreakdown(const std::array<std::size_t, 5>& by_severity) {
  std::vector<std::string> parts;
  for (int s = static_cast<int>(Severity::Critical); s >= static_cast<int>(Severity::Info); --s) {
    if (std::size_t n = by_severity[static_cast<std::size_t>(s)]) {
      parts.push_back(fmt::format("{} {}", n, severityName(static_cast<Severity>(s))));
    }
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::array<std::size_t, 5> severityCountsOf(const std::vector<const Finding*>& findings) {
  std::array<std::size_t, 5> out{};
  for (const Finding* f : findings) ++out[static_cast<std::size_t>(f->severity)];
  return out;
}

void ReportTotals::add(const ReportTotals& other) {
  active.error += other.active.error;
  active.warning += other.active.warning;
  active.note += other.active.note;
  active.none += other.active.none;
  for (std::size_t i = 0; i < severity.size(); ++i) severity[i] += other.severity[i];
  suppressed += other.suppressed;
  baselined += other.baselined;
  files_scanned += other.files_scanned;
  inputs.add(other.inputs);
  files_with_findings += other.files_with_findings;
  notifications += other.notifications;
  fixable += other.fixable;
  fixable_unsafe += other.fixable_unsafe;
}

ReportTotals totalsOf(const Report& report) {
  ReportTotals totals;
  std::set<std::string_view> files;
  for (const Finding& finding : report.findings) {
    if (finding.suppression) {
      ++totals.suppressed;
    } else if (finding.baselined) {
      ++totals.baselined;
    } else {
      totals.active.add(finding.level);
      ++totals.severity[static_cast<std::size_t>(finding.severity)];
      files.insert(finding.location.uri);
      if (isFixable(finding)) ++(finding.fix->safe ? totals.fixable : totals.fixable_unsafe);
    }
  }
  totals.baselined += report.baselined_count;
  totals.files_scanned = report.files_scanned;
  totals.inputs = report.inputs;
  totals.files_with_findings = files.size();
  totals.notifications = report.notifications.size();
  return totals;
}

ReportTotals totalsOf(const std::vector<Report>& reports) {
  ReportTotals totals;
  for (const Report& report : reports) totals.add(totalsOf(report));
  return totals;
}

std::vector<RuleCount> countsByRule(const std::vector<Report>& reports) {
  std::map<std::string, RuleCount> by_id;
  for (const Report& report : reports) {
    for (const Finding& finding : report.findings) {
      auto [it, inserted] = by_id.try_emplace(finding.rule_id);
      RuleCount& count = it->second;
      if (inserted) {
        count.rule_id = finding.rule_id;
        count.rule_name = finding.rule_name;
        count.pack = packOf(report, finding.rule_id);
        const RuleInfo* rule = findRule(report, finding.rule_id);
        count.severity = rule ? rule->severity : finding.severity;
        count.level = levelOf(count.severity);
      }
      if (finding.suppression) {
        ++count.suppressed;
      } else if (finding.baselined) {
        ++count.baselined;
      } else {
        ++count.active;
      }
    }
  }
  std::vector<RuleCount> counts;
  for (auto& [id, count] : by_id) counts.push_back(std::move(count));
  std::stable_sort(counts.begin(), counts.end(),
                   [](const RuleCount& a, const RuleCount& b) { return a.active > b.active; });
  return counts;
}

const RuleInfo* findRule(const Report& report, std::string_view rule_id) {
  auto it = std::lower_bound(report.rules.begin(), report.rules.end(), rule_id,
                             [](const RuleInfo& rule, std::string_view id) { return rule.id < id; });
  if (it != report.rules.end() && it->id == rule_id) return &*it;
  // Reports promise sorted rules, but a hand-built one may not keep the promise.
  auto found = std::find_if(report.rules.begin(), report.rules.end(),
                            [&](const RuleInfo& rule) { return rule.id == rule_id; });
  return found != report.rules.end() ? &*found : nullptr;
}

std::string packOf(const Report& report, std::string_view rule_id) {
  if (const RuleInfo* rule = findRule(report, rule_id); rule && !rule->pack.empty()) return rule->pack;
  if (rule_id.starts_with("K8S")) return "kubernetes";
  if (rule_id.starts_with("AZR")) return "azure";
  if (rule_id.starts_with("CAL")) return "calico";
  return "general";
}

std::string countOf(std::size_t count, std::string_view singular, std::string_view plural) {
  return fmt::format("{} {}", count, count == 1 ? singular : plural);
}

std::string reportName(const Report& report) {
  if (!report.repository.empty()) return report.repository;
  if (!report.root.empty() && report.root != "." && report.root != "./") return report.root;
  if (!report.targets.empty()) return fmt::format("{}", fmt::join(report.targets, " "));
  return report.root.empty() ? "scan" : "current directory";
}

}  // namespace palisade
