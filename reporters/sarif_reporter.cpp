#include "reporters/sarif_reporter.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <nlohmann/json.hpp>

#include "core/line_hash.h"
#include "reporters/display_path.h"
#include "reporters/report_stats.h"
#include "reporters/utf16_text.h"

namespace palisade {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kSchemaUri =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";
constexpr const char* kSourceRoot = "%SRCROOT%";
constexpr const char* kFingerprintKey = "palisade/v1";

std::string dump(const Json& json) { return json.dump(2, ' ', false, Json::error_handler_t::replace) + "\n"; }

// RFC 3986: keeps unreserved characters and '/', percent-encodes the rest byte by byte.
std::string encodeUri(std::string_view path) {
  std::string out;
  for (char c : path) {
    auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~' || c == '/') {
      out += c;
    } else {
      out += fmt::format("%{:02X}", byte);
    }
  }
  return out;
}

std::string toolVersion(const Report& report) {
  return report.tool_version.empty() ? std::string(PALISADE_VERSION) : report.tool_version;
}

bool isSemanticVersion(std::string_view version) {
  int dots = 0;
  for (char c : version) {
    if (c == '.') ++dots;
    if (c == '-' || c == '+') break;
  }
  return dots == 2 && !version.empty() && std::isdigit(static_cast<unsigned char>(version.front()));
}

std::string_view sarifLevel(Level level) { return levelName(level); }

// A deterministic GUID (RFC 4122 layout, version 5-like bits) so taxonomy references stay stable.
std::string stableGuid(std::string_view name) {
  uint64_t high = 0xcbf29ce484222325ULL;
  uint64_t low = 0x84222325cbf29ce4ULL;
  for (unsigned char c : name) {
    high = (high ^ c) * 0x100000001b3ULL;
    low = (low ^ c) * 0x100000001b3ULL + 0x9e3779b97f4a7c15ULL;
  }
  high = (high & 0xFFFFFFFFFFFF0FFFULL) | 0x5000ULL;
  low = (low & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", high >> 32, (high >> 16) & 0xFFFF, high & 0xFFFF,
                     low >> 48, low & 0xFFFFFFFFFFFFULL);
}

// Rules of a run: those that produced a result or a notification (every rule
// the report lists when `all_rules`), plus any a finding names without the
// report listing it (so every ruleIndex is valid), with their CIS taxonomies.
struct RunCatalogue {
  std::vector<RuleInfo> rules;
  std::map<std::string, std::size_t> rule_index;
  struct Taxonomy {
    CisReference benchmark;
    std::vector<std::string> controls;  // in first-seen order
  };
  std::vector<Taxonomy> taxonomies;

  std::pair<std::size_t, std::size_t> taxonIndex(const CisReference& reference) const {
    for (std::size_t t = 0; t < taxonomies.size(); ++t) {
      if (taxonomies[t].benchmark.taxonomyName() != reference.taxonomyName()) continue;
      const auto& controls = taxonomies[t].controls;
      for (std::size_t c = 0; c < controls.size(); ++c) {
        if (controls[c] == reference.control) return {t, c};
      }
    }
    return {0, 0};  // unreachable: every reference was catalogued
  }
};

RunCatalogue catalogueOf(const Report& report, bool all_rules) {
  RunCatalogue catalogue;
  if (all_rules) {
    catalogue.rules = report.rules;
  } else {
    std::set<std::string_view> used;
    for (const Finding& finding : report.findings) used.insert(finding.rule_id);
    for (const Notification& notification : report.notifications) used.insert(notification.rule_id);
    for (const RuleInfo& rule : report.rules) {
      if (used.contains(rule.id)) catalogue.rules.push_back(rule);
    }
  }
  for (const Finding& finding : report.findings) {
    if (findRule(report, finding.rule_id)) continue;
    bool already = false;
    for (const RuleInfo& rule : catalogue.rules) already = already || rule.id == finding.rule_id;
    if (already) continue;
    RuleInfo rule;
    rule.id = finding.rule_id;
    rule.name = finding.rule_name.empty() ? finding.rule_id : finding.rule_name;
    rule.title = rule.name;
    rule.severity = finding.severity;
    rule.pack = packOf(report, finding.rule_id);
    catalogue.rules.push_back(std::move(rule));
  }
  std::stable_sort(catalogue.rules.begin(), catalogue.rules.end(),
                   [](const RuleInfo& a, const RuleInfo& b) { return a.id < b.id; });
  for (std::size_t i = 0; i < catalogue.rules.size(); ++i) catalogue.rule_index.emplace(catalogue.rules[i].id, i);
  for (const RuleInfo& rule : catalogue.rules) {
    for (const CisReference& reference : rule.cis) {
      auto it = std::find_if(catalogue.taxonomies.begin(), catalogue.taxonomies.end(), [&](const auto& taxonomy) {
        return taxonomy.benchmark.taxonomyName() == reference.taxonomyName();
      });
      if (it == catalogue.taxonomies.end()) {
        catalogue.taxonomies.push_back({reference, {}});
        it = std::prev(catalogue.taxonomies.end());
      }
      if (std::find(it->controls.begin(), it->controls.end(), reference.control) == it->controls.end()) {
        it->controls.push_back(reference.control);
      }
    }
  }
  return catalogue;
}

