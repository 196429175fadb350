// Inline suppression comments as a pure filter: what a comment covers (its
// line, the next code line, a whole resource with its Bicep decorators),
// Bicep's #disable-next-line, reasons, expiry, and the findings reported
// about suppressions that do not work.
#include <catch2/catch.hpp>

#include "scan/comment_suppressions.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {


Span lines(const SourceFile& file, uint32_t first, uint32_t last) {
  Span s;
  s.file = &file;
  s.begin = file.lineStart(first);
  s.end = file.lineStart(last + 1);
  s.start = {first, 1};
  s.stop = {last, static_cast<uint32_t>(file.lineText(last).size()) + 1};
  return s;
}

Finding at(const std::string& uri, uint32_t line, const std::string& rule = "K8S002") {
  Finding f;
  f.rule_id = rule;
  f.rule_name = rule == "K8S002" ? "privileged-container" : "";
  f.location.uri = uri;
  f.location.start_line = line;
  f.location.start_column = 1;
  return f;
}

struct Fixture {
  RuleSet rules = palisade::testing::builtinRules();
  std::shared_ptr<const SourceFile> file;
  Project project{"/repo"};
  CommentSuppressionSettings settings{CivilDate{2026, 11, 30}, knownRuleNames(rules)};

  Fixture(const std::string& name, const std::string& text, std::vector<std::pair<uint32_t, uint32_t>> resources = {}) {
    file = std::make_shared<const SourceFile>(name, text);
    project.addFile(file);
    for (auto [first, last] : resources) {
      Resource r;
      r.format = name.ends_with(".bicep") ? Format::Bicep : Format::Kubernetes;
      r.declaration = lines(*file, first, last);
      project.addResource(std::move(r));
    }
    project.finalize();
  }

  std::vector<Finding> apply(std::vector<Finding> findings) const {
    return applyCommentSuppressions(std::move(findings), project, rules, settings);
  }
};

const Finding* find(const std::vector<Finding>& findings, const std::string& rule, uint32_t line) {
  for (const Finding& f : findings) {
    if (f.rule_id == rule && f.location.start_line == line) return &f;
  }
  return nullptr;
}

}  // namespace

TEST_CASE("suppression comments are parsed: rules, expiry, reason", "[suppressions]") {
  SourceFile file("a.yaml",
                  "a: 1  # palisade-ignore K8S001: one rule\n"
                  "b: 2  # palisade-ignore K8S001,privileged-container until 2027-01-31: two, and a date\n"
                  "c: 3  #palisade-ignore K8S001 K8S002 legacy job, tracked in OPS-12\n"
                  "d: 4  # palisade-ignore K8S001 until=2027-01-31  # expect: GEN008\n"
                  "e: 'x # palisade-ignore K8S001: in a string with a space before #, read anyway'\n"
                  "f: a#palisade-ignore K8S001: no space before '#': not a comment\n"
                  "g: 5  # palisade-ignore-file K8S001: another word\n");
  auto comments = suppressionCommentsIn(file);
  REQUIRE(comments.size() == 5);
  CHECK(comments[0].rules == std::vector<std::string>{"K8S001"});
  CHECK(comments[0].reason == "one rule");
  CHECK(comments[0].column == 7);
  CHECK(comments[0].covered_lines == std::vector<uint32_t>{1});
  CHECK(comments[1].rules == std::vector<std::string>{"K8S001", "privileged-container"});
  CHECK(comments[1].until == CivilDate{2027, 1, 31});
  CHECK(comments[1].reason == "two, and a date");
  CHECK(comments[2].rules == std::vector<std::string>{"K8S001", "K8S002"});
  CHECK(comments[2].reason == "legacy job, tracked in OPS-12");
  CHECK(comments[3].until == CivilDate{2027, 1, 31});
  CHECK(comments[3].reason.empty());  // the second comment is not a reason
  CHECK(comments[4].line == 5);
}

TEST_CASE("a comment covers its line, or the next code line, or the resource starting there", "[suppressions]") {
  Fixture fx("k.yaml",
             "---\n"                                            // 1
             "# palisade-ignore K8S002: the whole resource\n"   // 2
             "apiVersion: v1\n"                                 // 3
             "kind: Pod\n"                                      // 4
             "spec:\n"                                          // 5
             "  x: 1\n"                                         // 6
             "---\n"                                            // 7
             "apiVersion: v1\n"                                 // 8
             "kind: Pod\n"                                      // 9
             "spec:\n"                                          // 10
             "  # palisade-ignore K8S002: the next code line\n"  // 11
             "  # another comment\n"                            // 12
             "  y: 1\n"                                         // 13
             "  z: 1\n",                                        // 14
             {{3, 6}, {8, 14}});
  auto out = fx.apply({at("k.yaml", 4), at("k.yaml", 6), at("k.yaml", 9), at("k.yaml", 13), at("k.yaml", 14)});
  CHECK(find(out, "K8S002", 4)->suppression);
  CHECK(find(out, "K8S002", 6)->suppression->justification == "the whole resource");
  CHECK_FALSE(find(out, "K8S002", 9)->suppression);
  CHECK(find(out, "K8S002", 13)->suppression->justification == "the next code line");
  CHECK_FALSE(find(out, "K8S002", 14)->suppression);
  CHECK(out.size() == 5);  // nothing reported about the comments
}

