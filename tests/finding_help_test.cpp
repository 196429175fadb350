// A finding has a message and a help: the rule language's `help:` (a
// template like `message:`, checked when the rule loads), C++ checks through
// CheckContext, and every reporter rendering the help its own way. Nothing
// splits message text to find advice in it.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "reporters/formats.h"
#include "reporters/json_report_reader.h"
#include "rules/engine/rule_loader.h"
#include "tests/test_support.h"

using namespace palisade;
namespace fs = std::filesystem;

namespace {

constexpr const char* kAssertRule = R"(id: K8S990
name: help-test
title: t
severity: high
description: d
remediation: r
match:
  kinds: [Pod]
assert:
  not: {path: spec.hostNetwork, equals: true}
)";

constexpr const char* kCheckRule = R"(id: K8S991
name: help-check-test
title: t
severity: high
description: d
remediation: r
match:
  kinds: [Role]
check: kubernetes-rbac-grants
params:
  what: "can create pods"
  grants:
    - {api-groups: [""], resources: [pods], verbs: [create]}
)";

std::vector<Diagnostic> loadErrors(const std::string& text) { return testing::ruleFileErrors(text); }

// Scans one file written into a fresh folder with the given rules.
std::vector<Finding> scanText(const std::string& name, const std::string& text, const RuleSet& rules) {
  // Unique to this process: ctest runs this file's test cases side by side.
  testing::ScratchDir scratch("finding-help");
  scratch.write(name, text);
  ScanRequest request;
  request.paths = {(scratch.dir / name).string()};
  request.root = scratch.dir;
  return runScan(request, rules).findings;
}

RuleSet onlyRule(std::string_view id) {
  RuleSet rules = testing::builtinRules();
  rules.filter([&](const Rule& r) { return r.info.id == id; });
  return rules;
}

// One report holding one finding with a message that itself holds "; " and a help.
Report reportWith(const std::string& message, const std::string& help) {
  RuleSet rules = testing::builtinRules();
  Report report;
  report.tool_version = "test";
  report.root = ".";
  report.rules.push_back(rules.find("K8S009")->info);
  Finding f = findingOfRule(rules.find("K8S009")->info);
  f.message = message;
  f.help = help;
  f.location.uri = "pod.yaml";
  f.location.start_line = f.location.end_line = 6;
  f.location.start_column = 3;
  f.location.end_column = 20;
  f.fingerprint = "fp";
  report.findings.push_back(f);
  return report;
}

}  // namespace

TEST_CASE("help: is a template checked when the rule loads", "[rules][help]") {
  CHECK(loadErrors(std::string(kAssertRule) + "message: \"{resource} shares the node's network\"\nhelp: \"remove {path}\"\n")
            .empty());

  auto misspelt = loadErrors(std::string(kAssertRule) + "help: \"remove {paht}\"\n");
  REQUIRE(misspelt.size() == 1);
  CHECK(misspelt[0].span.start.line == 11);
  CHECK(misspelt[0].message.find("{paht}") != std::string::npos);
  // The message's placeholders are checked the same way.
  CHECK(loadErrors(std::string(kAssertRule) + "message: \"{resorce} is bad\"\n").size() == 1);
  CHECK(loadErrors(std::string(kAssertRule) + "help: [remove it]\n").size() == 1);

  // A check's help has no blamed value to fill placeholders with; plain text is its default help.
  CHECK(loadErrors(std::string(kCheckRule) + "help: \"narrow the role\"\n").empty());
  CHECK(loadErrors(std::string(kCheckRule) + "help: \"narrow {resource}\"\n").size() == 1);

  // Each input diagnostic brings its own help: a GEN rule's `help:` would never be used.
  auto diagnostic = loadErrors("id: GEN990\nname: help-diag\ntitle: t\nseverity: low\ndescription: d\n"
                               "remediation: r\ndiagnostic: true\nhelp: \"fix the input\"\n");
  REQUIRE(diagnostic.size() == 1);
  CHECK(diagnostic[0].message.find("'help'") != std::string::npos);
}

