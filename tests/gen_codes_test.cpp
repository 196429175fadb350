// Typed diagnostic codes (core/gen_code.h): every GenCode is a built-in GEN
// rule with a rule file and a generated doc page, every diagnostic rule of
// the general pack is a GenCode, no production code spells a GEN id as a
// string, and notification levels come from the rule set.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "core/gen_code.h"
#include "reporters/report_builder.h"
#include "rules/engine/rule_set.h"
#include "rules/engine/rule_loader.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

#include <unistd.h>

namespace fs = std::filesystem;

namespace {



std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("every GEN code has its rule file, a built-in diagnostic rule and a doc page", "[gen][meta]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  for (const palisade::GenCodeInfo& info : palisade::kGenCodes) {
    std::string id(info.id), name(info.name);
    INFO(id << " " << name);
    CHECK(palisade::genCodeOf(info.id) == info.code);
    CHECK(fs::is_regular_file(palisade::testing::repoRoot() / "rules/packs/general" / (id + "-" + name + ".yaml")));
    CHECK(fs::is_regular_file(palisade::testing::repoRoot() / "docs/rules" / (id + ".md")));
    const palisade::Rule* rule = rules.find(info.code);
    REQUIRE(rule != nullptr);
    CHECK(rule->info.name == name);
    CHECK(rule->info.pack == "general");
    CHECK(rule->reports_diagnostics);
  }
}

TEST_CASE("every diagnostic rule of the general pack is a GEN code", "[gen][meta]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  for (const palisade::Rule& rule : rules.rules()) {
    if (rule.info.pack != "general" || !rule.reports_diagnostics) continue;
    INFO(rule.info.id << " has no entry in core/gen_code.h");
    CHECK(palisade::genCodeOf(rule.info.id).has_value());
  }
}

TEST_CASE("no production code names a GEN rule by a string literal", "[gen][meta]") {
  const std::regex literal("\"GEN[0-9]{3}\"");
  std::vector<std::string> offenders;
  for (const char* folder : {"core", "parsers", "scan", "rules", "reporters", "cli"}) {
    for (const auto& entry : fs::recursive_directory_iterator(palisade::testing::repoRoot() / folder)) {
      const fs::path& path = entry.path();
      if (path.extension() != ".cpp" && path.extension() != ".h") continue;
      if (path == palisade::testing::repoRoot() / "core/gen_code.h") continue;  // the table itself
      if (std::regex_search(slurp(path), literal)) offenders.push_back(path.lexically_relative(palisade::testing::repoRoot()).generic_string());
    }
  }
  INFO("use GenCode (core/gen_code.h) in: " << [&] {
    std::string all;
    for (const std::string& o : offenders) all += o + " ";
    return all;
  }());
  CHECK(offenders.empty());
}

TEST_CASE("a notification's level is its rule's notification-level", "[gen][report]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  palisade::ScanResult scan;
  auto file = std::make_shared<const palisade::SourceFile>("x.yaml", "a: b\n");
  scan.project.addDiagnostic(palisade::Diagnostic{palisade::GenCode::InputNotScanned, "gone", file->pointAt(0), "x.yaml"});
  scan.project.addDiagnostic(palisade::Diagnostic{palisade::GenCode::ParseError, "bad", file->pointAt(0), "x.yaml"});
  scan.project.addDiagnostic(palisade::Diagnostic{palisade::GenCode::UnsupportedSyntax, "helm", file->pointAt(0), "x.yaml"});
  palisade::Report report = palisade::buildReport(scan, {}, rules, {});
  REQUIRE(report.notifications.size() == 3);
  CHECK(report.notifications[0].level == palisade::Level::Error);  // GEN005: notification-level: error (severity medium)
  CHECK(report.notifications[1].level == palisade::Level::Error);  // GEN001: high
  CHECK(report.notifications[2].level == palisade::Level::Note);   // GEN003: info
  // The level follows the rule file, not a list in the code.
  rules.findMutable("GEN005")->info.notification_level = palisade::Level::Note;
  CHECK(palisade::buildReport(scan, {}, rules, {}).notifications[0].level == palisade::Level::Note);
}

TEST_CASE("a parse failure inside template directives is GEN003 with the reader's message and separate advice",
          "[gen][scan]") {
  fs::path dir = fs::temp_directory_path() / ("palisade-gen-codes-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "deploy.yaml") << "apiVersion: v1\nkind: ConfigMap\ndata:\n  {{- range .Values.items }}\n  x: [\n";
  palisade::ScanRequest request;
  request.paths = {dir.string()};
  palisade::ScanResult scan = palisade::readProject(request);
  fs::remove_all(dir);
  REQUIRE(scan.project.diagnostics().size() == 1);
  const palisade::Diagnostic& d = scan.project.diagnostics()[0];
  CHECK(d.code == palisade::GenCode::UnsupportedSyntax);
  CHECK(d.message.starts_with("invalid YAML: "));  // what the reader said, unwrapped
  CHECK(d.help.find("template directives") != std::string::npos);
}

TEST_CASE("CIS references are parsed once, when the rule loads, a malformed one is a rule file error", "[gen][rules]") {
  auto rule = [](const std::string& tags) {
    return std::make_shared<const palisade::SourceFile>(
        "USR001.yaml", "id: USR001\nname: my-rule\ntitle: t\nseverity: low\ntags: " + tags +
                           "\ndescription: d\nremediation: r\nassert: {path: a, exists: true}\n");
  };
  std::vector<palisade::Diagnostic> errors;
  auto good = palisade::loadRule(*rule("[security, cis-kubernetes-1.8.0:5.2.2]"), "user", errors);
  REQUIRE(good);
  CHECK(errors.empty());
  REQUIRE(good->info.cis.size() == 1);
  CHECK(good->info.cis[0].benchmark == "kubernetes");
  CHECK(good->info.cis[0].version == "1.8.0");
  CHECK(good->info.cis[0].control == "5.2.2");

  auto bad = palisade::loadRule(*rule("[cis-kubernetes:5.2.2]"), "user", errors);
  CHECK(!bad);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].code == palisade::GenCode::InvalidRuleFile);
  CHECK(errors[0].message.find("is not a CIS reference") != std::string::npos);
}

TEST_CASE("notification-level is for diagnostic rules and must be a level", "[gen][rules]") {
  auto rule = [](const std::string& tail) {
    return std::make_shared<const palisade::SourceFile>(
        "USR001.yaml", "id: USR001\nname: my-rule\ntitle: t\nseverity: low\ndescription: d\nremediation: r\n" + tail);
  };
  std::vector<palisade::Diagnostic> errors;
  auto ok = palisade::loadRule(*rule("diagnostic: true\nnotification-level: error\n"), "user", errors);
  REQUIRE(ok);
  CHECK(ok->info.notification_level == palisade::Level::Error);
  CHECK(!palisade::loadRule(*rule("assert: {path: a, exists: true}\nnotification-level: error\n"), "user", errors));
  CHECK(!palisade::loadRule(*rule("diagnostic: true\nnotification-level: loud\n"), "user", errors));
  CHECK(errors.size() == 2);
}
