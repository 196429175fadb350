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

// The text reporter keeps each line under this many columns when it can (a
// path or a word longer than that is not broken).
constexpr std::size_t kTextWidth = 120;
constexpr std::string_view kIndent = "    ";

// A message's statement and its advice: "X is exposed (a: b); restrict it"
// reads as the finding "X is exposed (a: b)" and the help "restrict it".
// A finding that stands only because of --strict says so after the statement.
std::pair<std::string, std::string> statementAndHelp(const Finding& finding) {
  std::string message = oneLine(finding.message);
  std::string strict_note =
      finding.strict_reason.empty() ? "" : " (reported because of --strict: " + oneLine(finding.strict_reason) + ")";
  std::size_t split = message.find("; ");
  if (split == std::string::npos) return {message + strict_note, ""};
  return {message.substr(0, split) + strict_note, message.substr(split + 2)};
}

// Words of `text` on lines of at most kTextWidth columns, each starting with `indent`.
void appendWrapped(std::string& out, std::string_view text, std::string_view first_prefix, std::string_view indent,
                   const Painter& painter, bool dim) {
  std::string line(first_prefix);
  std::size_t visible = first_prefix.size();
  bool line_has_words = false;
  auto flush = [&] {
    out += line;
    out += '\n';
  };
  std::size_t start = 0;
  std::string pending;
  while (start <= text.size()) {
    std::size_t space = text.find(' ', start);
    if (space == std::string_view::npos) space = text.size();
    std::string_view word = text.substr(start, space - start);
    start = space + 1;
    if (word.empty()) continue;
    if (line_has_words && visible + 1 + word.size() > kTextWidth) {
      line += dim ? painter.dim(pending) : pending;
      flush();
      line = std::string(indent);
      visible = indent.size();
      pending.clear();
      line_has_words = false;
    }
    if (line_has_words) {
      pending += ' ';
      ++visible;
    }
    pending += word;
    visible += word.size();
    line_has_words = true;
  }
  line += dim ? painter.dim(pending) : pending;
  flush();
}

// The default layout: `path:line:col: level ID message` on one line when it
// fits in kTextWidth columns, else `path:line:col: level ID name` and the
// message on indented lines; the advice and related places indented below.
void appendFindings(std::string& out, const Report& report, const Painter& painter) {
  const std::string* previous_file = nullptr;
  for (const Finding& finding : report.findings) {
    if (!isActive(finding)) continue;
    if (previous_file && *previous_file != finding.location.uri) out += '\n';
    previous_file = &finding.location.uri;
    std::string path = displayPath(report, finding.location.uri);
    auto [statement, help] = statementAndHelp(finding);
    // `[*]` ends the first line when `palisade fix` can remove the finding (ruff's mark).
    std::string mark = isFixable(finding) ? " [*]" : "";
    std::string_view severity = severityName(finding.severity);
    std::string head = fmt::format("{}{}: {} {}", path, position(finding.location), severity, finding.rule_id);
    std::string painted_head = fmt::format("{}{}: {} {}", painter.bold(path), position(finding.location),
                                           painter.level(finding.level, severity), painter.bold(finding.rule_id));
    if (head.size() + 1 + statement.size() + mark.size() <= kTextWidth) {
      out += fmt::format("{} {}{}\n", painted_head, statement, mark);
    } else {
      out += fmt::format("{} {}{}\n", painted_head, finding.rule_name, mark);
      appendWrapped(out, statement, kIndent, kIndent, painter, false);
    }
    if (!help.empty()) appendWrapped(out, help, std::string(kIndent) + "help: ", std::string(kIndent) + "      ", painter, true);
    for (const Location& related : finding.related) {
      std::string related_path = displayPath(report, related.uri);
      std::string prefix = fmt::format("{}{}{}: ", kIndent, related_path, position(related));
      appendWrapped(out, oneLine(related.message.empty() ? "related location" : related.message), prefix,
                    std::string(kIndent) + "  ", painter, true);
    }
  }
}

// Input problems of a rule that ran are findings already (or suppressed on purpose): say them once.
bool reportedAsFinding(const Report& report, const Notification& notification) {
  return std::any_of(report.rules.begin(), report.rules.end(),
                     [&](const RuleInfo& rule) { return rule.id == notification.rule_id; });
}

