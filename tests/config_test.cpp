// The configuration file: every key read with its location, every mistake a
// located error, rules chosen by id, name or tag, severity overrides, path
// globs and per-path overrides applied to findings, and the search upward.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "scan/config_loader.h"
#include "scan/path_glob.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

LoadedConfig parse(const std::string& text, const fs::path& base = fs::temp_directory_path()) {
  return parseConfig(std::make_shared<const SourceFile>(".palisade.yaml", text), base);
}

std::string errorsOf(const LoadedConfig& c) {
  std::string out;
  for (const Diagnostic& d : c.errors) {
    out += std::to_string(d.span.start.line) + ":" + std::to_string(d.span.start.column) + " " + d.message + "\n";
  }
  return out;
}


Finding findingOf(const std::string& rule, const std::string& uri, uint32_t line = 3) {
  Finding f;
  f.rule_id = rule;
  f.rule_name = rule == "K8S002" ? "privileged-container" : "x";
  f.severity = Severity::Critical;
  f.level = Level::Error;
  f.location.uri = uri;
  f.location.start_line = line;
  return f;
}

using Scratch = palisade::testing::ScratchDir;

}  // namespace

TEST_CASE("every key of a configuration is read", "[config]") {
  Scratch s("keys");
  s.write("prod.bicepparam", "using 'main.bicep'\n");
  s.write("policies/r.yaml", "");
  LoadedConfig c = parse(R"(version: 1
select: [security, K8S001]
ignore: coverage
severity: {K8S001: low, privileged-container: medium}
fail-on: error
include: ["k8s/**", "infra/"]
exclude: ["**/testdata/**"]
params: [prod.bicepparam]
packs: [policies]
baseline: .palisade-baseline.json
strict: true
overrides:
  - paths: ["k8s/dev/**"]
    ignore: [K8S013]
    severity: {K8S002: low}
)",
                         s.dir);
  INFO(errorsOf(c));
  REQUIRE(c.errors.empty());
  const Config& config = c.config;
  REQUIRE(config.select.size() == 2);
  CHECK(config.select[1].text == "K8S001");
  CHECK(config.select[1].span.start.line == 2);
  REQUIRE(config.ignore.size() == 1);
  CHECK(config.ignore[0].text == "coverage");
  REQUIRE(config.severity.size() == 2);
  CHECK(config.severity[0].severity == Severity::Low);
  REQUIRE(config.fail_on);
  CHECK(config.fail_on->at_least == Severity::High);  // `fail-on: error`, the older spelling of high
  CHECK(config.include.size() == 2);
  CHECK(config.exclude.size() == 1);
  REQUIRE(config.params.size() == 1);
  CHECK(config.params[0] == fs::weakly_canonical(s.dir) / "prod.bicepparam");
  REQUIRE(config.packs.size() == 1);
  CHECK(config.baseline == fs::weakly_canonical(s.dir) / ".palisade-baseline.json");
  CHECK(config.strict == true);
  REQUIRE(config.overrides.size() == 1);
  CHECK(config.overrides[0].paths[0].text == "k8s/dev/**");
  CHECK(config.overrides[0].ignore[0].text == "K8S013");
  CHECK(config.overrides[0].severity[0].severity == Severity::Low);
}

TEST_CASE("an empty configuration file means the defaults", "[config]") {
  CHECK(parse("").errors.empty());
  CHECK(parse("# nothing yet\n").errors.empty());
}