Json taxonReference(const RunCatalogue& catalogue, const CisReference& reference) {
  auto [taxonomy, taxon] = catalogue.taxonIndex(reference);
  return Json{{"id", reference.control},
              {"index", taxon},
              {"toolComponent",
               {{"name", reference.taxonomyName()},
                {"index", taxonomy},
                {"guid", stableGuid(reference.taxonomyName())}}}};
}

std::string helpText(const RuleInfo& rule, const std::string& help_uri) {
  std::string text = rule.description.empty() ? rule.title : rule.description;
  if (!rule.remediation.empty()) text += "\n\nRemediation: " + rule.remediation;
  text += "\n\nDocumentation: " + help_uri;
  return text;
}

std::string helpMarkdown(const RuleInfo& rule, const std::string& help_uri) {
  std::string markdown = fmt::format("**{}** ({} `{}`)\n\n", rule.title, rule.id, rule.name);
  markdown += rule.description.empty() ? rule.title : rule.description;
  if (!rule.remediation.empty()) markdown += "\n\n### Remediation\n\n" + rule.remediation;
  std::vector<CisReference> references = rule.cis;
  if (!references.empty()) {
    markdown += "\n\n### References\n";
    for (const CisReference& reference : references) {
      markdown += fmt::format("\n- {}, control {}", reference.title(), reference.control);
    }
  }
  markdown += fmt::format("\n\n[Documentation of {}]({})", rule.id, help_uri);
  return markdown;
}

Json ruleDescriptor(const RuleInfo& rule, const RunCatalogue& catalogue) {
  std::string help_uri = rule.help_uri.empty() ? ruleHelpUri(rule) : rule.help_uri;
  std::vector<std::string> tags = rule.tags;
  if (std::find(tags.begin(), tags.end(), "security") == tags.end()) tags.insert(tags.begin(), "security");
  std::string full = rule.description.empty() ? rule.title : rule.description;
  Json descriptor{
      {"id", rule.id},
      {"name", rule.name},
      {"shortDescription", {{"text", rule.title.empty() ? rule.name : rule.title}}},
      {"fullDescription", {{"text", full}, {"markdown", full}}},
      {"help", {{"text", helpText(rule, help_uri)}, {"markdown", helpMarkdown(rule, help_uri)}}},
      {"helpUri", help_uri},
      {"defaultConfiguration", {{"level", sarifLevel(levelOf(rule.severity))}}},
  };
  Json relationships = Json::array();
  for (const CisReference& reference : rule.cis) {
    relationships.push_back({{"target", taxonReference(catalogue, reference)}, {"kinds", {"relevant"}}});
  }
  if (!relationships.empty()) descriptor["relationships"] = std::move(relationships);
  descriptor["properties"] = {
      {"tags", tags},
      {"precision", rule.precision.empty() ? "high" : rule.precision},
      {"security-severity", std::string(securitySeverityScore(rule.severity))},
      {"problem.severity", std::string(sarifLevel(levelOf(rule.severity)) == "note" ? "recommendation"
                                                                                     : sarifLevel(levelOf(rule.severity)))},
      {"severity", std::string(severityName(rule.severity))},
      {"pack", rule.pack},
  };
  return descriptor;
}

