// Golden-file tests of every reporter over a small hand-built set of reports
// (a suppressed finding, a baselined one, related locations, a non-ASCII
// snippet, an empty report, a batch of two repositories), plus GitHub's line
// hash, the SARIF splitter, the GitHub annotation limit, and the pieces a
// batch audit streams its combined outputs from.
// Regenerate the goldens with PALISADE_UPDATE_GOLDEN=1 and review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "core/line_hash.h"
#include "reporters/formats.h"
#include "reporters/github_reporter.h"
#include "reporters/html_reporter.h"
#include "reporters/json_report_reader.h"
#include "reporters/json_reporter.h"
#include "reporters/sarif_reporter.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {

const std::string kGoldenDir = PALISADE_SOURCE_DIR "/tests/golden/";

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void checkGolden(const std::string& name, const std::string& actual) {
  std::string path = kGoldenDir + name;
  if (std::getenv("PALISADE_UPDATE_GOLDEN")) {
    std::ofstream(path, std::ios::binary) << actual;
    return;
  }
  INFO("golden file " << path << " (regenerate with PALISADE_UPDATE_GOLDEN=1)");
  REQUIRE(std::filesystem::exists(path));
  std::string expected = readFile(path);
  if (expected == actual) return;
  std::istringstream want(expected), got(actual);
  std::string want_line, got_line;
  int line = 0;
  while (true) {
    ++line;
    bool more_want = static_cast<bool>(std::getline(want, want_line));
    bool more_got = static_cast<bool>(std::getline(got, got_line));
    if (!more_want && !more_got) break;
    if (want_line != got_line || more_want != more_got) {
      FAIL("first difference at line " << line << "\n  expected: " << want_line << "\n  actual:   " << got_line);
    }
  }
  FAIL("outputs differ");
}

// The files the hand-built findings point into, so snippets and line hashes are real.
const std::string kAppYaml =
    "apiVersion: apps/v1\n"
    "kind: Deployment\n"
    "metadata:\n"
    "  name: web\n"
    "spec:\n"
    "  template:\n"
    "    spec:\n"
    "      serviceAccountName: default\n"
    "      containers:\n"
    "        - name: web\n"
    "          image: nginx:latest\n"
    "          securityContext:\n"
    "            privileged: true  # palisade-ignore K8S002 legacy job, tracked in OPS-12\n";

const std::string kMainBicep =
    "param vaultName string = 'kv-ünïcødé-🔑'\n"
    "\n"
    "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"
    "  name: vaultName\n"
    "  properties: {\n"
    "    enableSoftDelete: false\n"
    "    publicNetworkAccess: 'Enabled' // 🔑 = \"key\"\n"
    "  }\n"
    "}\n";

const std::string kPolicyYaml =
    "apiVersion: projectcalico.org/v3\n"
    "kind: GlobalNetworkPolicy\n"
    "metadata:\n"
    "  name: allow-all\n"
    "spec:\n"
    "  ingress:\n"
    "    - action: Allow\n"
    "      source:\n"
    "        nets: [10.0.0.1/8]\n";

std::string lineOf(const std::string& text, uint32_t line) {
  std::istringstream in(text);
  std::string current;
  for (uint32_t i = 0; i < line && std::getline(in, current); ++i) {
  }
  return current;
}

Location at(const std::string& uri, const std::string& text, uint32_t line, uint32_t column, uint32_t end_column,
            std::string message = {}) {
  Location location;
  location.uri = uri;
  location.start_line = line;
  location.start_column = column;
  location.end_line = line;
  location.end_column = end_column;
  location.snippet = lineOf(text, line);
  location.line_hash = lineHash(text, line);
  location.message = std::move(message);
  return location;
}

RuleInfo rule(std::string id, std::string name, std::string title, std::string pack, Severity severity,
              std::vector<std::string> tags, std::string description, std::string remediation) {
  RuleInfo info;
  info.id = std::move(id);
  info.name = std::move(name);
  info.title = std::move(title);
  info.pack = std::move(pack);
  info.severity = severity;
  info.tags = std::move(tags);
  info.cis = cisReferencesOf(info.tags);  // as the rule loader does
  info.description = std::move(description);
  info.remediation = std::move(remediation);
  return info;
}

