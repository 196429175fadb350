#include "reporters/html_reporter.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "reporters/display_path.h"
#include "reporters/markup_escape.h"
#include "reporters/report_stats.h"
#include "reporters/utf16_text.h"

namespace palisade {

namespace {

constexpr std::array<Severity, 5> kSeverities{Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                                               Severity::Info};

std::string_view severityColour(Severity severity) {
  switch (severity) {
    case Severity::Critical: return "#a61b1b";
    case Severity::High: return "#e0571b";
    case Severity::Medium: return "#d19a00";
    case Severity::Low: return "#2f6fd0";
    case Severity::Info: return "#7a8291";
  }
  return "#7a8291";
}

std::string shortBenchmarkName(const std::string& benchmark) {
  if (benchmark == "kubernetes") return "K8s";
  if (benchmark == "azure") return "Azure";
  if (benchmark == "aks") return "AKS";
  return benchmark;
}

std::string_view statusOf(const Finding& finding) {
  if (finding.suppression) return "suppressed";
  if (finding.baselined) return "baselined";
  return "open";
}

std::string esc(std::string_view text) { return markupEscape(text); }

// Only http(s) links are emitted, so a rule pack cannot smuggle `javascript:` into the page.
std::string safeLink(const std::string& uri) {
  if (uri.starts_with("https://") || uri.starts_with("http://")) return esc(uri);
  return "#";
}

std::string helpUriOf(const Report& report, const std::string& rule_id) {
  if (const RuleInfo* rule = findRule(report, rule_id)) return rule->help_uri.empty() ? ruleHelpUri(*rule) : rule->help_uri;
  RuleInfo unknown;
  unknown.id = rule_id;
  return ruleHelpUri(unknown);
}

struct Bar {
  std::string label;
  bool keep_end = true;  // long labels: keep the end (file names) or the start (rule ids)
  std::vector<std::pair<std::size_t, std::string_view>> segments;  // count, colour
  std::size_t total() const {
    std::size_t sum = 0;
    for (const auto& [count, colour] : segments) sum += count;
    return sum;
  }
};

// A horizontal stacked bar chart; each bar is split by severity.
std::string barChart(const std::string& title, std::vector<Bar> bars, std::size_t limit) {
  std::size_t hidden = bars.size() > limit ? bars.size() - limit : 0;
  if (hidden) bars.resize(limit);
  std::size_t maximum = 1;
  for (const Bar& bar : bars) maximum = std::max(maximum, bar.total());
  constexpr int kLabelWidth = 240, kBarWidth = 220, kRow = 26;
  int height = std::max<int>(1, static_cast<int>(bars.size())) * kRow + 8;
  std::string svg = fmt::format(
      "<svg class=\"chart\" viewBox=\"0 0 {} {}\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\">",
      kLabelWidth + kBarWidth + 50, height, esc(title));
  if (bars.empty()) {
    svg += fmt::format("<text x=\"8\" y=\"20\" class=\"muted\">Nothing to show</text>");
  }
  for (std::size_t i = 0; i < bars.size(); ++i) {
    const Bar& bar = bars[i];
    int y = static_cast<int>(i) * kRow + 4;
    std::string label = bar.label;
    if (utf16Length(label) > 30) {
      // Cut at a character boundary: labels are UTF-8.
      if (bar.keep_end) {
        label = "…" + label.substr(byteOffsetOfUtf16Column(label, static_cast<uint32_t>(utf16Length(label) - 28)));
      } else {
        label = label.substr(0, byteOffsetOfUtf16Column(label, 29)) + "…";
      }
    }
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" class=\"label\"><title>{}</title>{}</text>",
                       kLabelWidth - 8, y + 15, esc(bar.label), esc(label));
    double x = kLabelWidth;
    for (const auto& [count, colour] : bar.segments) {
      if (count == 0) continue;
      double width = static_cast<double>(count) * kBarWidth / static_cast<double>(maximum);
      svg += fmt::format("<rect x=\"{:.1f}\" y=\"{}\" width=\"{:.1f}\" height=\"18\" rx=\"2\" fill=\"{}\"/>", x, y + 2,
                         width, colour);
      x += width;
    }
    svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" class=\"value\">{}</text>", x + 6, y + 15, bar.total());
  }
  svg += "</svg>";
  std::string figure = fmt::format("<figure class=\"card chart-card\"><figcaption>{}</figcaption>{}", esc(title), svg);
  if (hidden) figure += fmt::format("<p class=\"muted small\">and {} more (see the tables below)</p>", hidden);
  return figure + "</figure>";
}