TEST_CASE("a rule's help reaches the finding rendered, apart from its message", "[rules][help]") {
  std::vector<Finding> findings = scanText("pod.yaml",
                                           "apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n"
                                           "  hostNetwork: true\n  containers:\n    - name: web\n      image: nginx:1.27\n",
                                           onlyRule("K8S009"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "Pod web uses the node's network namespace (hostNetwork: true)");
  CHECK(findings[0].help == "remove hostNetwork and expose it through a Service");
}

TEST_CASE("C++ checks give help through CheckContext, or take the rule file's", "[rules][help]") {
  // kubernetes-rbac-grants gives none: the rule file's `help:` applies.
  std::vector<Finding> rbac = scanText("role.yaml",
                                       "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n"
                                       "  namespace: app\nrules:\n  - apiGroups: [\"\"]\n    resources: [pods]\n"
                                       "    verbs: [create]\n",
                                       onlyRule("K8S027"));
  REQUIRE(rbac.size() == 1);
  CHECK(rbac[0].message.find(';') == std::string::npos);
  CHECK(rbac[0].help == "remove create on pods and grant rights on a controller instead");

  // A check that knows better advice for this finding gives its own (CheckContext::addHelp).
  std::vector<Finding> calico = scanText("policy.yaml",
                                         "apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata:\n"
                                         "  name: p\n  namespace: app\nspec:\n  selector: all()\n  ingress:\n"
                                         "    - action: allow\n",
                                         onlyRule("CAL009"));
  REQUIRE(calico.size() == 1);
  CHECK(calico[0].message == "'allow' is not a Calico action (Allow, Deny, Log, Pass)");
  CHECK(calico[0].help == "actions are case-sensitive: write Allow");
}

TEST_CASE("every reporter renders the help its own way and none splits the message", "[reporters][help]") {
  const Report with_help = reportWith("Pod/web shares the node's network (a; b)", "remove hostNetwork");
  const Report without_help = reportWith("Pod/web shares the node's network; so it does", "");
  RenderOptions options;

  // Text: an indented help line; a message holding "; " stays whole.
  std::string text = render(OutputFormat::Text, {with_help}, options);
  CHECK(text.find("shares the node's network (a; b)\n    help: remove hostNetwork\n") != std::string::npos);
  std::string plain = render(OutputFormat::Text, {without_help}, options);
  CHECK(plain.find("shares the node's network; so it does\n") != std::string::npos);
  CHECK(plain.find("help:") == std::string::npos);
  CHECK(render(OutputFormat::Concise, {with_help}, options).find("remove hostNetwork") == std::string::npos);

  // JSON: a field, read back.
  auto json = nlohmann::json::parse(render(OutputFormat::Json, {with_help}, options));
  const auto& finding = json["reports"][0]["findings"][0];
  CHECK(finding["message"] == "Pod/web shares the node's network (a; b)");
  CHECK(finding["help"] == "remove hostNetwork");
  auto none = nlohmann::json::parse(render(OutputFormat::Json, {without_help}, options));
  CHECK_FALSE(none["reports"][0]["findings"][0].contains("help"));
  JsonReportRead read = readJsonReports(render(OutputFormat::Json, {with_help}, options), testing::builtinRules());
  REQUIRE(read.reports.size() == 1);
  CHECK(read.reports[0].findings.at(0).help == "remove hostNetwork");

  // SARIF: the text is the message; the Markdown form adds the help.
  auto sarif = nlohmann::json::parse(render(OutputFormat::Sarif, {with_help}, options));
  const auto& message = sarif["runs"][0]["results"][0]["message"];
  CHECK(message["text"] == "Pod/web shares the node's network (a; b)");
  CHECK(message["markdown"] == "Pod/web shares the node's network (a; b)\n\n**Help:** remove hostNetwork");
  auto sarif_none = nlohmann::json::parse(render(OutputFormat::Sarif, {without_help}, options));
  CHECK_FALSE(sarif_none["runs"][0]["results"][0]["message"].contains("markdown"));

  // HTML, JUnit, GitHub, CSV: a line or a column of its own.
  CHECK(render(OutputFormat::Html, {with_help}, options).find("<div class=\"help\">Help: remove hostNetwork</div>") !=
        std::string::npos);
  CHECK(render(OutputFormat::Junit, {with_help}, options).find("\n    help: remove hostNetwork") != std::string::npos);
  CHECK(render(OutputFormat::Github, {with_help}, options).find("%0Ahelp: remove hostNetwork") != std::string::npos);
  std::string csv = render(OutputFormat::Csv, {with_help}, options);
  CHECK(csv.find(",fingerprint,help\r\n") != std::string::npos);
  CHECK(csv.find(",fp,remove hostNetwork\r\n") != std::string::npos);
}
