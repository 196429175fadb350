#include "reporters/github_reporter.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "reporters/display_path.h"
#include "reporters/report_stats.h"

namespace palisade {

namespace {

std::string_view commandOf(Level level) {
  switch (level) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Note:
    case Level::None: return "notice";
  }
  return "notice";
}

std::size_t kindIndex(Level level) {
  switch (level) {
    case Level::Error: return 0;
    case Level::Warning: return 1;
    case Level::Note:
    case Level::None: return 2;
  }
  return 2;
}

struct Entry {
  const Report* report;
  const Finding* finding;
};

std::string annotation(const Entry& entry) {
  const Finding& finding = *entry.finding;
  const Location& location = finding.location;
  std::vector<std::string> properties;
  if (!location.uri.empty()) properties.push_back("file=" + githubEscapeProperty(displayPath(*entry.report, location.uri)));
  if (location.valid()) {
    properties.push_back(fmt::format("line={}", location.start_line));
    properties.push_back(fmt::format("col={}", location.start_column));
    properties.push_back(fmt::format("endLine={}", std::max(location.end_line, location.start_line)));
    // GitHub draws a column range only on a single line; across lines it wants none.
    if (location.end_line <= location.start_line) properties.push_back(fmt::format("endColumn={}", location.end_column));
  }
  properties.push_back("title=" + githubEscapeProperty(fmt::format("{} {}", finding.rule_id, finding.rule_name)));
  return fmt::format("::{} {}::{}\n", commandOf(finding.level), fmt::join(properties, ","),
                     githubEscapeData(displayMessage(finding)));
}

// A plain log line; indented so nothing from a scanned file can start a workflow command.
std::string logLine(const Entry& entry) {
  const Finding& finding = *entry.finding;
  std::string where = displayPath(*entry.report, finding.location.uri);
  if (finding.location.valid()) where += fmt::format(":{}:{}", finding.location.start_line, finding.location.start_column);
  std::string message = displayMessage(finding);
  std::replace(message.begin(), message.end(), '\n', ' ');
  std::replace(message.begin(), message.end(), '\r', ' ');
  return fmt::format("  {}: {} {} {}: {}\n", where, severityName(finding.severity), finding.rule_id, finding.rule_name,
                     message);
}

}  // namespace

std::string githubEscapeData(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string githubEscapeProperty(std::string_view text) {
  std::string out;
  for (char c : githubEscapeData(text)) {
    switch (c) {
      case ':': out += "%3A"; break;
      case ',': out += "%2C"; break;
      default: out += c;
    }
  }
  return out;
}

std::string renderGithub(const std::vector<Report>& reports) {
  std::vector<Entry> entries;
  for (const Report& report : reports) {
    for (const Finding& finding : report.findings) {
      if (isActive(finding)) entries.push_back({&report, &finding});
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    return a.finding->severity > b.finding->severity;
  });
  std::array<std::size_t, 3> per_kind{};
  for (const Entry& entry : entries) ++per_kind[kindIndex(entry.finding->level)];
  bool overflow = std::any_of(per_kind.begin(), per_kind.end(), [](std::size_t n) { return n > kGithubAnnotationsPerKind; });
  // The summary is itself a notice: keep a notice slot free for it.
  std::array<std::size_t, 3> capacity{kGithubAnnotationsPerKind, kGithubAnnotationsPerKind,
                                      kGithubAnnotationsPerKind - (overflow ? 1 : 0)};

  std::string out;
  std::vector<Entry> rest;
  std::array<std::size_t, 3> shown{};
  for (const Entry& entry : entries) {
    std::size_t kind = kindIndex(entry.finding->level);
    if (shown[kind] < capacity[kind]) {
      ++shown[kind];
      out += annotation(entry);
    } else {
      rest.push_back(entry);
    }
  }
  if (!rest.empty()) {
    std::vector<const Finding*> hidden;
    for (const Entry& entry : rest) hidden.push_back(entry.finding);
    std::string counts = severityBreakdown(severityCountsOf(hidden));
    out += fmt::format("::notice title=palisade::{}\n",
                       githubEscapeData(fmt::format(
                           "{} more findings ({}) are not annotated: GitHub shows {} annotations of each kind per "
                           "step. They are listed in this step's log; use --format sarif for code scanning.",
                           rest.size(), counts, kGithubAnnotationsPerKind)));
    out += fmt::format("::group::palisade: {} findings not annotated\n", rest.size());
    for (const Entry& entry : rest) out += logLine(entry);
    out += "::endgroup::\n";
  }
  for (const Report& report : reports) {
    for (const Notification& notification : report.notifications) {
      std::string message = notification.message;
      std::replace(message.begin(), message.end(), '\n', ' ');
      std::string where = notification.location.uri.empty() ? "" : displayPath(report, notification.location.uri) + ": ";
      out += fmt::format("  palisade {}: {}{}\n", severityName(notification.severity), where, message);
    }
  }
  ReportTotals totals = totalsOf(reports);
  std::string breakdown = severityBreakdown(totals.severity);
  out += fmt::format("palisade: {}{}, {} suppressed, {} baselined, {} scanned\n",
                     countOf(totals.active.total(), "finding", "findings"),
                     breakdown.empty() ? "" : fmt::format(" ({})", breakdown), totals.suppressed, totals.baselined,
                     countOf(totals.files_scanned, "file", "files"));
  return out;
}

}  // namespace palisade