std::vector<RuleInfo> catalogue() {
  return {
      rule("AZR001", "key-vault-soft-delete", "Key Vault soft delete is enabled", "azure", Severity::Critical,
           {"security", "azure", "cis-azure-2.0.0:8.5"},
           "A Key Vault without **soft delete** loses secrets for good when deleted.",
           "Set `enableSoftDelete: true`."),
      rule("AZR002", "key-vault-public-network", "Key Vault is not reachable from the internet", "azure",
           Severity::High, {"security", "azure", "cis-azure-2.0.0:8.7"},
           "Public network access exposes the vault to the internet.",
           "Set `publicNetworkAccess: 'Disabled'` and use a private endpoint."),
      rule("CAL001", "cidr-host-bits", "CIDRs have no host bits set", "calico", Severity::Low, {"calico"},
           "`10.0.0.1/8` is probably a typo for `10.0.0.0/8`.", "Clear the host bits."),
      rule("K8S001", "default-service-account", "Pods do not use the default service account", "kubernetes",
           Severity::High, {"security", "kubernetes", "cis-kubernetes-1.8.0:5.1.5"},
           "Pods running as `default` share its permissions.", "Create a dedicated ServiceAccount."),
      rule("K8S002", "privileged-container", "Containers are not privileged", "kubernetes", Severity::Critical,
           {"security", "kubernetes", "cis-kubernetes-1.8.0:5.2.2"},
           "A privileged container is root on the node.", "Remove `privileged: true`."),
      rule("K8S003", "latest-image-tag", "Images are pinned", "kubernetes", Severity::Medium, {"kubernetes"},
           "`:latest` changes under you.", "Pin a digest or a version tag."),
  };
}

Finding finding(const RuleInfo& info, std::string message, Location location, std::string resource) {
  Finding f;
  f.rule_id = info.id;
  f.rule_name = info.name;
  f.severity = info.severity;
  f.level = levelOf(info.severity);
  f.message = std::move(message);
  f.location = std::move(location);
  f.resource = std::move(resource);
  f.fingerprint = fingerprintOf(f.rule_id, f.location.uri, f.resource, "spec");
  return f;
}

Report landingZone(std::string repository) {
  std::vector<RuleInfo> rules = catalogue();
  Report report;
  report.tool_version = "0.1.0";
  report.root = "infra";
  report.repository = std::move(repository);
  report.rules = rules;
  report.files_scanned = 4;
  report.baselined_count = 2;
  report.command_line = {"palisade", "scan", "infra", "--format", "sarif"};
  report.targets = {"infra"};

  Finding soft_delete = finding(rules[0], "Key Vault 'kv-ünïcødé-🔑' has soft delete disabled.",
                                at("main.bicep", kMainBicep, 6, 23, 28), "vault");
  soft_delete.related.push_back(at("main.bicep", kMainBicep, 1, 26, 42, "the vault's name comes from this default"));
  Finding public_access = finding(rules[1], "Public network access is \"Enabled\": 100% reachable, <all> networks, a:b,c\nsee docs",
                                  at("main.bicep", kMainBicep, 7, 26, 35), "vault");
  Finding host_bits = finding(rules[2], "CIDR 10.0.0.1/8 has host bits set; did you mean 10.0.0.0/8?",
                              at("network/policy.yaml", kPolicyYaml, 9, 16, 27), "GlobalNetworkPolicy/allow-all");
  host_bits.baselined = true;
  Finding default_sa = finding(rules[3], "Deployment 'web' runs as the default service account.",
                               at("deploy/app.yaml", kAppYaml, 8, 27, 34), "Deployment/web");
  default_sa.related.push_back(at("deploy/app.yaml", kAppYaml, 4, 9, 12, "the Deployment"));
  Finding latest = finding(rules[5], "=HYPERLINK(\"image\") nginx:latest is not pinned.", at("deploy/app.yaml", kAppYaml, 11, 18, 30),
                           "Deployment/web");
  Finding privileged = finding(rules[4], "Container 'web' is privileged.", at("deploy/app.yaml", kAppYaml, 13, 25, 29),
                               "Deployment/web");
  privileged.suppression = Suppression{Suppression::Kind::InSource, "legacy job, tracked in OPS-12"};

  report.findings = {soft_delete, public_access, host_bits, default_sa, latest, privileged};
  sortFindings(report.findings);

  Notification unsupported;
  unsupported.level = Level::Warning;
  unsupported.rule_id = "GEN003";
  unsupported.message = "unsupported Bicep syntax `resourceInput<>`: the value is Unknown";
  unsupported.location = at("main.bicep", kMainBicep, 4, 3, 7);
  report.notifications.push_back(unsupported);
  return report;
}