// The artifact URI: relative to the scan root when that root is absolute (and
// %SRCROOT% says where it is), else the display path relative to where palisade ran,
// which is what GitHub resolves against the checkout.
std::string artifactUri(const Report& report, const std::string& uri) {
  return encodeUri(rootIsAbsolute(report) ? uri : displayPath(report, uri));
}

Json physicalLocation(const Report& report, const Location& location, bool with_context) {
  Json physical{{"artifactLocation", {{"uri", artifactUri(report, location.uri)}, {"uriBaseId", kSourceRoot}}}};
  if (!location.valid()) return physical;
  uint32_t end_line = std::max(location.end_line, location.start_line);
  uint32_t end_column = location.end_column;
  if (end_line == location.start_line && end_column <= location.start_column) end_column = location.start_column + 1;
  Json region{{"startLine", location.start_line}, {"startColumn", std::max<uint32_t>(location.start_column, 1)},
              {"endLine", end_line}, {"endColumn", std::max<uint32_t>(end_column, 1)}};
  if (end_line == location.start_line && !location.snippet.empty()) {
    std::string text = utf16Slice(location.snippet, location.start_column, end_column);
    if (!text.empty()) region["snippet"] = {{"text", text}};
  }
  physical["region"] = std::move(region);
  std::size_t line_end_column = utf16Length(location.snippet) + 1;
  if (with_context && !location.snippet.empty() && end_line == location.start_line && end_column <= line_end_column + 1) {
    physical["contextRegion"] = {{"startLine", location.start_line},
                                 {"endLine", location.start_line},
                                 {"snippet", {{"text", location.snippet}}}};
  }
  return physical;
}

// A fix in SARIF's terms: one artifactChange per file, each edit a replacement
// of a line/column region (empty for an insertion) by the inserted text.
Json fixOf(const Report& report, const Fix& fix) {
  Json changes = Json::array();
  std::vector<std::string> files;
  for (const TextEdit& e : fix.edits) {
    if (std::find(files.begin(), files.end(), e.uri) == files.end()) files.push_back(e.uri);
  }
  for (const std::string& file : files) {
    Json replacements = Json::array();
    for (const TextEdit& e : fix.edits) {
      if (e.uri != file) continue;
      Json deleted{{"startLine", e.start_line}, {"startColumn", e.start_column}, {"endLine", e.end_line}, {"endColumn", e.end_column}};
      replacements.push_back({{"deletedRegion", std::move(deleted)}, {"insertedContent", {{"text", e.text}}}});
    }
    changes.push_back({{"artifactLocation", {{"uri", artifactUri(report, file)}, {"uriBaseId", kSourceRoot}}},
                       {"replacements", std::move(replacements)}});
  }
  return Json{{"description", {{"text", fix.safe ? fix.title : fix.title + " (unsafe: may change how the workload runs)"}}},
              {"artifactChanges", std::move(changes)},
              {"properties", {{"safe", fix.safe}}}};
}

Json resultOf(const Report& report, const Finding& finding, const RunCatalogue& catalogue) {
  const RuleInfo& rule = catalogue.rules[catalogue.rule_index.at(finding.rule_id)];
  Json result{{"ruleId", finding.rule_id},
              {"ruleIndex", catalogue.rule_index.at(finding.rule_id)},
              {"level", sarifLevel(finding.level)},
              {"message", {{"text", displayMessage(finding)}}}};
  Json locations = Json::array();
  if (!finding.location.uri.empty()) {
    locations.push_back({{"physicalLocation", physicalLocation(report, finding.location, true)}});
  }
  result["locations"] = std::move(locations);
  Json fingerprints = Json::object();
  if (!finding.location.line_hash.empty()) fingerprints["primaryLocationLineHash"] = finding.location.line_hash;
  if (!finding.fingerprint.empty()) fingerprints[kFingerprintKey] = finding.fingerprint;
  result["partialFingerprints"] = std::move(fingerprints);
  if (!finding.related.empty()) {
    Json related = Json::array();
    for (std::size_t i = 0; i < finding.related.size(); ++i) {
      const Location& location = finding.related[i];
      Json entry{{"id", i + 1}};
      if (!location.uri.empty()) entry["physicalLocation"] = physicalLocation(report, location, false);
      entry["message"] = {{"text", location.message.empty() ? "related location" : location.message}};
      related.push_back(std::move(entry));
    }
    result["relatedLocations"] = std::move(related);
  }
  if (finding.suppression) {
    Json suppression{{"kind", finding.suppression->kind == Suppression::Kind::InSource ? "inSource" : "external"},
                     {"status", "accepted"}};
    if (!finding.suppression->justification.empty()) suppression["justification"] = finding.suppression->justification;
    result["suppressions"] = Json::array({suppression});
  } else if (finding.baselined) {
    result["suppressions"] = Json::array(
        {{{"kind", "external"}, {"status", "accepted"}, {"justification", "recorded in the baseline"}}});
  }
  if (finding.baselined) result["baselineState"] = "unchanged";
  if (finding.fix && finding.fix->applicable()) result["fixes"] = Json::array({fixOf(report, *finding.fix)});
  Json taxa = Json::array();
  for (const CisReference& reference : rule.cis) taxa.push_back(taxonReference(catalogue, reference));
  if (!taxa.empty()) result["taxa"] = std::move(taxa);
  Json properties{{"severity", std::string(severityName(finding.severity))}};
  if (!finding.resource.empty()) properties["resource"] = finding.resource;
  result["properties"] = std::move(properties);
  return result;
}

