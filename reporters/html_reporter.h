// The HTML audit report: one self-contained page (inline CSS, JavaScript and
// SVG; nothing fetched) that a manager can read — totals by severity, rule,
// pack and repository or file, charts, and a sortable, filterable table of
// every finding with its code and a link to its rule's documentation.
//
// A batch audit of hundreds of repositories cannot keep every finding: it
// keeps an HtmlRepository per repository (counts, and a capped sample of
// findings, files and notes) and links each to its own full report.
#pragma once

#include <array>
#include <cstddef>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "reporters/report.h"
#include "reporters/report_stats.h"

namespace palisade {

std::string renderHtml(const std::vector<Report>& reports);

// Open findings by severity, and the suppressed and baselined ones, of a group.
struct FindingCounts {
  std::array<std::size_t, 5> severity{};
  std::size_t suppressed = 0;
  std::size_t baselined = 0;

  std::size_t open() const;
  void add(const Finding& finding);
  void add(const FindingCounts& other);
};

// How much of each repository the combined page shows inline.
struct HtmlLimits {
  static constexpr std::size_t kAll = std::numeric_limits<std::size_t>::max();
  std::size_t findings_per_repository = kAll;  // most severe open ones first
  std::size_t notes_per_repository = kAll;
  std::size_t files = kAll;                    // rows of the by-file table, all repositories together
};

// What the combined page needs of one repository.
struct HtmlRepository {
  Report sample;  // metadata, at most the limit of findings and notes; rules only those found
  std::string link;  // to the repository's own report; empty for none
  std::size_t findings_total = 0;
  std::size_t notifications_total = 0;
  ReportTotals totals;
  FindingCounts all;
  std::map<std::string, FindingCounts> by_rule;
  std::map<std::string, FindingCounts> by_pack;
  std::vector<std::pair<std::string, FindingCounts>> files;  // most open findings first, at most limits.files
  std::size_t files_total = 0;
};

HtmlRepository summariseForHtml(const Report& report, const HtmlLimits& limits, std::string link = {});

// The page over summaries; renderHtml(reports) is this with no limit and no link.
std::string renderHtml(const std::vector<HtmlRepository>& repositories, const HtmlLimits& limits);

}  // namespace palisade