std::string donut(const ReportTotals& totals) {
  std::size_t open = totals.active.total();
  constexpr double kRadius = 54, kCircumference = 2 * 3.14159265358979 * kRadius;
  std::string svg =
      "<svg class=\"donut\" viewBox=\"0 0 160 160\" role=\"img\" aria-label=\"Open findings by severity\" "
      "xmlns=\"http://www.w3.org/2000/svg\">";
  svg += fmt::format("<circle cx=\"80\" cy=\"80\" r=\"{}\" fill=\"none\" stroke=\"#e6e9ef\" stroke-width=\"22\"/>", kRadius);
  double offset = 0;
  for (Severity severity : kSeverities) {
    std::size_t count = totals.ofSeverity(severity);
    if (count == 0 || open == 0) continue;
    double length = kCircumference * static_cast<double>(count) / static_cast<double>(open);
    svg += fmt::format(
        "<circle cx=\"80\" cy=\"80\" r=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"22\" "
        "stroke-dasharray=\"{:.2f} {:.2f}\" stroke-dashoffset=\"{:.2f}\" transform=\"rotate(-90 80 80)\">"
        "<title>{}: {}</title></circle>",
        kRadius, severityColour(severity), length, kCircumference - length, -offset, severityLabel(severity), count);
    offset += length;
  }
  svg += fmt::format("<text x=\"80\" y=\"80\" text-anchor=\"middle\" class=\"donut-number\">{}</text>", open);
  svg += "<text x=\"80\" y=\"100\" text-anchor=\"middle\" class=\"donut-caption\">open</text></svg>";
  std::string legend = "<ul class=\"legend\">";
  for (Severity severity : kSeverities) {
    legend += fmt::format("<li><span class=\"swatch\" style=\"background:{}\"></span>{} <b>{}</b></li>",
                          severityColour(severity), severityLabel(severity), totals.ofSeverity(severity));
  }
  legend += "</ul>";
  return fmt::format("<figure class=\"card chart-card\"><figcaption>Open findings by severity</figcaption>"
                     "<div class=\"donut-row\">{}{}</div></figure>",
                     svg, legend);
}

using Group = FindingCounts;

Bar barOf(const std::string& label, const Group& group) {
  Bar bar{label, true, {}};
  for (Severity severity : kSeverities) {
    bar.segments.emplace_back(group.severity[static_cast<std::size_t>(severity)], severityColour(severity));
  }
  return bar;
}

std::vector<Bar> barsOf(const std::vector<std::pair<std::string, Group>>& groups) {
  std::vector<Bar> bars;
  for (const auto& [label, group] : groups) {
    if (group.open() > 0) bars.push_back(barOf(label, group));
  }
  std::stable_sort(bars.begin(), bars.end(), [](const Bar& a, const Bar& b) { return a.total() > b.total(); });
  return bars;
}

std::string severityCells(const Group& group) {
  std::string cells;
  for (Severity severity : kSeverities) {
    std::size_t count = group.severity[static_cast<std::size_t>(severity)];
    cells += fmt::format("<td class=\"num{}\" data-v=\"{}\">{}</td>", count ? " sev-" + std::string(severityName(severity)) : "",
                         count, count);
  }
  return cells;
}

std::string severityHeaders() {
  std::string headers;
  for (Severity severity : kSeverities) {
    headers += fmt::format("<th class=\"num\" data-type=\"num\">{}</th>", severityLabel(severity));
  }
  return headers;
}

std::string groupTable(const std::string& id, const std::string& first_header,
                       const std::vector<std::pair<std::string, Group>>& groups, const std::string& extra_header = {},
                       const std::vector<std::string>& extra_cells = {}, const std::vector<std::string>& links = {}) {
  std::string table = fmt::format(
      "<table class=\"sortable\" id=\"{}\"><thead><tr><th data-type=\"text\">{}</th>{}<th class=\"num\" "
      "data-type=\"num\">Open</th>{}<th class=\"num\" data-type=\"num\">Suppressed</th><th class=\"num\" "
      "data-type=\"num\">Baselined</th></tr></thead><tbody>",
      id, esc(first_header), extra_header, severityHeaders());
  for (std::size_t i = 0; i < groups.size(); ++i) {
    const auto& [label, group] = groups[i];
    std::string shown = i < links.size() && !links[i].empty()
                            ? fmt::format("<a href=\"{}\">{}</a>", esc(links[i]), esc(label))
                            : esc(label);
    table += fmt::format("<tr><td data-v=\"{}\">{}</td>{}<td class=\"num strong\" data-v=\"{}\">{}</td>{}"
                         "<td class=\"num\" data-v=\"{}\">{}</td><td class=\"num\" data-v=\"{}\">{}</td></tr>",
                         esc(label), shown, i < extra_cells.size() ? extra_cells[i] : "", group.open(),
                         group.open(), severityCells(group), group.suppressed, group.suppressed, group.baselined,
                         group.baselined);
  }
  if (groups.empty()) table += "<tr><td colspan=\"20\" class=\"muted\">Nothing to show</td></tr>";
  return table + "</tbody></table>";
}