void appendNotifications(std::string& out, const Report& report, const Painter& painter) {
  for (const Notification& notification : report.notifications) {
    if (reportedAsFinding(report, notification)) continue;
    std::string where = notification.location.uri.empty()
                            ? std::string("palisade")
                            : displayPath(report, notification.location.uri) + position(notification.location);
    std::string rule = notification.rule_id.empty() ? "" : " " + notification.rule_id;
    out += fmt::format("{}: {}{}: {}\n", where,
                       painter.level(levelOf(notification.severity), severityName(notification.severity)), rule,
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

// The counts, then what was read; on two lines when one would pass kTextWidth.
// "[*] 3 fixable with `palisade fix` (1 more with --unsafe-fixes)" on a line of its own; empty when none.
std::string fixableLine(const ReportTotals& totals) {
  if (!totals.fixable && !totals.fixable_unsafe) return {};
  std::string line = fmt::format("\n[*] {} fixable with `palisade fix`", totals.fixable);
  if (totals.fixable_unsafe) line += fmt::format(" ({} more with --unsafe-fixes)", totals.fixable_unsafe);
  return line;
}

std::string summaryLine(const ReportTotals& totals, const Painter& painter) {
  auto counts = [&](const Painter& p) {
    std::string line;
    std::size_t active = totals.active.total();
    if (active == 0) {
      line = p.paint("1;32", "No findings");
    } else {
      std::vector<std::string> parts;
      for (int s = static_cast<int>(Severity::Critical); s >= static_cast<int>(Severity::Info); --s) {
        auto severity = static_cast<Severity>(s);
        if (std::size_t n = totals.ofSeverity(severity)) {
          parts.push_back(p.level(levelOf(severity), fmt::format("{} {}", n, severityName(severity))));
        }
      }
      line = fmt::format("{} in {} ({})", p.bold(countOf(active, "finding", "findings")),
                         countOf(totals.files_with_findings, "file", "files"), fmt::join(parts, ", "));
    }
    return line + fmt::format("; {} suppressed, {} baselined", totals.suppressed, totals.baselined);
  };
  std::string inputs = inputsRead(totals);
  std::string line = counts(painter);
  if (counts(Painter(false)).size() + 2 + inputs.size() <= kTextWidth) return line + "; " + inputs + fixableLine(totals);
  line += '\n';
  appendWrapped(line, inputs, "", kIndent, painter, false);
  line.pop_back();  // the caller ends the line
  return line + fixableLine(totals);
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
                     name_width, "severity");
  for (const RuleCount& count : counts) {
    out += fmt::format("  {:>6}  {:>10}  {:>9}  {:<8}  {:<{}}  {}\n", count.active, count.suppressed, count.baselined,
                       count.rule_id, count.rule_name, name_width, painter.level(count.level, severityName(count.severity)));
  }
}

void appendConcise(std::string& out, const Report& report, bool quiet) {
  for (const Finding& finding : report.findings) {
    if (!isActive(finding)) continue;
    out += fmt::format("{}{}: {} {}\n", displayPath(report, finding.location.uri), position(finding.location),
                       finding.rule_id, statementAndHelp(finding).first);
  }
  if (quiet) return;
  for (const Notification& notification : report.notifications) {
    if (reportedAsFinding(report, notification)) continue;
    std::string where = notification.location.uri.empty()
                            ? std::string("palisade")
                            : displayPath(report, notification.location.uri) + position(notification.location);
    out += fmt::format("{}: {}{}\n", where, notification.rule_id.empty() ? "" : notification.rule_id + " ",
                       oneLine(notification.message));
  }
}

}  // namespace

std::string renderConcise(const std::vector<Report>& reports, const RenderOptions& options) {
  std::string out;
  for (const Report& report : reports) appendConcise(out, report, options.quiet);
  if (options.statistics) {
    if (!out.empty()) out += '\n';
    appendStatistics(out, reports, Painter(false));
  }
  if (!options.quiet) {
    if (!out.empty()) out += '\n';
    out += summaryLine(totalsOf(reports), Painter(false)) + "\n";
  }
  return out;
}

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
