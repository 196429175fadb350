#include "reporters/text_reporter.h"

#include <fmt/format.h>

#include <algorithm>

#include "reporters/display_path.h"
#include "reporters/report_stats.h"

namespace palisade {

namespace {

class Painter {
 public:
  explicit Painter(bool enabled) : enabled_(enabled) {}

  std::string paint(std::string_view code, std::string_view text) const {
    if (!enabled_ || text.empty()) return std::string(text);
    return fmt::format("\x1b[{}m{}\x1b[0m", code, text);
  }
  std::string bold(std::string_view text) const { return paint("1", text); }
  std::string dim(std::string_view text) const { return paint("2", text); }
  std::string level(Level level, std::string_view text) const {
    switch (level) {
      case Level::Error: return paint("1;31", text);
      case Level::Warning: return paint("1;33", text);
      case Level::Note: return paint("1;36", text);
      case Level::None: return paint("2", text);
    }
    return std::string(text);
  }

 private:
  bool enabled_;
};

// Messages are one line each: a line break in a message would break the format editors parse.
std::string oneLine(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) out += (c == '\n' || c == '\r') ? ' ' : c;
  return out;
}

std::string position(const Location& location) {
  if (!location.valid()) return "";
  return fmt::format(":{}:{}", location.start_line, location.start_column);
}

void appendFindings(std::string& out, const Report& report, const Painter& painter) {
  const std::string* previous_file = nullptr;
  for (const Finding& finding : report.findings) {
    if (!isActive(finding)) continue;
    if (previous_file && *previous_file != finding.location.uri) out += '\n';
    previous_file = &finding.location.uri;
    std::string path = displayPath(report, finding.location.uri);
    out += fmt::format("{}{}: {} {} {}: {}\n", painter.bold(path), position(finding.location),
                       painter.level(finding.level, levelName(finding.level)), painter.bold(finding.rule_id),
                       finding.rule_name, oneLine(finding.message));
    for (const Location& related : finding.related) {
      std::string related_path = displayPath(report, related.uri);
      out += fmt::format("    {}{}: {}\n", related_path, position(related),
                         painter.dim(oneLine(related.message.empty() ? "related location" : related.message)));
    }
  }
}

void appendNotifications(std::string& out, const Report& report, const Painter& painter) {
  for (const Notification& notification : report.notifications) {
    // Input problems of a rule that ran are findings already (or suppressed on purpose): say them once.
    bool reported_as_finding = std::any_of(report.rules.begin(), report.rules.end(),
                                           [&](const RuleInfo& rule) { return rule.id == notification.rule_id; });
    if (reported_as_finding) continue;
    Level level = parseLevel(notification.level).value_or(Level::Note);
    std::string where = notification.location.uri.empty()
                            ? std::string("palisade")
                            : displayPath(report, notification.location.uri) + position(notification.location);
    std::string rule = notification.rule_id.empty() ? "" : " " + notification.rule_id;
    out += fmt::format("{}: {}{}: {}\n", where, painter.level(level, levelName(level)), rule,
                       oneLine(notification.message));
  }
}

// What was read, so that "0 Bicep files" shows when some were expected, and what was skipped and why.
std::string inputsRead(const ReportTotals& totals) {
  const InputSummary& in = totals.inputs;
  if (!in.known) return fmt::format("{} scanned", countOf(totals.files_scanned, "file", "files"));
  std::string out = fmt::format("read {} Bicep, {} ARM, {} Kubernetes/Calico {} ({})", in.readOf(InputFormat::Bicep),
                                in.readOf(InputFormat::Arm), in.readOf(InputFormat::Manifest),
                                in.readOf(InputFormat::Bicep) + in.readOf(InputFormat::Arm) + in.readOf(InputFormat::Manifest) == 1
                                    ? "file"
                                    : "files",
                                countOf(in.resources, "resource", "resources"));
  if (std::size_t params = in.readOf(InputFormat::ArmParameters)) out += fmt::format(", {}", countOf(params, "parameter file", "parameter files"));
  if (std::size_t other = in.readOf(InputFormat::Unrecognised)) {
    out += fmt::format("; {} with nothing to check", countOf(other, "other file", "other files"));
  }
  if (!in.skipped.empty()) {
    constexpr std::size_t kShown = 3;
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < in.skipped.size() && i < kShown; ++i) {
      shown.push_back(fmt::format("{} ({})", in.skipped[i].first, oneLine(in.skipped[i].second)));
    }
    out += fmt::format("; {} skipped: {}", in.skipped.size(), fmt::join(shown, ", "));
    if (in.skipped.size() > kShown) out += fmt::format(" and {} more", in.skipped.size() - kShown);
  }
  return out;
}