Report cleanRepository(std::string repository) {
  Report report;
  report.tool_version = "0.1.0";
  report.root = "/srv/audit/" + (repository.empty() ? std::string("clean") : repository);
  report.repository = std::move(repository);
  report.rules = catalogue();
  report.files_scanned = 3;
  return report;
}

struct Case {
  std::string name;
  std::vector<Report> reports;
};

std::vector<Case> cases() {
  return {
      {"single", {landingZone("")}},
      {"empty", {cleanRepository("")}},
      {"batch", {landingZone("platform-infra"), cleanRepository("team-empty")}},
  };
}

const char* extensionOf(OutputFormat format) {
  switch (format) {
    case OutputFormat::Text: return "txt";
    case OutputFormat::Concise: return "concise.txt";
    case OutputFormat::Sarif: return "sarif";
    case OutputFormat::Json: return "json";
    case OutputFormat::Junit: return "junit.xml";
    case OutputFormat::Github: return "github.txt";
    case OutputFormat::Csv: return "csv";
    case OutputFormat::Html: return "html";
  }
  return "out";
}

const std::vector<OutputFormat> kFormats = {OutputFormat::Text,   OutputFormat::Concise, OutputFormat::Sarif, OutputFormat::Json,
                                            OutputFormat::Junit,  OutputFormat::Github, OutputFormat::Csv,
                                            OutputFormat::Html};

}  // namespace

TEST_CASE("every reporter matches its golden output", "[reporters][golden]") {
  for (const Case& c : cases()) {
    for (OutputFormat format : kFormats) {
      DYNAMIC_SECTION(c.name << " as " << outputFormatName(format)) {
        std::string output = render(format, c.reports, RenderOptions{});
        checkGolden(c.name + "." + extensionOf(format), output);
        CHECK(render(format, c.reports, RenderOptions{}) == output);  // pure: same input, same bytes
      }
    }
  }
}

TEST_CASE("text reporter options", "[reporters][text]") {
  std::vector<Report> reports{landingZone("")};
  checkGolden("single.color-statistics.txt", render(OutputFormat::Text, reports, {true, false, true}));
  std::string quiet = render(OutputFormat::Text, reports, {false, true, false});
  checkGolden("single.quiet.txt", quiet);
  CHECK(quiet.find("findings") == std::string::npos);
  std::string plain = render(OutputFormat::Text, reports, {});
  CHECK(plain.find("infra/deploy/app.yaml:8:27: high K8S001 Deployment 'web'") !=
        std::string::npos);
  CHECK(plain.find("\x1b[") == std::string::npos);
  CHECK(plain.find("K8S002") == std::string::npos);  // suppressed findings are not listed
  CHECK(plain.find("4 findings in 2 files (1 critical, 2 high, 1 medium); 1 suppressed, 3 baselined; 4 files scanned") !=
        std::string::npos);
}

TEST_CASE("output formats parse by name", "[reporters]") {
  for (OutputFormat format : kFormats) CHECK(parseOutputFormat(outputFormatName(format)) == format);
  CHECK_FALSE(parseOutputFormat("xml"));
}

