#include "reporters/junit_reporter.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "reporters/display_path.h"
#include "reporters/markup_escape.h"
#include "reporters/report_stats.h"

namespace palisade {

namespace {

struct Testcase {
  std::string classname;  // RULE.name: Jenkins shows RULE as the package, name as the class
  std::string name;       // the file
  std::string file;
  std::vector<const Finding*> active;
  std::vector<const Finding*> inactive;  // suppressed or baselined
};

std::string findingLine(const Report& report, const Finding& finding) {
  std::string where = displayPath(report, finding.location.uri);
  if (finding.location.valid()) where += fmt::format(":{}:{}", finding.location.start_line, finding.location.start_column);
  std::string line = fmt::format("{}: {} {} {}: {}", where, severityName(finding.severity), finding.rule_id,
                                 finding.rule_name, displayMessage(finding));
  if (finding.suppression) {
    line += finding.suppression->justification.empty() ? " (suppressed)"
                                                        : fmt::format(" (suppressed: {})", finding.suppression->justification);
  } else if (finding.baselined) {
    line += " (baselined)";
  }
  return line;
}

Severity worstSeverity(const std::vector<const Finding*>& findings) {
  Severity worst = Severity::Info;
  for (const Finding* finding : findings) worst = std::max(worst, finding->severity);
  return worst;
}

std::string suiteOf(const Report& report, std::size_t& tests, std::size_t& failures, std::size_t& skipped) {
  std::map<std::pair<std::string, std::string>, Testcase> cases;  // (rule, file)
  std::set<std::string> rules_with_findings;
  for (const Finding& finding : report.findings) {
    std::string path = displayPath(report, finding.location.uri);
    Testcase& testcase = cases[{finding.rule_id, path}];
    if (testcase.classname.empty()) {
      testcase.classname = fmt::format("{}.{}", finding.rule_id, finding.rule_name.empty() ? finding.rule_id : finding.rule_name);
      testcase.name = path;
      testcase.file = path;
    }
    (isActive(finding) ? testcase.active : testcase.inactive).push_back(&finding);
    rules_with_findings.insert(finding.rule_id);
  }
  std::string body;
  std::size_t suite_tests = 0, suite_failures = 0, suite_skipped = 0;
  for (const auto& [key, testcase] : cases) {
    ++suite_tests;
    body += fmt::format("    <testcase classname=\"{}\" name=\"{}\" file=\"{}\" time=\"0\">\n",
                        markupEscape(testcase.classname), markupEscape(testcase.name), markupEscape(testcase.file));
    if (!testcase.active.empty()) {
      ++suite_failures;
      const Finding& first = *testcase.active.front();
      // An attribute keeps one line: parsers fold line breaks in attributes into spaces anyway.
      const std::string first_message = displayMessage(first);
      std::string first_line = first_message.substr(0, first_message.find_first_of("\r\n"));
      std::string message = testcase.active.size() == 1
                                ? first_line
                                : fmt::format("{} findings; first: {}", testcase.active.size(), first_line);
      std::string text;
      for (const Finding* finding : testcase.active) text += findingLine(report, *finding) + "\n";
      for (const Finding* finding : testcase.inactive) text += findingLine(report, *finding) + "\n";
      body += fmt::format("      <failure type=\"{}\" message=\"{}\">{}</failure>\n",
                          severityName(worstSeverity(testcase.active)), markupEscape(message), markupEscape(text));
    } else {
      ++suite_skipped;
      std::string text;
      for (const Finding* finding : testcase.inactive) text += findingLine(report, *finding) + "\n";
      body += fmt::format("      <skipped message=\"{}\"/>\n      <system-out>{}</system-out>\n",
                          markupEscape(countOf(testcase.inactive.size(), "suppressed or baselined finding",
                                               "suppressed or baselined findings")),
                          markupEscape(text));
    }
    body += "    </testcase>\n";
  }
  for (const RuleInfo& rule : report.rules) {
    if (rules_with_findings.count(rule.id)) continue;
    ++suite_tests;
    body += fmt::format("    <testcase classname=\"{}\" name=\"all files\" time=\"0\"/>\n",
                        markupEscape(fmt::format("{}.{}", rule.id, rule.name)));
  }
  std::string out = fmt::format(
      "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n",
      markupEscape(fmt::format("palisade {}", reportName(report))), suite_tests, suite_failures, suite_skipped);
  out += fmt::format("    <properties>\n      <property name=\"files_scanned\" value=\"{}\"/>\n"
                     "      <property name=\"baselined\" value=\"{}\"/>\n    </properties>\n",
                     report.files_scanned, totalsOf(report).baselined);
  out += body;
  if (!report.notifications.empty()) {
    std::string text;
    for (const Notification& notification : report.notifications) {
      text += fmt::format("{}: {}{}\n", severityName(notification.severity),
                          notification.location.uri.empty() ? "" : displayPath(report, notification.location.uri) + ": ",
                          notification.message);
    }
    out += fmt::format("    <system-out>{}</system-out>\n", markupEscape(text));
  }
  out += "  </testsuite>\n";
  tests += suite_tests;
  failures += suite_failures;
  skipped += suite_skipped;
  return out;
}

}  // namespace

std::string renderJunit(const std::vector<Report>& reports) {
  std::string suites;
  std::size_t tests = 0, failures = 0, skipped = 0;
  for (const Report& report : reports) suites += suiteOf(report, tests, failures, skipped);
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"palisade\" tests=\"{}\" failures=\"{}\" errors=\"0\" skipped=\"{}\" time=\"0\">\n{}"
      "</testsuites>\n",
      tests, failures, skipped, suites);
}

}  // namespace palisade