std::string summaryLine(const ReportTotals& totals, const Painter& painter) {
  std::string line;
  std::size_t active = totals.active.total();
  if (active == 0) {
    line = painter.paint("1;32", "No findings");
  } else {
    std::vector<std::string> parts;
    if (totals.active.error) parts.push_back(painter.level(Level::Error, countOf(totals.active.error, "error", "errors")));
    if (totals.active.warning)
      parts.push_back(painter.level(Level::Warning, countOf(totals.active.warning, "warning", "warnings")));
    if (totals.active.note) parts.push_back(painter.level(Level::Note, countOf(totals.active.note, "note", "notes")));
    if (totals.active.none) parts.push_back(countOf(totals.active.none, "other", "others"));
    line = fmt::format("{} in {} ({})", painter.bold(countOf(active, "finding", "findings")),
                       countOf(totals.files_with_findings, "file", "files"), fmt::join(parts, ", "));
  }
  line += fmt::format("; {} suppressed, {} baselined; {}", totals.suppressed, totals.baselined, inputsRead(totals));
  return line;
}

void appendStatistics(std::string& out, const std::vector<Report>& reports, const Painter& painter) {
  std::vector<RuleCount> counts = countsByRule(reports);
  out += painter.bold("Findings by rule:") + "\n";
  if (counts.empty()) {
    out += "  (none)\n";
    return;
  }
  std::size_t name_width = 4;
  for (const RuleCount& count : counts) name_width = std::max(name_width, count.rule_name.size());
  out += fmt::format("  {:>6}  {:>10}  {:>9}  {:<8}  {:<{}}  {}\n", "active", "suppressed", "baselined", "rule", "name",
                     name_width, "level");
  for (const RuleCount& count : counts) {
    out += fmt::format("  {:>6}  {:>10}  {:>9}  {:<8}  {:<{}}  {}\n", count.active, count.suppressed, count.baselined,
                       count.rule_id, count.rule_name, name_width, painter.level(count.level, levelName(count.level)));
  }
}

}  // namespace

std::string renderText(const std::vector<Report>& reports, const RenderOptions& options) {
  Painter painter(options.color);
  std::string out;
  bool several = reports.size() > 1;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    const Report& report = reports[i];
    std::string body;
    appendFindings(body, report, painter);
    if (!options.quiet) {
      std::string notes;
      appendNotifications(notes, report, painter);
      if (!notes.empty() && !body.empty()) body += '\n';
      body += notes;
    }
    if (several) {
      if (options.quiet && body.empty()) continue;
      if (!out.empty()) out += '\n';
      out += painter.bold(fmt::format("== {}", reportName(report))) + "\n";
      out += body;
      if (!options.quiet) out += (body.empty() ? "" : "\n") + summaryLine(totalsOf(report), painter) + "\n";
    } else {
      out += body;
    }
  }
  if (options.statistics) {
    if (!out.empty()) out += '\n';
    appendStatistics(out, reports, painter);
  }
  if (!options.quiet) {
    if (!out.empty()) out += '\n';
    std::string summary = summaryLine(totalsOf(reports), painter);
    out += several ? fmt::format("{} {}: {}\n", painter.bold("Total"), countOf(reports.size(), "repository", "repositories"), summary)
                   : summary + "\n";
  }
  return out;
}

}  // namespace palisade