TEST_CASE("line hashes match GitHub's code scanning", "[reporters][sarif]") {
  // Expected values from the tests of github/codeql-action's fingerprinting.
  CHECK(lineHashes("") == std::vector<std::string>{"c129715d7a2bc9a3:1"});
  CHECK(lineHashes(" a\nb\n  \t\tc\n d") ==
        std::vector<std::string>{"271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"});
  std::vector<std::string> greetings{"e9496ae3ebfced30:1", "fb7c023a8b9ccb3f:1", "ce8ba1a563dcdaca:1",
                                     "e20e36e16fcb0cc8:1", "b3edc88f2938467e:1", "c8e28b0b4002a3a0:1",
                                     "c129715d7a2bc9a3:1"};
  CHECK(lineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n") == greetings);
  CHECK(lineHashes(" hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r") == greetings);
  CHECK(lineHashes(" hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n") == greetings);
  CHECK(lineHashes(" hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n") == greetings);
  CHECK(lineHashes(" hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End") ==
        std::vector<std::string>{"8b7cf3e952e7aeb2:1", "b1ae1287ec4718d9:1", "bff680108adb0fcc:1",
                                 "c6805c5e1288b612:1", "b86d3392aea1be30:1", "e6ceba753e1a442:1"});
  std::string lorem;
  for (int i = 0; i < 10; ++i) lorem += "Lorem ipsum dolor sit amet.\n";
  CHECK(lineHashes(lorem) == std::vector<std::string>{"a7f2ff13bc495cf2:1", "a7f2ff13bc495cf2:2", "a7f2ff13bc495cf2:3",
                                                      "a7f2ff13bc495cf2:4", "a7f2ff13bc495cf2:5", "a7f2ff13bc495cf2:6",
                                                      "a7f2ff1481e87703:1", "a9cf91f7bbf1862b:1", "55ec222b86bcae53:1",
                                                      "cc97dc7b1d7d8f7b:1", "c129715d7a2bc9a3:1"});
  CHECK(lineHash(lorem, 7) == "a7f2ff1481e87703:1");
  CHECK(lineHash(lorem, 12).empty());
  // Non-ASCII text hashes as UTF-16 code units, like GitHub's (JavaScript) reader.
  std::vector<std::string> bicep = lineHashes(kMainBicep);
  CHECK(bicep.size() == 10);
  CHECK(lineHash(kMainBicep, 1) == bicep[0]);
}

TEST_CASE("SARIF holds what GitHub code scanning needs", "[reporters][sarif]") {
  std::vector<Report> reports{landingZone("")};
  auto sarif = nlohmann::json::parse(render(OutputFormat::Sarif, reports, {}));
  const auto& run = sarif["runs"][0];
  const auto& rules = run["tool"]["driver"]["rules"];
  REQUIRE(run["results"].size() == reports[0].findings.size());
  for (const auto& result : run["results"]) {
    INFO(result.dump());
    const auto& described = rules.at(result["ruleIndex"].get<std::size_t>());
    CHECK(described["id"] == result["ruleId"]);
    CHECK(result["partialFingerprints"].contains("primaryLocationLineHash"));
    CHECK(result["partialFingerprints"].contains("palisade/v1"));
    const auto& physical = result["locations"][0]["physicalLocation"];
    CHECK(physical["artifactLocation"]["uriBaseId"] == "%SRCROOT%");
    CHECK(physical["artifactLocation"]["uri"].get<std::string>().rfind("infra/", 0) == 0);
    for (const char* key : {"startLine", "startColumn", "endLine", "endColumn"}) CHECK(physical["region"].contains(key));
    for (const auto& taxon : result.value("taxa", nlohmann::json::array())) {
      const auto& taxonomy = run["taxonomies"].at(taxon["toolComponent"]["index"].get<std::size_t>());
      CHECK(taxonomy["name"] == taxon["toolComponent"]["name"]);
      CHECK(taxonomy["taxa"].at(taxon["index"].get<std::size_t>())["id"] == taxon["id"]);
    }
  }
  for (const auto& described : rules) {
    CHECK(described["id"] != described["name"]);
    CHECK(std::stod(described["properties"]["security-severity"].get<std::string>()) > 0);
    auto tags = described["properties"]["tags"].get<std::vector<std::string>>();
    CHECK(std::find(tags.begin(), tags.end(), "security") != tags.end());
  }
  std::set<std::string> taxonomy_names;
  for (const auto& taxonomy : run["taxonomies"]) taxonomy_names.insert(taxonomy["name"].get<std::string>());
  CHECK(taxonomy_names == std::set<std::string>{"cis-azure-2.0.0", "cis-kubernetes-1.8.0"});
  CHECK(run["columnKind"] == "utf16CodeUnits");
  CHECK(run["invocations"][0]["toolExecutionNotifications"][0]["descriptor"]["id"] == "GEN003");
  // A clean scan still has results, empty.
  auto clean = nlohmann::json::parse(render(OutputFormat::Sarif, {cleanRepository("")}, {}));
  CHECK(clean["runs"][0]["results"].is_array());
  CHECK(clean["runs"][0]["results"].empty());
}

TEST_CASE("SARIF beyond GitHub's limits is split, never truncated", "[reporters][sarif]") {
  std::vector<Report> reports{landingZone("platform-infra"), cleanRepository("team-empty"), landingZone("apps")};
  SarifLimits limits;
  limits.max_results_per_run = 4;
  limits.max_runs_per_document = 2;

  std::string whole = renderSarif(reports, limits);
  CHECK(whole.find("exceeds GitHub code scanning's upload limits") != std::string::npos);
  CHECK(nlohmann::json::parse(whole)["runs"].size() == 3);

  SarifDocuments split = renderSarifDocuments(reports, limits);
  CHECK(split.split());
  REQUIRE_FALSE(split.notes.empty());
  CHECK(split.notes[0].find("split into") != std::string::npos);
  std::size_t results = 0, runs = 0;
  std::set<std::string> categories;
  for (const std::string& document : split.documents) {
    auto json = nlohmann::json::parse(document);
    CHECK(json["runs"].size() <= limits.max_runs_per_document);
    for (const auto& run : json["runs"]) {
      ++runs;
      CHECK(run["results"].size() <= limits.max_results_per_run);
      results += run["results"].size();
      categories.insert(run["automationDetails"]["id"].get<std::string>());
    }
  }
  CHECK(results == 12);
  CHECK(runs == 5);
  CHECK(categories.size() == runs);  // GitHub rejects two runs of one category
  for (std::size_t i = 0; i < split.documents.size(); ++i) {
    checkGolden("batch-split-" + std::to_string(i + 1) + ".sarif", split.documents[i]);
  }

  SarifLimits tiny_documents;
  tiny_documents.max_document_bytes = 20'000;
  SarifDocuments by_size = renderSarifDocuments(reports, tiny_documents);
  std::size_t sized_results = 0;
  for (const std::string& document : by_size.documents) {
    auto json = nlohmann::json::parse(document);
    for (const auto& run : json["runs"]) sized_results += run["results"].size();
  }
  CHECK(sized_results == 12);
  CHECK(by_size.documents.size() > 1);

  SarifDocuments fits = renderSarifDocuments({landingZone("")});
  CHECK(fits.documents.size() == 1);
  CHECK(fits.notes.empty());
  CHECK(fits.documents[0] == renderSarif({landingZone("")}));
}

TEST_CASE("GitHub annotations respect the per-step limit", "[reporters][github]") {
  CHECK(githubEscapeData("100% done\r\nnext") == "100%25 done%0D%0Anext");
  CHECK(githubEscapeProperty("a:b,c%\n") == "a%3Ab%2Cc%25%0A");

  Report report = landingZone("");
  const RuleInfo& critical = report.rules[0];
  const RuleInfo& low = report.rules[2];
  report.findings.clear();
  for (uint32_t line = 1; line <= 14; ++line) {
    Finding f = finding(critical, "critical " + std::to_string(line), at("main.bicep", kMainBicep, 1, 1, 2), "vault");
    f.location.start_line = f.location.end_line = line;
    report.findings.push_back(f);
  }
  for (uint32_t line = 1; line <= 12; ++line) {
    report.findings.push_back(finding(low, "low " + std::to_string(line), at("network/policy.yaml", kPolicyYaml, 9, 16, 27), "p"));
  }
  Finding high = finding(report.rules[1], "high one", at("main.bicep", kMainBicep, 7, 26, 35), "vault");
  report.findings.insert(report.findings.begin() + 3, high);  // most severe first, wherever it is
  std::string output = renderGithub({report});
  auto count = [&](std::string_view prefix) {
    std::size_t n = 0;
    std::istringstream in(output);
    for (std::string line; std::getline(in, line);) n += line.rfind(prefix, 0) == 0;
    return n;
  };
  CHECK(count("::error ") == 10);
  CHECK(count("::notice ") == 9 + 1);  // nine notes and the summary
  CHECK(count("::group::") == 1);
  // The ten critical errors are annotated; the high one waits in the log.
  CHECK(output.find("::error file=infra/main.bicep,line=1,col=1,endLine=1,endColumn=2,title=AZR001 "
                    "key-vault-soft-delete::critical 1\n") != std::string::npos);
  CHECK(output.find("  infra/main.bicep:7:26: high AZR002 key-vault-public-network: high one") != std::string::npos);
  CHECK(output.find("8 more findings (4 critical, 1 high, 3 low) are not annotated") != std::string::npos);
  CHECK(output.find("  infra/network/policy.yaml:9:16: low CAL001 cidr-host-bits: low 12") != std::string::npos);
}

TEST_CASE("combined JSON joined from one report at a time is renderJson's bytes", "[reporters][json][stream]") {
  std::vector<Report> reports{landingZone("platform-infra"), cleanRepository("team-empty"), landingZone("apps")};
  ReportTotals totals;
  for (const Report& report : reports) totals.add(totalsOf(report));
  DocumentFrame frame = jsonFrame(jsonToolVersion(reports), totals);
  std::string joined = frame.open;
  for (std::size_t i = 0; i < reports.size(); ++i) {
    if (i > 0) joined += DocumentFrame::kSeparator;
    joined += renderJsonElement(reports[i]);
  }
  joined += frame.close;
  CHECK(joined == renderJson(reports));
  CHECK(jsonFrame(PALISADE_VERSION, ReportTotals{}).empty == renderJson({}));
  CHECK(nlohmann::json::parse(joined)["reports"].size() == 3);
}

TEST_CASE("SARIF pieces: a run's size is what the packing counts", "[reporters][sarif][stream]") {
  Report report = landingZone("platform-infra");
  SarifReportRuns runs = renderSarifRuns(report);
  REQUIRE(runs.runs.size() == 1);
  CHECK(runs.note.empty());
  std::string document = sarifFrame().open + runs.runs[0].element + sarifFrame().close;
  CHECK(document == renderSarif({report}));
  // Packed by bytes: a limit just under two runs' worth puts each in its own document.
  SarifLimits limits;
  limits.max_document_bytes = sarifFrame().empty.size() + 2 * runs.runs[0].bytes - 1;
  CHECK(packSarifRuns({runs.runs[0].bytes, runs.runs[0].bytes}, limits) == std::vector<std::size_t>{1, 1});
  limits.max_document_bytes += 1;
  CHECK(packSarifRuns({runs.runs[0].bytes, runs.runs[0].bytes}, limits) == std::vector<std::size_t>{2});
  CHECK(packSarifRuns({}, limits) == std::vector<std::size_t>{0});
}

TEST_CASE("the combined HTML lists a capped sample of each repository and links the rest", "[reporters][html][stream]") {
  std::vector<Report> reports{landingZone("platform-infra"), cleanRepository("team-empty"), landingZone("apps")};
  HtmlLimits limits;
  limits.findings_per_repository = 2;
  limits.notes_per_repository = 0;
  limits.files = 1;
  std::vector<HtmlRepository> summaries;
  for (const Report& report : reports) {
    summaries.push_back(summariseForHtml(report, limits, "repositories/" + report.repository + ".html"));
  }
  CHECK(summaries[0].sample.findings.size() == 2);
  CHECK(summaries[0].findings_total == 6);
  for (const Finding& finding : summaries[0].sample.findings) CHECK(isActive(finding));  // open ones first
  // Only the rules that found something, without their long texts.
  CHECK(summaries[0].sample.rules.size() == summaries[0].by_rule.size());
  CHECK(summaries[1].sample.rules.empty());
  CHECK_FALSE(reports[1].rules.empty());
  CHECK(summaries[0].sample.rules[0].description.empty());
  CHECK_FALSE(reports[0].rules[0].description.empty());

  std::string page = renderHtml(summaries, limits);
  auto count = [&](const std::string& needle) {
    std::size_t n = 0;
    for (std::size_t at = page.find(needle); at != std::string::npos; at = page.find(needle, at + 1)) ++n;
    return n;
  };
  CHECK(count("data-repository=\"platform-infra\" data-search") == 2);
  CHECK(count("data-repository=\"apps\" data-search") == 2);
  CHECK(count("<li>4 more findings in <a href=\"repositories/platform-infra.html\">the report of platform-infra</a></li>") == 1);
  CHECK(count("<li>4 more findings in <a href=\"repositories/apps.html\">the report of apps</a></li>") == 1);
  CHECK(count("more findings in <a href=\"repositories/team-empty.html\"") == 0);
  CHECK(count("1 more note in <a href=\"repositories/apps.html\">") == 1);
  CHECK(count("<a href=\"repositories/team-empty.html\">team-empty</a>") == 1);  // the repository table links it
  CHECK(count("<p class=\"muted\" id=\"more-files\">Showing the 1 file with the most findings; 5 more files in") == 1);
  // Totals still count everything.
  CHECK(count("8</div><div class=\"kpi-label\">Open findings") == 1);

  // Without limits or links the summaries render what renderHtml renders.
  std::vector<HtmlRepository> whole;
  for (const Report& report : reports) whole.push_back(summariseForHtml(report, HtmlLimits{}));
  CHECK(renderHtml(whole, HtmlLimits{}) == renderHtml(reports));
  CHECK(renderHtml(whole, HtmlLimits{}).find("more findings in") == std::string::npos);
}

TEST_CASE("the JSON reader hands over one report at a time", "[reporters][json][stream]") {
  RuleSet rules = palisade::testing::builtinRules();
  std::string text = renderJson({landingZone("platform-infra"), cleanRepository("team-empty")});
  std::vector<std::string> seen;
  std::vector<std::size_t> findings;
  auto collect = [&](Report&& report) {
    seen.push_back(report.repository);
    findings.push_back(report.findings.size());
    CHECK(report.tool_version == "0.1.0");
    return std::string();
  };
  std::istringstream in(text);
  CHECK(readJsonReports(in, rules, collect).empty());
  CHECK(seen == std::vector<std::string>{"platform-infra", "team-empty"});
  CHECK(findings == std::vector<std::size_t>{5, 0});  // the baselined finding is not read back

  // The sink can stop the reading; its message is the result.
  seen.clear();
  std::istringstream again(text);
  CHECK(readJsonReports(again, rules, [&](Report&& report) {
          seen.push_back(report.repository);
          return std::string("enough");
        }) == "enough");
  CHECK(seen.size() == 1);

  // Reports before schema_version and tool are still read, with the tool's version.
  auto reordered = nlohmann::ordered_json::parse(text);
  nlohmann::ordered_json moved{{"reports", reordered["reports"]}, {"tool", reordered["tool"]},
                               {"schema_version", reordered["schema_version"]}};
  seen.clear();
  findings.clear();
  std::istringstream late(moved.dump());
  CHECK(readJsonReports(late, rules, collect).empty());
  CHECK(seen == std::vector<std::string>{"platform-infra", "team-empty"});

  moved["schema_version"] = 2;
  JsonReportRead unsupported = readJsonReports(moved.dump(), rules);
  CHECK(unsupported.error.find("unsupported schema_version 2") != std::string::npos);
  CHECK(unsupported.reports.empty());
  CHECK(readJsonReports(R"({"schema_version": 1})", rules).error == "no 'reports' array");
  CHECK(readJsonReports("[1, 2", rules).error == "not a JSON document");
}
