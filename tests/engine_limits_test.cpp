// Engine limits: a file with more findings than the per-file limit keeps the
// first ones and counts the rest in one GEN012 note.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/engine/engine.h"
#include "tests/test_support.h"

using namespace palisade;

TEST_CASE("findings beyond the per-file limit become one counted note", "[engine][limits]") {
  std::string text;
  for (int i = 0; i < 5; ++i) {
    text += fmt::format(
        "---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{}, namespace: n}}\nspec:\n  serviceAccountName: app\n"
        "  containers: [{{name: c, image: x, securityContext: {{privileged: true}}}}]\n",
        i);
  }
  auto file = std::make_shared<const SourceFile>("pods.yaml", text);
  Project project;
  project.addFile(file);
  for (Resource& r : classifyKubernetesDocuments(readYaml(*file, {}).documents)) project.addResource(std::move(r));
  project.finalize();

  RuleSet rules = palisade::testing::builtinRules();
  rules.filter([](const Rule& r) { return r.info.id == "K8S002" || r.info.id == "GEN012"; });

  EngineOptions unlimited;
  CHECK(runRules(rules, project, unlimited).size() == 5);

  EngineOptions capped;
  capped.max_findings_per_file = 3;
  std::vector<Finding> findings = runRules(rules, project, capped);
  REQUIRE(findings.size() == 4);
  CHECK(findings[2].rule_id == "K8S002");
  CHECK(findings[3].rule_id == "GEN012");
  CHECK(findings[3].message.find("2 more findings") != std::string::npos);
  CHECK(findings[3].location.start_line == findings[2].location.start_line + 7);
}
