// The Kustomize builder's stages (strategic merge, JSON patch, the hash
// suffix, reference rewriting, located values) and its place in the scan:
// objects judged as built, one finding per base line through several
// overlays, --no-kustomize, errors as located GEN findings.
#include <catch2/catch.hpp>

#include <filesystem>
#include <algorithm>
#include <fstream>
#include <set>

#include "parsers/kustomize/builder.h"
#include "parsers/kustomize/generators.h"
#include "parsers/kustomize/json_patch.h"
#include "parsers/kustomize/strategic_merge.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/engine/rule_set.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {


// One YAML document as a Value (its SourceFile kept alive by the caller's holder).
Value yaml(std::string text, std::vector<SourceFilePtr>& keep) {
  keep.push_back(std::make_shared<const SourceFile>("test.yaml", std::move(text)));
  YamlReadResult r = readYaml(*keep.back(), ReadLimits{});
  REQUIRE(r.documents.size() == 1);
  return std::move(r.documents.front().root);
}

std::vector<std::string> namesOf(const Value& list) {
  std::vector<std::string> out;
  for (const Value& v : list.items()) out.push_back(v.find("name")->asString());
  return out;
}

kustomize::BuildResult buildFixture(const std::string& folder) {
  kustomize::SourceCache cache(fs::weakly_canonical(palisade::testing::repoRoot()), ReadLimits{});
  return kustomize::build(fs::weakly_canonical(palisade::testing::repoRoot() / "fixtures" / "kustomize" / folder), cache);
}

const kustomize::BuiltObject* objectOf(const kustomize::BuildResult& r, std::string_view kind) {
  for (const auto& o : r.objects) {
    if (o.kind() == kind) return &o;
  }
  return nullptr;
}

RuleSet builtinRules() {
  std::vector<Diagnostic> errors;
  RuleSet rules = RuleSet::load({}, errors);
  REQUIRE(errors.empty());
  return rules;
}

ScanResult scanFixture(const std::string& folder, bool kustomize = true) {
  ScanRequest request;
  request.paths = {(palisade::testing::repoRoot() / "fixtures" / "kustomize" / folder).string()};
  request.root = palisade::testing::repoRoot();
  request.kustomize = kustomize;
  return runScan(request, builtinRules());
}

}  // namespace

TEST_CASE("strategic merge: merge keys, order, directives, null", "[kustomize]") {
  std::vector<SourceFilePtr> keep;
  Value target = yaml(R"(
containers:
  - {name: a, image: a, env: [{name: X, value: "1"}, {name: Y, value: "2"}]}
  - {name: b, image: b}
  - {name: c, image: c}
volumes: [{name: v1}, {name: v2}]
args: [one, two]
labels: {keep: k, drop: d}
)",
                      keep);
  Value patch = yaml(R"(
containers:
  - {name: c, image: c2}
  - {name: new, image: n}
  - {name: a, env: [{name: Y, value: "3"}]}
  - {name: b, $patch: delete}
volumes:
  - $patch: replace
  - {name: only}
args: [three]
labels: {drop: null, add: x}
)",
                     keep);
  REQUIRE(kustomize::strategicMerge(target, patch));
  // The patch's elements first, in its order, then what only the target had.
  CHECK(namesOf(*target.find("containers")) == std::vector<std::string>{"c", "new", "a"});
  const Value& a = target.find("containers")->items()[2];
  CHECK(a.find("image")->asString() == "a");
  CHECK(namesOf(*a.find("env")) == std::vector<std::string>{"Y", "X"});
  CHECK(a.find("env")->items()[0].find("value")->asString() == "3");
  CHECK(namesOf(*target.find("volumes")) == std::vector<std::string>{"only"});
  CHECK(target.find("args")->items().size() == 1);
  CHECK(target.find("labels")->find("drop") == nullptr);
  CHECK(target.find("labels")->find("add")->asString() == "x");
  // The merged value keeps the patch's place.
  const Span& merged = target.find("containers")->items()[0].find("image")->span();
  CHECK(merged.file == keep[1].get());
  CHECK(merged.start.line == 3);

  Value gone = yaml("kind: Deployment\n$patch: delete\n", keep);
  CHECK_FALSE(kustomize::strategicMerge(target, gone));
  CHECK(kustomize::mergeKeyOf("ports", yaml("[{containerPort: 80}]", keep), yaml("[{containerPort: 80}]", keep)) == "containerPort");
  CHECK(kustomize::mergeKeyOf("ports", yaml("[{port: 80}]", keep), yaml("[{port: 80}]", keep)) == "port");
  CHECK(kustomize::mergeKeyOf("volumeMounts", yaml("[]", keep), yaml("[{mountPath: /x, name: v}]", keep)) == "mountPath");
  CHECK(kustomize::mergeKeyOf("tolerations", yaml("[]", keep), yaml("[{key: a}]", keep)).empty());
}