TEST_CASE("Bicep: // palisade-ignore before decorators covers the resource, #disable-next-line the next line", "[suppressions]") {
  Fixture fx("main.bicep",
             "// palisade-ignore K8S002: stands in for an Azure rule\n"  // 1
             "@description('vault')\n"                                   // 2
             "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n"  // 3
             "  name: 'kv'\n"                                            // 4
             "  properties: {}\n"                                        // 5
             "}\n"                                                       // 6
             "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n"  // 7
             "  #disable-next-line K8S002 no-unused-params\n"           // 8
             "  name: 'https://sa' // a URL is not a comment marker\n"   // 9
             "  kind: 'StorageV2'\n"                                     // 10
             "}\n",                                                      // 11
             {{3, 6}, {7, 11}});
  auto out = fx.apply({at("main.bicep", 4), at("main.bicep", 5), at("main.bicep", 9), at("main.bicep", 10)});
  CHECK(find(out, "K8S002", 4)->suppression);
  CHECK(find(out, "K8S002", 5)->suppression);
  CHECK(find(out, "K8S002", 9)->suppression->justification == "Bicep #disable-next-line");
  CHECK_FALSE(find(out, "K8S002", 10)->suppression);
  CHECK(out.size() == 4);  // no-unused-params is Bicep's own: not reported
}

TEST_CASE("Bicep: #disable-next-line with a Bicep linter code covers the rule that reports the same thing",
          "[suppressions]") {
  Fixture fx("main.bicep",
             "#disable-next-line outputs-should-not-contain-secrets // returned on purpose\n"      // 1
             "output key string = sa.listKeys().keys[0].value\n"                                 // 2
             "#disable-next-line OUTPUTS-SHOULD-NOT-CONTAIN-SECRETS\n"                            // 3
             "output password string = adminPassword\n"                                          // 4
             "#disable-next-line outputs-should-not-contain-secrets\n"                            // 5
             "param p string = 'the linter code of another rule'\n"                              // 6
             "#disable-next-line secure-parameter-default outputs-should-not-contain-secrets\n"   // 7
             "output id string = sa.id\n"                                                        // 8
             "#disable-next-line no-unused-params // AZR037 in a trailing comment is no code\n"  // 9
             "output name string = sa.name\n");                                                  // 10
  auto out = fx.apply({at("main.bicep", 2, "AZR037"), at("main.bicep", 4, "AZR037"), at("main.bicep", 6, "AZR036")});
  REQUIRE(find(out, "AZR037", 2)->suppression);
  CHECK(find(out, "AZR037", 2)->suppression->justification == "Bicep #disable-next-line");
  CHECK(find(out, "AZR037", 4)->suppression);        // codes are case-insensitive, as ids and names are
  CHECK_FALSE(find(out, "AZR036", 6)->suppression);  // AZR036's equivalent is secure-parameter-default
  // Linter codes above lines without a finding of ours are the linter's business; a trailing comment is no code.
  CHECK(out.size() == 3);
}

TEST_CASE("palisade-ignore takes no Bicep linter code: reported, naming the rule to write instead", "[suppressions]") {
  Fixture fx("main.bicep",
             "// palisade-ignore outputs-should-not-contain-secrets: returned on purpose\n"  // 1
             "output key string = sa.listKeys().keys[0].value\n");                         // 2
  auto out = fx.apply({at("main.bicep", 2, "AZR037")});
  CHECK_FALSE(find(out, "AZR037", 2)->suppression);
  REQUIRE(find(out, "GEN010", 1));
  CHECK(find(out, "GEN010", 1)->message.find("the Bicep linter's equivalent of AZR037") != std::string::npos);
}