Json notificationOf(const Report& report, const Notification& notification) {
  Json json{{"level", sarifLevel(notification.level)}, {"message", {{"text", notification.message}}}};
  if (!notification.location.uri.empty()) {
    json["locations"] = Json::array({{{"physicalLocation", physicalLocation(report, notification.location, false)}}});
  }
  if (!notification.rule_id.empty()) json["descriptor"] = {{"id", notification.rule_id}};
  return json;
}

std::string quotedArgument(const std::string& argument) {
  if (!argument.empty() && argument.find_first_of(" \t\"'\\$`") == std::string::npos) return argument;
  std::string quoted = "'";
  for (char c : argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return quoted + "'";
}

struct RunPart {
  std::size_t first = 0;  // range of findings
  std::size_t last = 0;
  std::size_t number = 1;  // 1-based part number
  std::size_t parts = 1;
};

Json runOf(const Report& report, const RunPart& part, const std::vector<Notification>& extra_notifications,
          bool all_rules) {
  RunCatalogue catalogue = catalogueOf(report, all_rules);
  std::string version = toolVersion(report);
  Json driver{{"name", "palisade"},
              {"fullName", "palisade policy-as-code linter"},
              {"version", version}};
  if (isSemanticVersion(version)) driver["semanticVersion"] = version;
  driver["informationUri"] = kProjectUri;
  Json rules = Json::array();
  for (const RuleInfo& rule : catalogue.rules) rules.push_back(ruleDescriptor(rule, catalogue));
  driver["rules"] = std::move(rules);
  if (!catalogue.taxonomies.empty()) {
    Json supported = Json::array();
    for (std::size_t t = 0; t < catalogue.taxonomies.size(); ++t) {
      std::string name = catalogue.taxonomies[t].benchmark.taxonomyName();
      supported.push_back({{"name", name}, {"index", t}, {"guid", stableGuid(name)}});
    }
    driver["supportedTaxonomies"] = std::move(supported);
  }

  Json run{{"tool", {{"driver", std::move(driver)}}}};
  Json invocation{{"executionSuccessful", report.execution_successful}};
  if (!report.command_line.empty()) {
    std::vector<std::string> quoted;
    for (const std::string& argument : report.command_line) quoted.push_back(quotedArgument(argument));
    invocation["commandLine"] = fmt::format("{}", fmt::join(quoted, " "));
    invocation["arguments"] = std::vector<std::string>(report.command_line.begin() + 1, report.command_line.end());
  }
  Json notifications = Json::array();
  for (const Notification& notification : report.notifications) notifications.push_back(notificationOf(report, notification));
  for (const Notification& notification : extra_notifications) notifications.push_back(notificationOf(report, notification));
  if (!notifications.empty()) invocation["toolExecutionNotifications"] = std::move(notifications);
  run["invocations"] = Json::array({std::move(invocation)});

  Json source_root{{"description", {{"text", "The folder palisade ran in; result paths are relative to it."}}}};
  if (rootIsAbsolute(report)) {
    std::string root = report.root;
    if (!root.ends_with('/')) root += '/';
    source_root = {{"uri", "file://" + encodeUri(root)},
                   {"description", {{"text", "The scan root; result paths are relative to it."}}}};
  }
  run["originalUriBaseIds"] = {{kSourceRoot, std::move(source_root)}};

  if (!report.repository.empty() || part.parts > 1) {
    std::string category = report.repository.empty() ? "palisade/" : fmt::format("palisade/{}/", report.repository);
    if (part.parts > 1) category += fmt::format("part-{}-of-{}/", part.number, part.parts);
    run["automationDetails"] = {{"id", category}};
  }

  Json results = Json::array();
  for (std::size_t i = part.first; i < part.last; ++i) results.push_back(resultOf(report, report.findings[i], catalogue));
  run["results"] = std::move(results);

  if (!catalogue.taxonomies.empty()) {
    Json taxonomies = Json::array();
    for (const auto& taxonomy : catalogue.taxonomies) {
      Json taxa = Json::array();
      for (const std::string& control : taxonomy.controls) {
        taxa.push_back({{"id", control}, {"name", fmt::format("{} control {}", taxonomy.benchmark.title(), control)}});
      }
      taxonomies.push_back({{"name", taxonomy.benchmark.taxonomyName()},
                            {"guid", stableGuid(taxonomy.benchmark.taxonomyName())},
                            {"fullName", taxonomy.benchmark.title()},
                            {"version", taxonomy.benchmark.version},
                            {"organization", "Center for Internet Security"},
                            {"shortDescription", {{"text", taxonomy.benchmark.title()}}},
                            {"informationUri", taxonomy.benchmark.informationUri()},
                            {"isComprehensive", false},
                            {"taxa", std::move(taxa)}});
    }
    run["taxonomies"] = std::move(taxonomies);
  }
  run["columnKind"] = "utf16CodeUnits";
  ReportTotals totals = totalsOf(report);
  Json properties{{"filesScanned", report.files_scanned}, {"baselinedHidden", report.baselined_count},
                  {"suppressed", totals.suppressed}};
  if (!report.repository.empty()) properties["repository"] = report.repository;
  run["properties"] = std::move(properties);
  return run;
}

Json logOf(Json runs) {
  return Json{{"$schema", kSchemaUri}, {"version", "2.1.0"}, {"runs", std::move(runs)}};
}

std::vector<RunPart> partsOf(std::size_t total, std::size_t per_part) {
  per_part = std::max<std::size_t>(per_part, 1);
  std::size_t parts = total == 0 ? 1 : (total + per_part - 1) / per_part;
  std::vector<RunPart> result;
  for (std::size_t p = 0; p < parts; ++p) {
    result.push_back({p * per_part, std::min(total, (p + 1) * per_part), p + 1, parts});
  }
  return result;
}

std::size_t serialisedSize(const Json& json) { return json.dump(2, ' ', false, Json::error_handler_t::replace).size(); }

// A report's runs: no more results each than the limit, and halved again while
// a run alone would not fit in a document (down to one result a run).
std::vector<Json> runsOf(const Report& report, const SarifLimits& limits, std::size_t envelope) {
  std::size_t per_part = std::max<std::size_t>(limits.max_results_per_run, 1);
  while (true) {
    std::vector<Json> runs;
    bool too_big = false;
    for (const RunPart& part : partsOf(report.findings.size(), per_part)) {
      runs.push_back(runOf(report, part, {}, limits.all_rules));
      too_big = too_big || envelope + serialisedSize(runs.back()) > limits.max_document_bytes;
    }
    if (!too_big || per_part == 1) return runs;
    per_part = (per_part + 1) / 2;
  }
}

}  // namespace