TEST_CASE("JSON patch operations", "[kustomize]") {
  std::vector<SourceFilePtr> keep;
  Value target = yaml("spec: {list: [a, b], map: {x: 1}}\n", keep);
  Value ops = yaml(R"(
- {op: add, path: /spec/list/-, value: c}
- {op: add, path: /spec/list/0, value: z}
- {op: remove, path: /spec/map/x}
- {op: replace, path: /spec/map/y, value: 2}
- {op: copy, from: /spec/list/1, path: /spec/first}
- {op: move, from: /spec/first, path: /spec/moved}
- {op: test, path: /spec/moved, value: a}
- {op: add, path: /metadata~1x, value: slash}
)",
                   keep);
  CHECK(kustomize::applyJsonPatch(target, ops).empty());
  CHECK(target.find("spec")->find("list")->items().size() == 4);
  CHECK(target.find("spec")->find("list")->items()[0].asString() == "z");
  CHECK(target.find("spec")->find("map")->find("x") == nullptr);
  CHECK(target.find("spec")->find("map")->find("y")->asInt() == 2);
  CHECK(target.find("spec")->find("moved")->asString() == "a");
  CHECK(target.find("metadata/x")->asString() == "slash");
  CHECK_FALSE(kustomize::applyJsonPatch(target, yaml("[{op: remove, path: /nothing/here}]", keep)).empty());
  CHECK_FALSE(kustomize::applyJsonPatch(target, yaml("[{op: test, path: /spec/moved, value: b}]", keep)).empty());
}