TEST_CASE("suppressions that do not work are reported and hide nothing", "[suppressions]") {
  Fixture fx("a.yaml",
             "a: 1  # palisade-ignore K8S002\n"                                 // 1 no reason
             "b: 2  # palisade-ignore K8S002 until 2026-11-29: yesterday\n"     // 2 expired
             "c: 3  # palisade-ignore K8S002 until 2026-11-30: today\n"         // 3 still valid today
             "d: 4  # palisade-ignore K8S002: nothing on this line\n"           // 4 unused
             "e: 5  # palisade-ignore K8S999: no such rule\n"                   // 5 unknown
             "f: 6  # palisade-ignore until 2026-01-01\n"                       // 6 names no rule?
             "g: 7  # palisade-ignore K8S002 until 2026-13-01: bad month\n"     // 7 malformed
             "h: 8  # palisade-ignore K8S001: K8S001 exists but did not run\n"  // 8
             "i: 9  # palisade-ignore K8S002,: dangling comma\n");              // 9
  fx.rules.filter([](const Rule& r) { return r.info.id != "K8S001"; });
  auto out = fx.apply({at("a.yaml", 1), at("a.yaml", 2), at("a.yaml", 3), at("a.yaml", 7)});
  CHECK_FALSE(find(out, "K8S002", 1)->suppression);
  REQUIRE(find(out, "GEN008", 1));
  CHECK(find(out, "GEN008", 1)->message.find("gives no reason") != std::string::npos);
  CHECK(find(out, "GEN008", 1)->location.start_column == 7);
  CHECK_FALSE(find(out, "K8S002", 2)->suppression);
  REQUIRE(find(out, "GEN009", 2));
  CHECK(find(out, "GEN009", 2)->message.find("expired on 2026-11-29") != std::string::npos);
  CHECK(find(out, "K8S002", 3)->suppression);
  CHECK_FALSE(find(out, "GEN009", 3));
  REQUIRE(find(out, "GEN010", 4));
  CHECK(find(out, "GEN010", 4)->message.find("suppresses nothing") != std::string::npos);
  REQUIRE(find(out, "GEN010", 5));
  CHECK(find(out, "GEN010", 5)->message.find("'K8S999' is not a palisade rule") != std::string::npos);
  // "until" is read as the rule: it is no rule.
  CHECK(find(out, "GEN010", 6));
  REQUIRE(find(out, "GEN011", 7));
  CHECK_FALSE(find(out, "K8S002", 7)->suppression);
  CHECK_FALSE(find(out, "GEN010", 8));  // K8S001 did not run: not "unused"
  CHECK(find(out, "GEN011", 9));
  CHECK(find(out, "GEN010", 4)->fingerprint != find(out, "GEN010", 5)->fingerprint);
}

TEST_CASE("reports about suppressions follow the RuleSet: a disabled GEN rule reports nothing", "[suppressions]") {
  Fixture fx("a.yaml", "a: 1  # palisade-ignore K8S002\n");
  fx.rules.filter([](const Rule& r) { return r.info.id != "GEN008"; });
  auto out = fx.apply({at("a.yaml", 1)});
  REQUIRE(out.size() == 1);
  CHECK_FALSE(out[0].suppression);  // still no suppression without a reason
}

TEST_CASE("reported suppression problems carry the rule's metadata", "[suppressions]") {
  Fixture fx("a.yaml", "a: 1  # palisade-ignore K8S002 until 2020-01-01: long ago\n");
  const Rule* rule = fx.rules.findMutable("GEN009");
  REQUIRE(rule);
  fx.rules.findMutable("GEN009")->info.severity = Severity::High;
  auto out = fx.apply({});
  REQUIRE(out.size() == 1);
  CHECK(out[0].rule_name == "suppression-expired");
  CHECK(out[0].severity == Severity::High);
  CHECK(out[0].level == Level::Error);
  CHECK(out[0].location.uri == "a.yaml");
  CHECK(!out[0].fingerprint.empty());
}

TEST_CASE("the suppression comments memo finds each file's comments once, and a new file's afresh", "[suppressions]") {
  auto with = std::make_shared<const SourceFile>(
      "a.yaml", "kind: Pod\n# palisade-ignore K8S002: the node agent needs it\nspec: {}\n");
  auto without = std::make_shared<const SourceFile>("b.yaml", "kind: Pod\nspec: {}\n");
  Project first{"/repo"};
  first.addFile(with);
  first.addFile(without);
  first.finalize();
  SuppressionCommentsMemo memo;
  SuppressionCommentsByFile found = memo.of(first);
  REQUIRE(found.size() == 1);  // only the file that has comments
  REQUIRE(found.count("a.yaml"));
  CHECK(found["a.yaml"].size() == suppressionCommentsIn(*with).size());
  CHECK(found["a.yaml"].front().reason == suppressionCommentsIn(*with).front().reason);

  // The same SourceFile again, and a.yaml edited (a new SourceFile of that path): its comments are read again.
  auto edited = std::make_shared<const SourceFile>("a.yaml", "kind: Pod\nspec: {}\n");
  Project second{"/repo"};
  second.addFile(edited);
  second.addFile(without);
  second.finalize();
  CHECK(memo.of(second).empty());
  // Applying them is the same as reading them from the files.
  Project third{"/repo"};
  third.addFile(with);
  third.finalize();
  SuppressionCommentsByFile again = memo.of(third);
  RuleSet rules = palisade::testing::builtinRules();
  CommentSuppressionSettings settings{CivilDate{2026, 11, 30}, knownRuleNames(rules)};
  std::vector<Finding> from_memo = applyCommentSuppressions({at("a.yaml", 3)}, third, rules, settings, nullptr, &again);
  std::vector<Finding> from_files = applyCommentSuppressions({at("a.yaml", 3)}, third, rules, settings);
  REQUIRE(from_memo.size() == from_files.size());
  CHECK(from_memo == from_files);
  CHECK(from_files.front().suppression.has_value());
}
