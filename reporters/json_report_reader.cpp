#include "reporters/json_report_reader.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace palisade {

namespace {

using ReadJson = nlohmann::json;

std::string text(const ReadJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

uint32_t number(const ReadJson& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_number_unsigned() ? it->get<uint32_t>() : 0;
}

Location readLocation(const ReadJson& j) {
  Location loc;
  if (!j.is_object()) return loc;
  loc.uri = text(j, "uri");
  loc.start_line = number(j, "start_line");
  loc.start_column = number(j, "start_column");
  loc.end_line = number(j, "end_line");
  loc.end_column = number(j, "end_column");
  loc.message = text(j, "message");
  return loc;
}

RuleInfo readRule(const ReadJson& j, const RuleSet& rules) {
  RuleInfo info;
  std::string id = text(j, "id");
  if (const Rule* known = rules.find(id)) {
    info = known->info;
  } else {
    info.id = id;
    info.name = text(j, "name");
    info.title = text(j, "title");
    info.description = info.title;
    info.remediation = "See the rule's documentation.";
    info.help_uri = text(j, "help_uri");
  }
  info.pack = text(j, "pack");
  if (auto s = parseSeverity(text(j, "severity"))) info.severity = *s;
  info.precision = text(j, "precision");
  if (auto tags = j.find("tags"); tags != j.end() && tags->is_array()) {
    info.tags.clear();
    for (const ReadJson& t : *tags) {
      if (t.is_string()) info.tags.push_back(t.get<std::string>());
    }
    info.cis = cisReferencesOf(info.tags);  // a report's rules carry their CIS references as tags, as rule files do
  }
  return info;
}

Finding readFinding(const ReadJson& j) {
  Finding f;
  f.rule_id = text(j, "rule_id");
  f.rule_name = text(j, "rule_name");
  if (auto s = parseSeverity(text(j, "severity"))) f.severity = *s;
  if (auto l = parseLevel(text(j, "level"))) f.level = *l;
  f.message = text(j, "message");
  f.help = text(j, "help");
  f.strict_reason = text(j, "reported_because_strict");
  if (auto loc = j.find("location"); loc != j.end()) f.location = readLocation(*loc);
  f.location.snippet = text(j, "snippet");
  f.location.line_hash = text(j, "line_hash");
  f.resource = text(j, "resource");
  f.fingerprint = text(j, "fingerprint");
  if (auto related = j.find("related"); related != j.end() && related->is_array()) {
    for (const ReadJson& r : *related) f.related.push_back(readLocation(r));
  }
  if (auto fix = j.find("fix"); fix != j.end() && fix->is_object()) {
    // Byte offsets are not in a report: the edits keep their lines and columns, which reports show.
    Fix read;
    read.title = text(*fix, "title");
    read.safe = text(*fix, "safety") != "unsafe";
    read.refused = text(*fix, "refused");
    if (auto edits = fix->find("edits"); edits != fix->end() && edits->is_array()) {
      for (const ReadJson& e : *edits) {
        Location at = readLocation(e);
        TextEdit edit;
        edit.uri = at.uri;
        edit.text = text(e, "text");
        edit.start_line = at.start_line;
        edit.start_column = at.start_column;
        edit.end_line = at.end_line;
        edit.end_column = at.end_column;
        read.edits.push_back(std::move(edit));
      }
    }
    f.fix = std::move(read);
  }
  if (auto s = j.find("suppression"); s != j.end() && s->is_object()) {
    Suppression sup;
    sup.kind = text(*s, "kind") == "external" ? Suppression::Kind::External : Suppression::Kind::InSource;
    sup.justification = text(*s, "justification");
    f.suppression = sup;
  }
  f.baselined = text(j, "status") == "baselined";
  return f;
}

Report readReport(const ReadJson& r, const std::string& version, const RuleSet& rules) {
  Report report;
  report.tool_version = version;
  report.repository = text(r, "repository");
  report.root = text(r, "root");
  report.execution_successful = r.value("execution_successful", true);
  if (auto summary = r.find("summary"); summary != r.end() && summary->is_object()) {
    report.files_scanned = summary->value("files_scanned", std::size_t{0});
    report.baselined_count = summary->value("baselined", std::size_t{0});
  }
  if (auto list = r.find("rules"); list != r.end() && list->is_array()) {
    for (const ReadJson& rule : *list) report.rules.push_back(readRule(rule, rules));
  }
  if (auto list = r.find("findings"); list != r.end() && list->is_array()) {
    for (const ReadJson& f : *list) {
      Finding finding = readFinding(f);
      if (!finding.baselined) report.findings.push_back(std::move(finding));
    }
  }
  if (auto list = r.find("notifications"); list != r.end() && list->is_array()) {
    for (const ReadJson& n : *list) {
      Notification note;
      note.level = parseLevel(text(n, "level")).value_or(Level::Note);
      note.severity = parseSeverity(text(n, "severity")).value_or(Severity::Medium);
      note.rule_id = text(n, "rule_id");
      note.message = text(n, "message");
      note.help = text(n, "help");
      if (auto loc = n.find("location"); loc != n.end()) note.location = readLocation(*loc);
      report.notifications.push_back(std::move(note));
    }
  }
  return report;
}

// nlohmann's parser events, with the depth of the value they belong to: the
// document is depth 0, its members 1, the elements of "reports" 2. Each such
// element is read into a Report and dropped from the tree once complete.
template <typename Input>
std::string readReportsFrom(Input&& input, const RuleSet& rules, const ReportSink& sink) {
  std::string key;  // the document member being read
  int schema_version = 0;
  std::string version;
  std::vector<ReadJson> early;  // reports before schema_version and tool: read once those are known
  std::string stopped;
  auto deliver = [&](const ReadJson& element) {
    if (stopped.empty()) stopped = sink(readReport(element, version, rules));
  };
  ReadJson doc = ReadJson::parse(
      std::forward<Input>(input),
      [&](int depth, ReadJson::parse_event_t event, ReadJson& parsed) {
        if (depth == 1 && event == ReadJson::parse_event_t::key) key = parsed.get<std::string>();
        if (depth == 1 && event == ReadJson::parse_event_t::value && key == "schema_version" && parsed.is_number_integer()) {
          schema_version = parsed.get<int>();
        }
        if (depth == 1 && event == ReadJson::parse_event_t::object_end && key == "tool") version = text(parsed, "version");
        if (depth == 2 && event == ReadJson::parse_event_t::object_end && key == "reports") {
          if (schema_version == 1 && !version.empty()) {
            deliver(parsed);
          } else {
            early.push_back(std::move(parsed));
          }
          return false;
        }
        return true;
      },
      false);
  if (doc.is_discarded() || !doc.is_object()) return "not a JSON document";
  if (schema_version != 1) return fmt::format("unsupported schema_version {} (this palisade reads 1)", schema_version);
  if (auto reports = doc.find("reports"); reports == doc.end() || !reports->is_array()) return "no 'reports' array";
  for (const ReadJson& element : early) deliver(element);
  return stopped;
}

}  // namespace

std::string readJsonReports(std::istream& input, const RuleSet& rules, const ReportSink& sink) {
  return readReportsFrom(input, rules, sink);
}

JsonReportRead readJsonReports(std::string_view input, const RuleSet& rules) {
  JsonReportRead out;
  out.error = readReportsFrom(input, rules, [&](Report&& report) {
    out.reports.push_back(std::move(report));
    return std::string();
  });
  if (!out.error.empty()) out.reports.clear();
  return out;
}

}  // namespace palisade
