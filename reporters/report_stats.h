// Counting what reports hold — findings by level, severity and rule, the
// suppressed and baselined ones — shared by every reporter that summarises.
#pragma once

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "reporters/report.h"

namespace palisade {

// Active: neither suppressed in source or config nor covered by the baseline.
inline bool isActive(const Finding& finding) { return !finding.suppression && !finding.baselined; }
// A finding `palisade fix` can remove (with --unsafe-fixes when the fix is unsafe).
inline bool isFixable(const Finding& finding) { return finding.fix && finding.fix->applicable(); }

struct LevelCounts {
  std::size_t error = 0;
  std::size_t warning = 0;
  std::size_t note = 0;
  std::size_t none = 0;

  void add(Level level, std::size_t count = 1);
  std::size_t of(Level level) const;
  std::size_t total() const { return error + warning + note + none; }
};

struct ReportTotals {
  LevelCounts active;                       // by level
  std::array<std::size_t, 5> severity{};    // active findings, indexed by Severity
  std::size_t suppressed = 0;               // carry a Suppression
  std::size_t baselined = 0;                // flagged, plus those the baseline hid from the list
  std::size_t files_scanned = 0;
  InputSummary inputs;
  std::size_t files_with_findings = 0;      // with at least one active finding
  std::size_t notifications = 0;
  std::size_t fixable = 0;         // active findings with a safe fix (`palisade fix` applies it)
  std::size_t fixable_unsafe = 0;  // active findings whose fix needs --unsafe-fixes

  std::size_t ofSeverity(Severity s) const { return severity[static_cast<std::size_t>(s)]; }
  void add(const ReportTotals& other);
};

ReportTotals totalsOf(const Report& report);
ReportTotals totalsOf(const std::vector<Report>& reports);

struct RuleCount {
  std::string rule_id;
  std::string rule_name;
  std::string pack;
  Severity severity = Severity::Medium;
  Level level = Level::Warning;
  std::size_t active = 0;
  std::size_t suppressed = 0;
  std::size_t baselined = 0;  // listed with the baseline flag (those it hid are not per rule)
};

// Every rule with at least one finding (active or not), most active findings first, then by id.
std::vector<RuleCount> countsByRule(const std::vector<Report>& reports);

// The rule a finding names, or nullptr when the report does not list it.
const RuleInfo* findRule(const Report& report, std::string_view rule_id);

// The pack of a rule, or derived from its id prefix (K8S → kubernetes) when the rule is unlisted.
std::string packOf(const Report& report, std::string_view rule_id);

// Counts by severity, highest first, the zero ones left out: "2 critical, 6 high,
// 4 low" (empty when all are zero). Every summary says its counts this way.
std::string severityBreakdown(const std::array<std::size_t, 5>& by_severity);
std::array<std::size_t, 5> severityCountsOf(const std::vector<const Finding*>& findings);

// "1 finding", "3 findings".
std::string countOf(std::size_t count, std::string_view singular, std::string_view plural);

// How reports are named to people: the repository, else the scan root, else "scan".
std::string reportName(const Report& report);

}  // namespace palisade