std::string snippetHtml(const Location& location) {
  if (location.snippet.empty() || !location.valid()) return {};
  const std::string& line = location.snippet;
  std::size_t begin = byteOffsetOfUtf16Column(line, location.start_column);
  std::size_t end = location.end_line == location.start_line ? byteOffsetOfUtf16Column(line, location.end_column)
                                                              : line.size();
  end = std::max(end, begin);
  return fmt::format("<pre class=\"snippet\"><span class=\"ln\">{}</span>{}<mark>{}</mark>{}</pre>",
                     location.start_line, esc(line.substr(0, begin)), esc(line.substr(begin, end - begin)),
                     esc(line.substr(end)));
}

std::string verdict(const ReportTotals& totals, const std::vector<HtmlRepository>& reports) {
  std::size_t open = totals.active.total();
  std::string scope = reports.size() > 1  ? fmt::format("{} repositories", reports.size())
                      : reports.empty()     ? std::string("the scan")
                                            : esc(reportName(reports[0].sample));
  std::string files = countOf(totals.files_scanned, "file", "files");
  if (open == 0) {
    return fmt::format(
        "<div class=\"verdict ok\"><h2>No open findings</h2><p>palisade checked {} in {} and found nothing that "
        "needs action.{}</p></div>",
        files, scope,
        totals.suppressed + totals.baselined
            ? fmt::format(" {} known finding(s) are suppressed or in the baseline.", totals.suppressed + totals.baselined)
            : "");
  }
  std::size_t urgent = totals.ofSeverity(Severity::Critical) + totals.ofSeverity(Severity::High);
  std::string kind = urgent ? "bad" : "warn";
  std::string headline = urgent ? fmt::format("{} need fixing first", countOf(urgent, "finding", "findings"))
                                : fmt::format("{} to plan for", countOf(open, "finding", "findings"));
  std::vector<std::string> parts;
  for (Severity severity : kSeverities) {
    if (std::size_t n = totals.ofSeverity(severity)) parts.push_back(fmt::format("{} {}", n, severityName(severity)));
  }
  return fmt::format(
      "<div class=\"verdict {}\"><h2>{}</h2><p>palisade checked {} in {} and found <b>{}</b> ({}) in {}. "
      "Critical and high findings are security exposures to fix before the next release; medium ones weaken "
      "defences; low and info are hygiene. {} suppressed on purpose and {} accepted in the baseline are not "
      "counted as open.</p></div>",
      kind, headline, files, scope, countOf(open, "open finding", "open findings"), fmt::join(parts, ", "),
      countOf(totals.files_with_findings, "file", "files"), totals.suppressed, totals.baselined);
}

std::string kpi(std::string_view label, std::size_t value, std::string_view css_class = "") {
  return fmt::format("<div class=\"kpi {}\"><div class=\"kpi-value\">{}</div><div class=\"kpi-label\">{}</div></div>",
                     css_class, value, label);
}