std::string renderSarif(const std::vector<Report>& reports, const SarifLimits& limits) {
  auto render_with = [&](const std::vector<Notification>& warnings) {
    Json runs = Json::array();
    for (std::size_t i = 0; i < reports.size(); ++i) {
      RunPart whole{0, reports[i].findings.size(), 1, 1};
      runs.push_back(runOf(reports[i], whole, i == 0 ? warnings : std::vector<Notification>{}, limits.all_rules));
    }
    return dump(logOf(std::move(runs)));
  };
  std::string document = render_with({});
  std::vector<std::string> exceeded;
  if (reports.size() > limits.max_runs_per_document) {
    exceeded.push_back(fmt::format("{} runs (GitHub accepts {})", reports.size(), limits.max_runs_per_document));
  }
  for (const Report& report : reports) {
    if (report.findings.size() > limits.max_results_per_run) {
      exceeded.push_back(fmt::format("{} results in the run of {} (GitHub accepts {})", report.findings.size(),
                                     reportName(report), limits.max_results_per_run));
    }
  }
  if (document.size() > limits.max_document_bytes) {
    exceeded.push_back(fmt::format("{} bytes (GitHub accepts 10 MB gzipped)", document.size()));
  }
  if (exceeded.empty()) return document;
  Notification warning;
  warning.level = Level::Warning;
  warning.message = fmt::format(
      "This SARIF document holds every result but exceeds GitHub code scanning's upload limits: {}. "
      "Upload it split into several documents (palisade writes them in batch audits).",
      fmt::join(exceeded, "; "));
  return render_with({warning});
}