TEST_CASE("configuration mistakes are located errors, never ignored", "[config]") {
  struct Case {
    std::string text;
    std::string where;  // line:col
    std::string says;
  };
  const std::vector<Case> cases = {
      {"select: [K8S001]\nfail_on: error\n", "2:1", "unknown key 'fail_on'"},
      {"overrides:\n  - paths: [a/**]\n    disable: [K8S001]\n", "3:5", "unknown key 'disable' in an entry of 'overrides'"},
      {"fail-on: sometimes\n", "1:10", "'fail-on' must be critical, high, medium, low, info or none"},
      {"severity: {K8S001: urgent}\n", "1:20", "severity of 'K8S001' must be critical"},
      {"severity: [K8S001]\n", "1:11", "'severity' must map rule ids or names to severities"},
      {"select: {K8S001: true}\n", "1:9", "'select' must be a list of strings"},
      {"exclude: ['a/[b']\n", "1:11", "'[' without a closing ']'"},
      {"exclude: ['/abs/**']\n", "1:11", "drop the leading '/'"},
      {"params: [missing.bicepparam]\n", "1:10", "file 'missing.bicepparam' does not exist"},
      {"packs: [no-such-folder]\n", "1:9", "folder 'no-such-folder' does not exist"},
      {"strict: maybe\n", "1:9", "'strict' must be true or false"},
      {"version: 2\n", "1:10", "'version' must be 1"},
      {"overrides:\n  - ignore: [K8S001]\n", "2:5", "needs 'paths'"},
      {"overrides: {paths: [a]}\n", "1:12", "'overrides' must be a list"},
      {"select: [K8S001]\nselect: [K8S002]\n", "2:1", "duplicate key"},
      {"- K8S001\n", "1:1", "must be a mapping"},
      {"select: [K8S001\n", "", "invalid YAML"},
      {"select: []\n---\nignore: []\n", "3:1", "one YAML document"},
  };
  for (const Case& c : cases) {
    LoadedConfig loaded = parse(c.text);
    std::string errors = errorsOf(loaded);
    INFO(c.text << "→\n" << errors);
    REQUIRE(loaded.errors.size() >= 1);
    CHECK(errors.find(c.says) != std::string::npos);
    if (!c.where.empty()) CHECK(errors.starts_with(c.where + " "));
  }
}

TEST_CASE("select, ignore and severity choose and change rules by id, name or tag", "[config]") {
  SECTION("select by tag keeps only the tagged rules") {
    RuleSet rules = palisade::testing::builtinRules();
    LoadedConfig c = parse("select: [maintainability]\n");
    REQUIRE(configureRules(c.config, rules, false).empty());
    REQUIRE(!rules.rules().empty());
    for (const Rule& r : rules.rules()) {
      CHECK(std::find(r.info.tags.begin(), r.info.tags.end(), "maintainability") != r.info.tags.end());
    }
    CHECK(rules.find("GEN008") != nullptr);
    CHECK(rules.find("K8S002") == nullptr);
  }
  SECTION("the command line's --select replaces the file's select") {
    RuleSet rules = palisade::testing::builtinRules();
    LoadedConfig c = parse("select: [maintainability]\n");
    REQUIRE(configureRules(c.config, rules, true).empty());
    CHECK(rules.find("K8S002") != nullptr);
  }
  SECTION("ignore by name and by id (any case)") {
    RuleSet rules = palisade::testing::builtinRules();
    LoadedConfig c = parse("ignore: [privileged-container, k8s001]\n");
    REQUIRE(configureRules(c.config, rules, false).empty());
    CHECK(rules.find("K8S002") == nullptr);
    CHECK(rules.find("K8S001") == nullptr);
    CHECK(rules.find("K8S003") != nullptr);
  }
  SECTION("severity overrides change the rule") {
    RuleSet rules = palisade::testing::builtinRules();
    LoadedConfig c = parse("severity: {privileged-container: low}\n");
    REQUIRE(configureRules(c.config, rules, false).empty());
    CHECK(rules.find("K8S002")->info.severity == Severity::Low);
  }
  SECTION("a selector that names nothing is a located error") {
    RuleSet rules = palisade::testing::builtinRules();
    LoadedConfig c = parse("ignore: [K8S001, K8S999]\noverrides:\n  - paths: [a]\n    severity: {nosuchrule: low}\n");
    std::vector<Diagnostic> errors = configureRules(c.config, rules, false);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].span.start.line == 1);
    CHECK(errors[0].span.start.column == 18);
    CHECK(errors[0].message.find("'K8S999' is no rule id, rule name or tag") != std::string::npos);
    CHECK(errors[1].span.start.line == 4);
    CHECK(rules.find("K8S001") != nullptr);  // nothing applied when anything is wrong
  }
}

TEST_CASE("path globs", "[config][glob]") {
  CHECK(globMatchesPath("*.yaml", "a.yaml"));
  CHECK(globMatchesPath("*.yaml", "deep/down/a.yaml"));  // no '/': any depth
  CHECK_FALSE(globMatchesPath("*.yaml", "a.bicep"));
  CHECK(globMatchesPath("k8s/*.yaml", "k8s/a.yaml"));
  CHECK_FALSE(globMatchesPath("k8s/*.yaml", "k8s/dev/a.yaml"));
  CHECK(globMatchesPath("k8s/**/*.yaml", "k8s/a.yaml"));
  CHECK(globMatchesPath("k8s/**/*.yaml", "k8s/dev/eu/a.yaml"));
  CHECK(globMatchesPath("legacy/", "legacy/old/a.yaml"));  // a folder covers what is inside
  CHECK(globMatchesPath("legacy", "legacy/a.yaml"));
  CHECK(globMatchesPath("**/testdata/**", "src/testdata/x/a.yaml"));
  CHECK_FALSE(globMatchesPath("legacy", "not-legacy/a.yaml"));
  CHECK(globMatchesPath("env-?/main.bicep", "env-a/main.bicep"));
  CHECK(globMatchesPath("env-[ab]/main.bicep", "env-b/main.bicep"));
  CHECK_FALSE(globMatchesPath("env-[!ab]/main.bicep", "env-b/main.bicep"));
  CHECK(globMatchesPath("./infra/*.bicep", "infra/main.bicep"));
  CHECK(globSyntaxError("a/[b").find("']'") != std::string::npos);
  CHECK(globSyntaxError("a/[b]").empty());
}