constexpr const char* kStyle = R"CSS(
:root{--ink:#1d2330;--muted:#667085;--line:#e3e7ee;--bg:#f5f7fa;--card:#fff;--accent:#24527a}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--ink);background:var(--bg)}
header{background:#1f3347;color:#fff;padding:20px 32px}
header h1{margin:0;font-size:22px;font-weight:600}
header p{margin:4px 0 0;color:#c7d3e0}
main{padding:20px 32px 40px;max-width:1400px;margin:0 auto}
h2{font-size:18px;margin:28px 0 10px}
.verdict{border-radius:8px;padding:14px 18px;margin:4px 0 18px;border-left:6px solid}
.verdict h2{margin:0 0 4px}
.verdict p{margin:0;max-width:1000px}
.verdict.ok{background:#e8f6ee;border-color:#1e8e4f}
.verdict.warn{background:#fff6e0;border-color:#d19a00}
.verdict.bad{background:#fdecea;border-color:#a61b1b}
.kpis{display:grid;grid-template-columns:repeat(auto-fit,minmax(105px,1fr));gap:10px}
.kpi{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:10px 14px}
.kpi-value{font-size:26px;font-weight:700}
.kpi-label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.kpi.critical .kpi-value{color:#a61b1b}.kpi.high .kpi-value{color:#e0571b}.kpi.medium .kpi-value{color:#a87b00}
.kpi.low .kpi-value{color:#2f6fd0}.kpi.info .kpi-value{color:#7a8291}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(380px,1fr));gap:12px;margin-top:14px}
.card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:12px 14px;margin:0}
figcaption{font-weight:600;margin-bottom:6px}
.chart{width:100%;height:auto;max-height:420px}
.chart .label{font-size:13px;fill:var(--ink)}.chart .value{font-size:13px;fill:var(--muted)}
.donut-row{display:flex;align-items:center;gap:18px}
.donut{width:170px;height:170px;flex:none}
.donut-number{font-size:30px;font-weight:700;fill:var(--ink)}.donut-caption{font-size:12px;fill:var(--muted)}
.legend{list-style:none;margin:0;padding:0}.legend li{margin:3px 0}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;margin-right:6px;vertical-align:-1px}
table{border-collapse:collapse;width:100%;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow:hidden}
th,td{padding:6px 10px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:#eef1f6;font-weight:600;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[aria-sort=ascending]::after{content:" ▲";font-size:10px}
table.sortable th[aria-sort=descending]::after{content:" ▼";font-size:10px}
td.num,th.num{text-align:right}td.strong{font-weight:700}
td.sev-critical{color:#a61b1b;font-weight:600}td.sev-high{color:#e0571b;font-weight:600}td.sev-medium{color:#a87b00}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600}
.status{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;border:1px solid var(--line)}
.status.open{background:#fdecea;border-color:#f3b8b2}.status.suppressed,.status.baselined{background:#f0f2f5;color:var(--muted)}
.muted{color:var(--muted)}.small{font-size:12px}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
pre.snippet{background:#f6f8fa;border:1px solid var(--line);border-radius:6px;padding:6px 10px;margin:6px 0;overflow-x:auto;white-space:pre}
pre.snippet .ln{color:var(--muted);margin-right:12px;user-select:none}
pre.snippet mark{background:#ffe08a;border-radius:2px}
.message{font-weight:500}
.help{font-size:12px;margin-top:2px}
td code.where{word-break:break-all}
.filters{display:flex;flex-wrap:wrap;gap:10px;align-items:center;margin:8px 0 10px}
.filters input,.filters select{font:inherit;padding:5px 8px;border:1px solid #c9d0db;border-radius:6px;background:#fff}
.filters input{min-width:260px}
a{color:var(--accent)}
footer{color:var(--muted);font-size:12px;padding:0 32px 30px;max-width:1400px;margin:0 auto}
@media print{.filters{display:none}body{background:#fff}}
)CSS";

constexpr const char* kScript = R"JS(
(function () {
  'use strict';
  function cellValue(row, index, type) {
    var cell = row.cells[index];
    if (!cell) return type === 'num' ? 0 : '';
    var value = cell.hasAttribute('data-v') ? cell.getAttribute('data-v') : cell.textContent;
    return type === 'num' ? parseFloat(value) || 0 : value.toLowerCase();
  }
  document.querySelectorAll('table.sortable').forEach(function (table) {
    var headers = table.tHead ? table.tHead.rows[0].cells : [];
    Array.prototype.forEach.call(headers, function (header, index) {
      header.setAttribute('tabindex', '0');
      function sort() {
        var type = header.getAttribute('data-type') || 'text';
        var ascending = header.getAttribute('aria-sort') !== 'ascending';
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute('aria-sort'); });
        header.setAttribute('aria-sort', ascending ? 'ascending' : 'descending');
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, index, type), y = cellValue(b, index, type);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      }
      header.addEventListener('click', sort);
      header.addEventListener('keydown', function (event) { if (event.key === 'Enter') sort(); });
    });
  });
  var table = document.getElementById('findings');
  var search = document.getElementById('filter-text');
  var severity = document.getElementById('filter-severity');
  var status = document.getElementById('filter-status');
  var repository = document.getElementById('filter-repository');
  var shown = document.getElementById('shown-count');
  function applyFilters() {
    if (!table) return;
    var text = search.value.trim().toLowerCase();
    var count = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      if (!row.hasAttribute('data-severity')) return;
      var visible = (!text || row.getAttribute('data-search').indexOf(text) >= 0) &&
          (!severity.value || row.getAttribute('data-severity') === severity.value) &&
          (status.value === 'all' || row.getAttribute('data-status') === status.value) &&
          (!repository || !repository.value || row.getAttribute('data-repository') === repository.value);
      row.hidden = !visible;
      if (visible) count++;
    });
    shown.textContent = String(count);
  }
  [search, severity, status, repository].forEach(function (control) {
    if (control) control.addEventListener('input', applyFilters);
  });
  applyFilters();
  document.body.setAttribute('data-selfcheck', 'ok');
})();
)JS";

// Most open findings first (by severity, most severe first), then most suppressed or baselined.
bool moreSevere(const Group& a, const Group& b) {
  for (std::size_t s = 5; s-- > 0;) {
    if (a.severity[s] != b.severity[s]) return a.severity[s] > b.severity[s];
  }
  return a.suppressed + a.baselined > b.suppressed + b.baselined;
}

std::vector<std::pair<std::string, Group>> ordered(const std::map<std::string, Group>& groups) {
  std::vector<std::pair<std::string, Group>> list(groups.begin(), groups.end());
  std::stable_sort(list.begin(), list.end(),
                   [](const auto& a, const auto& b) { return moreSevere(a.second, b.second); });
  return list;
}

// The `[*]` mark of a finding `palisade fix` can remove (as the text report
// has it), with what the fix does and whether it needs --unsafe-fixes.
std::string fixHtml(const Finding& finding) {
  if (!isFixable(finding)) return {};
  return fmt::format("<div class=\"help fixable\">[*] Fix: {} ({})</div>", esc(finding.fix->title),
                     finding.fix->safe ? "safe: <code>palisade fix</code>" : "unsafe: <code>palisade fix --unsafe-fixes</code>");
}

std::string findingRow(const Report& report, const Finding& finding, bool batch) {
  std::string path = displayPath(report, finding.location.uri);
  std::string where = finding.location.valid() ? fmt::format("{}:{}", path, finding.location.start_line) : path;
  std::string status(statusOf(finding));
  std::string search = fmt::format("{} {} {} {}{} {} {}{}", finding.rule_id, finding.rule_name, where,
                                   displayMessage(finding), finding.help.empty() ? "" : " " + finding.help,
                                   finding.resource, reportName(report), isFixable(finding) ? " fixable" : "");
  std::transform(search.begin(), search.end(), search.begin(),
                 [](char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); });
  std::string details = snippetHtml(finding.location);
  for (const Location& related : finding.related) {
    details += fmt::format("<div class=\"small\">{} <code>{}{}</code></div>{}",
                           esc(related.message.empty() ? "Related:" : related.message + ":"),
                           esc(displayPath(report, related.uri)),
                           related.valid() ? fmt::format(":{}", related.start_line) : "", snippetHtml(related));
  }
  if (finding.suppression) {
    details += fmt::format("<div class=\"small muted\">Suppressed ({}){}</div>",
                           finding.suppression->kind == Suppression::Kind::InSource ? "in the source" : "by configuration",
                           finding.suppression->justification.empty() ? "" : ": " + esc(finding.suppression->justification));
  } else if (finding.baselined) {
    details += "<div class=\"small muted\">Accepted in the baseline.</div>";
  }
  details += fmt::format("<div class=\"small\"><a href=\"{}\" target=\"_blank\" rel=\"noopener\">Why it matters and "
                         "how to fix it ({})</a>{}</div>",
                         safeLink(helpUriOf(report, finding.rule_id)), esc(finding.rule_id),
                         finding.resource.empty() ? "" : " · resource <code>" + esc(finding.resource) + "</code>");
  return fmt::format(
      "<tr data-severity=\"{0}\" data-status=\"{1}\" data-repository=\"{2}\" data-search=\"{3}\"{4}>"
      "<td data-v=\"{5}\"><span class=\"badge\" style=\"background:{6}\">{7}</span></td>"
      "<td data-v=\"{8}\"><a href=\"{9}\" target=\"_blank\" rel=\"noopener\">{8}</a><div class=\"small muted\">{10}</div></td>{11}"
      "<td data-v=\"{12}\"><code class=\"where\">{13}</code></td>"
      "<td><div class=\"message\">{14}</div>{16}{15}</td>"
      "<td><span class=\"status {1}\">{1}</span></td></tr>\n",
      severityName(finding.severity), status, esc(reportName(report)), esc(search),
      status == "open" ? "" : " hidden", static_cast<int>(finding.severity), severityColour(finding.severity),
      severityLabel(finding.severity), esc(finding.rule_id), safeLink(helpUriOf(report, finding.rule_id)),
      esc(finding.rule_name), batch ? fmt::format("<td>{}</td>", esc(reportName(report))) : "",
      esc(fmt::format("{}:{:08}", path, finding.location.start_line)), esc(where), esc(displayMessage(finding)), details,
      (finding.help.empty() ? "" : "<div class=\"help\">Help: " + esc(finding.help) + "</div>") + fixHtml(finding));
}

// "in the report of platform-infra", linked when there is one.
std::string inReportOf(const HtmlRepository& repository) {
  std::string name = esc(reportName(repository.sample));
  if (repository.link.empty()) return fmt::format("in the report of {}", name);
  return fmt::format("in <a href=\"{}\">the report of {}</a>", esc(repository.link), name);
}

}  // namespace

std::size_t FindingCounts::open() const {
  std::size_t sum = 0;
  for (std::size_t n : severity) sum += n;
  return sum;
}

void FindingCounts::add(const Finding& finding) {
  if (finding.suppression) {
    ++suppressed;
  } else if (finding.baselined) {
    ++baselined;
  } else {
    ++severity[static_cast<std::size_t>(finding.severity)];
  }
}

void FindingCounts::add(const FindingCounts& other) {
  for (std::size_t i = 0; i < severity.size(); ++i) severity[i] += other.severity[i];
  suppressed += other.suppressed;
  baselined += other.baselined;
}

HtmlRepository summariseForHtml(const Report& report, const HtmlLimits& limits, std::string link) {
  HtmlRepository out;
  out.link = std::move(link);
  out.findings_total = report.findings.size();
  out.notifications_total = report.notifications.size();
  out.totals = totalsOf(report);
  std::map<std::string, Group> by_file;
  for (const Finding& finding : report.findings) {
    out.all.add(finding);
    out.by_rule[finding.rule_id].add(finding);
    out.by_pack[packOf(report, finding.rule_id)].add(finding);
    by_file[displayPath(report, finding.location.uri)].add(finding);
  }
  out.files_total = by_file.size();
  out.files = ordered(by_file);
  if (out.files.size() > limits.files) out.files.resize(limits.files);

  Report& sample = out.sample;
  sample.tool_version = report.tool_version;
  sample.root = report.root;
  sample.repository = report.repository;
  sample.execution_successful = report.execution_successful;
  sample.targets = report.targets;
  sample.files_scanned = report.files_scanned;
  sample.baselined_count = report.baselined_count;
  // Only the rules something was found for, without their long texts: the page shows names and links.
  for (const RuleInfo& rule : report.rules) {
    if (!out.by_rule.contains(rule.id)) continue;
    RuleInfo kept = rule;
    kept.description.clear();
    kept.remediation.clear();
    sample.rules.push_back(std::move(kept));
  }
  // The findings a reader should see first: open before suppressed or
  // baselined, most severe first; listed in report order.
  std::vector<std::size_t> chosen(report.findings.size());
  for (std::size_t i = 0; i < chosen.size(); ++i) chosen[i] = i;
  if (chosen.size() > limits.findings_per_repository) {
    std::stable_sort(chosen.begin(), chosen.end(), [&](std::size_t a, std::size_t b) {
      const Finding& x = report.findings[a];
      const Finding& y = report.findings[b];
      if (isActive(x) != isActive(y)) return isActive(x);
      return x.severity > y.severity;
    });
    chosen.resize(limits.findings_per_repository);
    std::sort(chosen.begin(), chosen.end());
  }
  for (std::size_t i : chosen) sample.findings.push_back(report.findings[i]);
  std::size_t notes = std::min(report.notifications.size(), limits.notes_per_repository);
  sample.notifications.assign(report.notifications.begin(), report.notifications.begin() + static_cast<std::ptrdiff_t>(notes));
  return out;
}

std::string renderHtml(const std::vector<Report>& reports) {
  std::vector<HtmlRepository> repositories;
  repositories.reserve(reports.size());
  for (const Report& report : reports) repositories.push_back(summariseForHtml(report, HtmlLimits{}));
  return renderHtml(repositories, HtmlLimits{});
}

std::string renderHtml(const std::vector<HtmlRepository>& reports, const HtmlLimits& limits) {
  ReportTotals totals;
  for (const HtmlRepository& repository : reports) totals.add(repository.totals);
  bool batch = reports.size() > 1;
  std::string version = reports.empty() || reports.front().sample.tool_version.empty()
                            ? std::string(PALISADE_VERSION)
                            : reports.front().sample.tool_version;

  std::map<std::string, Group> by_rule, by_pack, by_file, by_repository;
  // A rule as the first repository that found it lists it (nullptr: it does not list it).
  std::map<std::string, std::pair<const Report*, const RuleInfo*>> rule_info;
  std::size_t files_total = 0;
  for (const HtmlRepository& repository : reports) {
    const Report& report = repository.sample;
    by_repository[reportName(report)].add(repository.all);
    for (const RuleInfo& rule : report.rules) rule_info.try_emplace(rule.id, &report, &rule);
    for (const auto& [id, counts] : repository.by_rule) {
      by_rule[id].add(counts);
      rule_info.try_emplace(id, &report, nullptr);
    }
    for (const auto& [pack, counts] : repository.by_pack) by_pack[pack].add(counts);
    for (const auto& [file, counts] : repository.files) by_file[batch ? reportName(report) + ": " + file : file].add(counts);
    files_total += repository.files_total;
  }

  std::string title = batch ? fmt::format("palisade audit — {} repositories", reports.size())
                            : fmt::format("palisade audit — {}", reports.empty() ? "scan" : reportName(reports[0].sample));
  std::string out = fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
      "script-src 'unsafe-inline'; img-src data:\">\n"
      "<meta name=\"generator\" content=\"palisade {}\">\n<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
      esc(version), esc(title), kStyle);
  out += fmt::format("<header><h1>{}</h1><p>Policy-as-code audit of infrastructure code: Azure Bicep and ARM, "
                     "Kubernetes and Calico. palisade {}.</p></header>\n<main>\n",
                     esc(title), esc(version));
  out += verdict(totals, reports);

  out += "<section class=\"kpis\" id=\"totals\">";
  out += kpi("Open findings", totals.active.total());
  for (Severity severity : kSeverities) {
    out += kpi(severityLabel(severity), totals.ofSeverity(severity), severityName(severity));
  }
  out += kpi("Suppressed", totals.suppressed);
  out += kpi("Baselined", totals.baselined);
  out += kpi("Files scanned", totals.files_scanned);
  if (batch) out += kpi("Repositories", reports.size());
  out += "</section>\n";

  std::vector<std::pair<std::string, Group>> rules = ordered(by_rule);
  std::vector<Bar> rule_bars;
  for (const auto& [id, group] : rules) {
    if (group.open() == 0) continue;
    auto it = rule_info.find(id);
    std::string label = id;
    if (it != rule_info.end() && it->second.second) label += " " + it->second.second->name;
    rule_bars.push_back(barOf(label, group));
    rule_bars.back().keep_end = false;
  }
  std::vector<std::pair<std::string, Group>> files = ordered(by_file);
  std::size_t files_hidden = files_total > limits.files ? files_total - std::min(files.size(), limits.files) : 0;
  if (files.size() > limits.files) files.resize(limits.files);
  out += "<section class=\"charts\">";
  out += donut(totals);
  out += barChart("Open findings by rule", rule_bars, 12);
  out += barChart("Open findings by pack", barsOf(ordered(by_pack)), 8);
  out += batch ? barChart("Open findings by repository", barsOf(ordered(by_repository)), 15)
               : barChart("Open findings by file", barsOf(files), 12);
  out += "</section>\n";

  if (batch) {
    std::vector<std::pair<std::string, Group>> repositories;
    std::vector<std::string> extra, links;
    for (const HtmlRepository& repository : reports) {
      const Report& report = repository.sample;
      Group group = by_repository[reportName(report)];
      group.baselined += report.baselined_count;  // the findings the baseline hid from the list
      repositories.emplace_back(reportName(report), group);
      extra.push_back(fmt::format("<td class=\"num\" data-v=\"{0}\">{0}</td><td data-v=\"{1}\">{2}</td>",
                                  report.files_scanned, report.execution_successful ? 1 : 0,
                                  report.execution_successful ? "complete" : "<b>failed</b>"));
      links.push_back(repository.link);
    }
    out += "<h2 id=\"by-repository\">By repository</h2>";
    out += groupTable("repositories", "Repository", repositories,
                      "<th class=\"num\" data-type=\"num\">Files</th><th data-type=\"num\">Scan</th>", extra, links);
  }

  out += "<h2 id=\"by-rule\">By rule</h2>";
  {
    std::string table =
        "<table class=\"sortable\" id=\"rules\"><thead><tr><th data-type=\"text\">Rule</th><th data-type=\"text\">"
        "Title</th><th data-type=\"text\">Pack</th><th data-type=\"num\">Severity</th><th data-type=\"text\">CIS</th>"
        "<th class=\"num\" data-type=\"num\">Open</th><th class=\"num\" data-type=\"num\">Suppressed</th>"
        "<th class=\"num\" data-type=\"num\">Baselined</th></tr></thead><tbody>";
    for (const auto& [id, group] : rules) {
      auto [report, rule] = rule_info.at(id);
      Severity severity = rule ? rule->severity : Severity::Medium;
      std::vector<std::string> cis;
      if (rule) {
        for (const CisReference& reference : rule->cis) {
          cis.push_back(fmt::format("<span title=\"{}\">CIS {} {}</span>", esc(reference.title()),
                                    esc(shortBenchmarkName(reference.benchmark)), esc(reference.control)));
        }
      }
      table += fmt::format(
          "<tr><td data-v=\"{0}\"><a href=\"{1}\" target=\"_blank\" rel=\"noopener\">{0}</a></td><td>{2}</td>"
          "<td>{3}</td><td data-v=\"{4}\"><span class=\"badge\" style=\"background:{5}\">{6}</span></td><td>{7}</td>"
          "<td class=\"num strong\" data-v=\"{8}\">{8}</td><td class=\"num\" data-v=\"{9}\">{9}</td>"
          "<td class=\"num\" data-v=\"{10}\">{10}</td></tr>",
          esc(id), safeLink(helpUriOf(*report, id)), esc(rule ? rule->title : id), esc(packOf(*report, id)),
          static_cast<int>(severity), severityColour(severity), severityLabel(severity), fmt::join(cis, ", "),
          group.open(), group.suppressed, group.baselined);
    }
    if (rules.empty()) table += "<tr><td colspan=\"8\" class=\"muted\">No rule found anything.</td></tr>";
    out += table + "</tbody></table>\n";
  }
  out += "<h2 id=\"by-pack\">By pack</h2>" + groupTable("packs", "Pack", ordered(by_pack)) + "\n";
  out += "<h2 id=\"by-file\">By file</h2>" + groupTable("files", "File", files) + "\n";
  if (files_hidden > 0) {
    out += fmt::format("<p class=\"muted\" id=\"more-files\">Showing the {} with the most findings; {} in the "
                       "repositories' own reports.</p>\n",
                       countOf(files.size(), "file", "files"), countOf(files_hidden, "more file", "more files"));
  }

  std::size_t all_findings = 0;
  for (const HtmlRepository& repository : reports) all_findings += repository.findings_total;
  out += "<h2 id=\"findings-heading\">Findings</h2>\n<div class=\"filters\">"
         "<input id=\"filter-text\" type=\"search\" placeholder=\"Filter by text, rule, file, resource…\" "
         "aria-label=\"Filter findings\">"
         "<select id=\"filter-severity\" aria-label=\"Severity\"><option value=\"\">All severities</option>";
  for (Severity severity : kSeverities) {
    out += fmt::format("<option value=\"{}\">{}</option>", severityName(severity), severityLabel(severity));
  }
  out += "</select><select id=\"filter-status\" aria-label=\"Status\"><option value=\"open\">Open</option>"
         "<option value=\"suppressed\">Suppressed</option><option value=\"baselined\">Baselined</option>"
         "<option value=\"all\">All statuses</option></select>";
  if (batch) {
    out += "<select id=\"filter-repository\" aria-label=\"Repository\"><option value=\"\">All repositories</option>";
    for (const HtmlRepository& repository : reports) {
      out += fmt::format("<option value=\"{0}\">{0}</option>", esc(reportName(repository.sample)));
    }
    out += "</select>";
  }
  out += fmt::format("<span class=\"muted\">Showing <b id=\"shown-count\">{}</b> of {} (open by default)</span></div>\n",
                     totals.active.total(), all_findings);
  out += fmt::format(
      "<table class=\"sortable\" id=\"findings\"><thead><tr><th data-type=\"num\">Severity</th>"
      "<th data-type=\"text\">Rule</th>{}<th data-type=\"text\">Location</th><th data-type=\"text\">Finding</th>"
      "<th data-type=\"text\">Status</th></tr></thead><tbody>\n",
      batch ? "<th data-type=\"text\">Repository</th>" : "");
  std::vector<std::pair<const Report*, const Finding*>> listed;
  for (const HtmlRepository& repository : reports) {
    for (const Finding& finding : repository.sample.findings) listed.emplace_back(&repository.sample, &finding);
  }
  std::stable_sort(listed.begin(), listed.end(),
                   [](const auto& a, const auto& b) { return a.second->severity > b.second->severity; });
  for (const auto& [report, finding] : listed) out += findingRow(*report, *finding, batch);
  if (all_findings == 0) {
    out += fmt::format("<tr><td colspan=\"{}\" class=\"muted\">No findings: every rule passed.</td></tr>\n",
                       batch ? 6 : 5);
  }
  out += "</tbody></table>\n";
  std::string more;
  for (const HtmlRepository& repository : reports) {
    if (std::size_t hidden = repository.findings_total - repository.sample.findings.size()) {
      more += fmt::format("<li>{} {}</li>", countOf(hidden, "more finding", "more findings"), inReportOf(repository));
    }
  }
  if (!more.empty()) {
    out += fmt::format("<p class=\"muted\">This page lists up to {} findings of each repository, the most severe open "
                       "ones first; the rest are in each repository's own report.</p><ul class=\"card\" "
                       "id=\"more-findings\">{}</ul>\n",
                       limits.findings_per_repository, more);
  }

  std::string notes;
  for (const HtmlRepository& repository : reports) {
    const Report& report = repository.sample;
    for (const Notification& notification : report.notifications) {
      notes += fmt::format("<li><b>{}</b>{} {}{}{}</li>", esc(severityName(notification.severity)),
                           notification.rule_id.empty() ? "" : " " + esc(notification.rule_id),
                           notification.location.uri.empty()
                               ? ""
                               : "<code>" + esc(displayPath(report, notification.location.uri)) + "</code>: ",
                           esc(notification.message),
                           notification.help.empty() ? "" : "<div class=\"help\">Help: " + esc(notification.help) + "</div>");
    }
    if (std::size_t hidden = repository.notifications_total - report.notifications.size()) {
      notes += fmt::format("<li class=\"muted\">{} {}</li>", countOf(hidden, "more note", "more notes"), inReportOf(repository));
    }
    if (!report.execution_successful) {
      notes += fmt::format("<li><b>error</b> the scan of {} did not complete; its results are partial.</li>",
                           esc(reportName(report)));
    }
  }
  if (!notes.empty()) {
    out += "<h2 id=\"notes\">Notes about the scan</h2><p class=\"muted\">Files or syntax palisade could not fully "
           "check; findings there may be missing.</p><ul class=\"card\">" + notes + "</ul>\n";
  }
  out += "</main>\n<footer>Generated by palisade " + esc(version) +
         ". This page is self-contained: it loads nothing from the network. Rule links open palisade's "
         "documentation.</footer>\n";
  out += fmt::format("<script>{}</script>\n</body>\n</html>\n", kScript);
  return out;
}

}  // namespace palisade