DocumentFrame sarifFrame() { return frameAround(dump(logOf(Json::array()))); }

SarifReportRuns renderSarifRuns(const Report& report, const SarifLimits& limits) {
  SarifReportRuns output;
  std::vector<Json> runs = runsOf(report, limits, sarifFrame().empty.size());
  if (runs.size() > 1) {
    output.note = fmt::format("the {} results of {} are split into {} runs", report.findings.size(), reportName(report),
                              runs.size());
  }
  for (Json& run : runs) {
    std::string text = run.dump(2, ' ', false, Json::error_handler_t::replace);
    std::size_t bytes = text.size() + 8;  // + indentation and separator
    output.runs.push_back({indentAsElement(text), bytes});
    Json().swap(run);
  }
  return output;
}

// Packs runs into documents under the run-count and size limits; a run that is
// too big even alone (one huge result) still gets a document: nothing is dropped.
std::vector<std::size_t> packSarifRuns(const std::vector<std::size_t>& run_bytes, const SarifLimits& limits) {
  const std::size_t envelope = sarifFrame().empty.size();
  std::vector<std::size_t> documents;
  std::size_t current = 0;
  std::size_t current_bytes = envelope;
  for (std::size_t bytes : run_bytes) {
    if (current > 0 && (current >= limits.max_runs_per_document || current_bytes + bytes > limits.max_document_bytes)) {
      documents.push_back(current);
      current = 0;
      current_bytes = envelope;
    }
    ++current;
    current_bytes += bytes;
  }
  if (current > 0 || documents.empty()) documents.push_back(current);
  return documents;
}

std::string sarifSplitNote(std::size_t documents, const SarifLimits& limits) {
  return fmt::format(
      "SARIF output split into {} documents to stay within GitHub code scanning's "
      "limits ({} results per run, {} runs and 10 MB gzipped per upload); "
      "upload each one",
      documents, limits.max_results_per_run, limits.max_runs_per_document);
}

SarifDocuments renderSarifDocuments(const std::vector<Report>& reports, const SarifLimits& limits) {
  SarifDocuments output;
  std::vector<SarifRunText> runs;
  for (const Report& report : reports) {
    SarifReportRuns report_runs = renderSarifRuns(report, limits);
    if (!report_runs.note.empty()) output.notes.push_back(report_runs.note);
    for (SarifRunText& run : report_runs.runs) runs.push_back(std::move(run));
  }
  std::vector<std::size_t> sizes;
  for (const SarifRunText& run : runs) sizes.push_back(run.bytes);
  DocumentFrame frame = sarifFrame();
  std::size_t next = 0;
  for (std::size_t count : packSarifRuns(sizes, limits)) {
    if (count == 0) {
      output.documents.push_back(frame.empty);
      continue;
    }
    std::string document = frame.open;
    for (std::size_t i = 0; i < count; ++i, ++next) {
      if (i > 0) document += DocumentFrame::kSeparator;
      document += runs[next].element;
    }
    output.documents.push_back(document + frame.close);
  }
  if (output.split()) output.notes.insert(output.notes.begin(), sarifSplitNote(output.documents.size(), limits));
  return output;
}

}  // namespace palisade