TEST_CASE("the generator hash suffix is kustomize's", "[kustomize]") {
  // Values kubectl kustomize (kustomize v5.7.1) gives for these generators.
  std::vector<SourceFilePtr> keep;
  CHECK(kustomize::contentHashSuffix(yaml("kind: ConfigMap\ndata: {a: '1'}\n", keep)) == "h29d89cmmt");
  CHECK(kustomize::contentHashSuffix(yaml("kind: ConfigMap\ndata: {a: '1', b: x<y}\n", keep)) == "dmtmgd285c");
  CHECK(kustomize::contentHashSuffix(yaml("kind: Secret\ntype: Opaque\ndata: {k: dg==}\n", keep)) == "ftgtgc4t9f");
  CHECK(kustomize::sha256Hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(kustomize::base64("ab") == "YWI=");
}

TEST_CASE("namePrefix renames and rewrites references, located at the namePrefix line", "[kustomize]") {
  kustomize::BuildResult r = buildFixture("name-prefix-references/overlay");
  CHECK(r.diagnostics.empty());
  const auto* binding = objectOf(r, "RoleBinding");
  const auto* account = objectOf(r, "ServiceAccount");
  REQUIRE(binding);
  REQUIRE(account);
  CHECK(account->name() == "team-a-app");
  const Value& subject = binding->body.find("subjects")->items()[0];
  CHECK(subject.find("name")->asString() == "team-a-app");
  CHECK(subject.find("namespace")->asString() == "team-a");
  CHECK(binding->body.find("roleRef")->find("name")->asString() == "team-a-reader");
  // The new name points at the line that made it; the old one is its origin.
  const Value* name = account->body.find("metadata")->find("name");
  REQUIRE(name->span().file);
  CHECK(name->span().file->path() == "fixtures/kustomize/name-prefix-references/overlay/kustomization.yaml");
  CHECK(name->span().start.line == 2);
  CHECK(name->origin().file->path() == "fixtures/kustomize/name-prefix-references/base/rbac.yaml");
}

TEST_CASE("a ClusterRoleBinding subject of another namespace is not rewritten to the build's account", "[kustomize]") {
  // kubectl kustomize leaves {app, batch} as written: the build's 'app' is in shop.
  kustomize::BuildResult r = buildFixture("name-prefix-missing-service-account/overlays/prod");
  CHECK(r.diagnostics.empty());
  const kustomize::BuiltObject* binding = objectOf(r, "ClusterRoleBinding");
  REQUIRE(binding);
  const Value& subject = binding->body.find("subjects")->items()[0];
  CHECK(subject.find("name")->asString() == "app");
  CHECK(subject.find("namespace")->asString() == "batch");
  // The RoleBinding's subject in shop is the build's account, renamed.
  const Value& local = objectOf(r, "RoleBinding")->body.find("subjects")->items()[0];
  CHECK(local.find("name")->asString() == "prod-app");
}

TEST_CASE("a generated Secret referenced as env gets the hashed name", "[kustomize]") {
  kustomize::BuildResult r = buildFixture("generator-secret-env");
  CHECK(r.diagnostics.empty());
  const kustomize::BuiltObject* secret = nullptr;
  const kustomize::BuiltObject* deployment = objectOf(r, "Deployment");
  for (const auto& o : r.objects) {
    if (o.kind() == "Secret") secret = &o;
  }
  REQUIRE(secret);
  REQUIRE(deployment);
  CHECK(secret->name().starts_with("shop-db-"));
  CHECK(secret->name().size() == std::string("shop-db-").size() + 10);
  const Value* container = &deployment->body.find("spec")->find("template")->find("spec")->find("containers")->items()[0];
  CHECK(container->find("env")->items()[0].find("valueFrom")->find("secretKeyRef")->find("name")->asString() == secret->name());
  CHECK(container->find("envFrom")->items()[0].find("configMapRef")->find("name")->asString().starts_with("shop-settings-"));
  // Generated data is located at the literal that wrote it.
  CHECK(secret->body.find("data")->find("password")->span().start.line == 11);
}

TEST_CASE("a patch's value keeps the patch's line", "[kustomize]") {
  kustomize::BuildResult r = buildFixture("patch-privileged/overlay");
  const auto* deployment = objectOf(r, "Deployment");
  REQUIRE(deployment);
  const Value* privileged = deployment->body.find("spec")->find("template")->find("spec")->find("containers")->items()[0].find(
      "securityContext")->find("privileged");
  REQUIRE(privileged);
  CHECK(privileged->span().file->path() == "fixtures/kustomize/patch-privileged/overlay/debug.yaml");
  CHECK(privileged->span().start.line == 12);
  // What the patch did not touch is still the base's.
  CHECK(deployment->body.find("spec")->find("replicas")->span().file->path() == "fixtures/kustomize/patch-privileged/base/deployment.yaml");
}

TEST_CASE("cycles, missing files and files outside the root are located errors", "[kustomize]") {
  const fs::path dir = fs::temp_directory_path() / "palisade-kustomize-test";
  fs::remove_all(dir);
  fs::create_directories(dir / "a");
  fs::create_directories(dir / "b");
  std::ofstream(dir / "a" / "kustomization.yaml") << "resources:\n  - ../b\n";
  std::ofstream(dir / "b" / "kustomization.yaml") << "resources:\n  - ../a\n  - ../../outside.yaml\n";
  const fs::path root = fs::weakly_canonical(dir);
  kustomize::SourceCache cache(root, ReadLimits{});
  kustomize::BuildResult r = kustomize::build(root / "a", cache);
  bool cycle = false, outside = false;
  for (const Diagnostic& d : r.diagnostics) {
    CHECK(d.code == GenCode::KustomizeBuildError);
    cycle = cycle || d.message.find("cycle") != std::string::npos;
    outside = outside || d.message.find("does not exist") != std::string::npos || d.message.find("outside") != std::string::npos;
    CHECK(d.span.valid());
  }
  CHECK(cycle);
  CHECK(outside);
  fs::remove_all(dir);
}

TEST_CASE("a base line reached through several overlays is one finding naming each", "[kustomize]") {
  ScanResult result = scanFixture("overlay-fixes-base");
  std::vector<const Finding*> root_findings;
  for (const Finding& f : result.findings) {
    if (f.rule_id == "K8S013") root_findings.push_back(&f);
  }
  REQUIRE(root_findings.size() == 1);
  const Finding& f = *root_findings.front();
  CHECK(f.location.uri == "fixtures/kustomize/overlay-fixes-base/base/deployment.yaml");
  std::vector<std::string> overlays;
  for (const Location& l : f.related) overlays.push_back(l.uri);
  // The overlay that sets runAsNonRoot: true is not among them.
  CHECK(overlays == std::vector<std::string>{"fixtures/kustomize/overlay-fixes-base/overlays/prod/kustomization.yaml",
                                             "fixtures/kustomize/overlay-fixes-base/overlays/staging/kustomization.yaml"});
  // Built objects carry the overlays' namespaces; the base alone is not a build of its own.
  std::set<std::string> namespaces;
  for (const Resource& r : result.project.resources()) {
    if (r.kind == "Deployment") namespaces.insert(r.namespace_name);
  }
  CHECK(namespaces == std::set<std::string>{"", "prod", "staging"});
}

TEST_CASE("with Kustomize off (--no-kustomize) the raw files are scanned as they are", "[kustomize]") {
  ScanResult built = scanFixture("patch-privileged");
  ScanResult raw = scanFixture("patch-privileged", false);
  auto deployments = [](const ScanResult& r) {
    std::vector<std::string> out;
    for (const Resource& res : r.project.resources()) {
      if (res.kind == "Deployment") out.push_back(res.name + "/" + res.namespace_name);
    }
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(deployments(built) == std::vector<std::string>{"dev-web/shop"});
  CHECK(deployments(raw) == std::vector<std::string>{"web/", "web/"});  // the base and the patch, each as written
  CHECK(inputsReadToNothing(built).empty());
}