TEST_CASE("the config filter applies paths and per-path overrides", "[config]") {
  RuleSet rules = palisade::testing::builtinRules();
  fs::path root = "/repo";
  std::vector<Finding> findings = {findingOf("K8S002", "k8s/prod/a.yaml"), findingOf("K8S002", "k8s/dev/a.yaml"),
                                   findingOf("K8S001", "k8s/dev/a.yaml"), findingOf("K8S002", "vendor/x.yaml"),
                                   findingOf("K8S002", "docs/x.yaml")};
  LoadedConfig c = parse(R"(include: [k8s, vendor]
exclude: [vendor/]
overrides:
  - paths: ["k8s/dev/**"]
    ignore: [K8S001]
    severity: {privileged-container: low}
)",
                         root);
  REQUIRE(c.errors.empty());
  std::vector<Finding> kept = applyConfig(findings, c.config, rules, root);
  REQUIRE(kept.size() == 2);
  CHECK(kept[0].location.uri == "k8s/prod/a.yaml");
  CHECK(kept[0].level == Level::Error);
  CHECK(kept[1].location.uri == "k8s/dev/a.yaml");
  CHECK(kept[1].rule_id == "K8S002");
  CHECK(kept[1].severity == Severity::Low);
  CHECK(kept[1].level == Level::Note);
  CHECK(applyConfig(kept, c.config, rules, root).size() == 2);  // idempotent

  SECTION("globs are relative to the config's folder, not the scan root") {
    std::vector<Finding> kept_from_sub = applyConfig({findingOf("K8S002", "dev/a.yaml")}, c.config, rules, root / "k8s");
    REQUIRE(kept_from_sub.size() == 1);
    CHECK(kept_from_sub[0].severity == Severity::Low);  // k8s/dev/** matched k8s/dev/a.yaml
  }
}

TEST_CASE("the configuration is found from the scan root upward, up to the repository top", "[config]") {
  Scratch s("search");
  s.write("repo/.git/HEAD", "ref: refs/heads/main\n");
  s.write("repo/infra/k8s/a.yaml", "");
  s.write(".palisade.yaml", "select: [K8S001]\n");  // above the repository: never used
  CHECK_FALSE(findConfigFile(s.dir / "repo/infra/k8s").has_value());
  s.write("repo/.palisade.yaml", "");
  CHECK(findConfigFile(s.dir / "repo/infra/k8s") == fs::weakly_canonical(s.dir / "repo/.palisade.yaml"));
  s.write("repo/infra/.palisade.yaml", "");
  CHECK(findConfigFile(s.dir / "repo/infra/k8s") == fs::weakly_canonical(s.dir / "repo/infra/.palisade.yaml"));
}

TEST_CASE("configuration errors are GEN020, and the YAML reader's messages are not prefixed again", "[config][gen]") {
  LoadedConfig unknown = parse("fail_on: error\n");
  REQUIRE(unknown.errors.size() == 1);
  CHECK(unknown.errors[0].code == GenCode::InvalidConfiguration);
  CHECK(unknown.errors[0].ruleId() == "GEN020");

  LoadedConfig broken = parse("select: [K8S001\n");
  REQUIRE(broken.errors.size() == 1);
  CHECK(broken.errors[0].code == GenCode::ParseError);
  CHECK(broken.errors[0].message.starts_with("invalid YAML: "));
  CHECK(broken.errors[0].message.find("invalid YAML: invalid YAML") == std::string::npos);

  LoadedConfig twice = parse("select: [K8S001]\nselect: [K8S002]\n");
  REQUIRE(twice.errors.size() == 1);
  CHECK(twice.errors[0].code == GenCode::DuplicateKey);
  CHECK(twice.errors[0].message.starts_with("duplicate key 'select'"));
}
