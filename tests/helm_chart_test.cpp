// Helm's functions over the template engine, and a chart folder rendered
// into located Kubernetes resources (tests/helm/*-chart): values at their
// template lines with the values.yaml line as origin, and every template
// that cannot be rendered a located diagnostic while the rest renders.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "parsers/helm/chart_renderer.h"
#include "parsers/helm/helm_functions.h"
#include "parsers/yaml/yaml_reader.h"

namespace fs = std::filesystem;
using namespace palisade;
using namespace palisade::helm;

namespace {

const fs::path kCharts = fs::path(PALISADE_SOURCE_DIR) / "tests" / "helm";

struct HelmRun {
  std::string text;
  std::string error;
};

HelmRun runHelm(const std::string& tmpl, const std::string& yaml = "{}") {
  auto values = std::make_shared<const SourceFile>("values.yaml", yaml);
  YamlReadResult r = readYaml(*values, ReadLimits{});
  REQUIRE(r.documents.size() == 1);
  TemplateSet set(helmFunctionTable());
  auto helpers = std::make_shared<const SourceFile>("_helpers.tpl", "{{- define \"name\" -}}{{ .n }}-x{{- end -}}");
  REQUIRE(!set.add(helpers, "_helpers.tpl"));
  auto file = std::make_shared<const SourceFile>("t.yaml", tmpl);
  auto error = set.add(file, "t.yaml");
  if (error) return {"", error->message};
  ExecOptions options;
  options.missing_key = ExecOptions::MissingKey::Zero;
  options.no_value = "";
  ExecResult result = executeTemplate(set, "t.yaml", r.documents.front().root, options);
  return {result.output.text, result.error ? result.error->message : ""};
}

std::string ok(const std::string& tmpl, const std::string& yaml = "{}") {
  HelmRun r = runHelm(tmpl, yaml);
  INFO(tmpl << " -> " << r.error);
  REQUIRE(r.error.empty());
  return r.text;
}

const Value* path(const Value& v, std::initializer_list<const char*> keys) {
  const Value* cur = &v;
  for (const char* k : keys) {
    cur = cur->find(k);
    if (cur == nullptr) return nullptr;
  }
  return cur;
}

}  // namespace

TEST_CASE("Helm functions: include, tpl, required, fail", "[helm][chart]") {
  CHECK(ok("[{{ include \"name\" . }}]", "n: web") == "[web-x]");
  CHECK(ok("{{ tpl \"{{ .n }}!\" . }}", "n: web") == "web!");
  CHECK(ok("{{ tpl .t . }}", "t: '{{ include \"name\" . }}'\nn: a") == "a-x");
  CHECK(runHelm("{{ tpl \"{{ if }}\" . }}").error.find("error calling tpl: missing value for if") == 0);
  CHECK(ok("{{ required \"need n\" .n }}", "n: v") == "v");
  CHECK(runHelm("{{ required \"need n\" .n }}").error == "need n");
  CHECK(runHelm("{{ required \"need n\" .n }}", "n: ''").error == "need n");
  CHECK(runHelm("{{ fail \"stop here\" }}").error == "stop here");
  CHECK(runHelm("{{ include \"nope\" . }}").error == "no such template \"nope\"");
}

TEST_CASE("Helm functions: toYaml, indent, nindent, quote, default", "[helm][chart]") {
  CHECK(ok("{{ toYaml .m }}", "m: {b: 1, a: [x, z], c: {d: true}}") == "a:\n- x\n- z\nb: 1\nc:\n  d: true");
  CHECK(ok("x:{{ toYaml .m | nindent 2 }}", "m: {k: v}") == "x:\n  k: v");
  CHECK(ok("{{ \"a\\nb\" | indent 3 }}") == "   a\n   b");
  CHECK(ok("{{ quote \"a\" 1 .missing \"q\\\"\" }}") == "\"a\" \"1\" \"q\\\"\"");
  CHECK(ok("{{ .n | default \"d\" }}|{{ .e | default \"d\" }}|{{ .z | default 5 }}|{{ default \"d\" }}", "n: v\ne: ''\nz: 0") == "v|d|5|d");
  CHECK(ok("{{ printf \"%s-%s\" \"release-name\" \"a-very-long-chart-name\" | trunc 20 | trimSuffix \"-\" }}") == "release-name-a-very");
  CHECK(ok("{{ $d := dict \"a\" 1 \"b\" (list 1 2) }}{{ $d.b }} {{ hasKey $d \"a\" }} {{ empty $d.c }} {{ ternary \"y\" \"n\" true }}") ==
        "[1 2] true true y");
  CHECK(ok("{{ b64enc \"hello\" }} {{ int \"42\" }} {{ coalesce .a \"\" \"z\" }} {{ join \",\" (list 1 \"b\") }}") == "aGVsbG8= 42 z 1,b");
  // Helm's missingkey=zero: a field of a missing key is an error, as in `helm template`.
  CHECK(runHelm("{{ .nope.key }}").error == "nil pointer evaluating interface {}.key");
}

TEST_CASE("A chart renders into located resources, as helm template would", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "web-chart", "web-chart");
  for (const Diagnostic& d : chart.diagnostics) INFO(d.path << ":" << d.span.start.line << " " << d.message);
  CHECK(chart.diagnostics.empty());
  CHECK(chart.chart_name == "web");
  // NOTES.txt and _helpers.tpl are not rendered as manifests.
  REQUIRE(chart.templates.size() == 2);
  REQUIRE(chart.resources.size() == 2);

  const Resource& cm = chart.resources[0];
  CHECK(cm.kind == "ConfigMap");
  CHECK(cm.name == "release-name-web-config");
  CHECK(path(cm.body, {"metadata", "namespace"})->asString() == "default");
  CHECK(path(cm.body, {"data", "greeting"})->asString() == "hello release-name");  // tpl of a values string
  CHECK(path(cm.body, {"data", "template"})->asString() == "web/templates/configmap.yaml");

  const Resource& deploy = chart.resources[1];
  CHECK(deploy.kind == "Deployment");
  CHECK(deploy.name == "release-name-web");
  CHECK(path(deploy.body, {"metadata", "labels", "app.kubernetes.io/version"})->asString() == "2.0");
  CHECK(path(deploy.body, {"spec", "template", "metadata", "labels", "tier"})->asString() == "frontend");
  const Value* pod = path(deploy.body, {"spec", "template", "spec"});
  REQUIRE(pod != nullptr);
  CHECK(pod->find("serviceAccountName")->asString() == "release-name-web");
  const Value& container = pod->find("containers")->items().at(0);
  CHECK(container.find("image")->asString() == "nginx:2.0");

  // Located at the template line that wrote it, with values.yaml as origin.
  const Value* privileged = path(container, {"securityContext", "privileged"});
  REQUIRE(privileged != nullptr);
  CHECK(privileged->asBool());
  REQUIRE(privileged->span().valid());
  CHECK(privileged->span().file->path() == "web-chart/templates/deployment.yaml");
  CHECK(privileged->span().start.line == 21);
  REQUIRE(privileged->origin().valid());
  CHECK(privileged->origin().file->path() == "web-chart/values.yaml");
  CHECK(privileged->origin().start.line == 9);
  const Value* replicas = path(deploy.body, {"spec", "replicas"});
  CHECK(replicas->span().start.line == 8);
  CHECK(replicas->origin().start.line == 1);
  // Keys copied from the template text keep their exact line and column.
  const Member* kind = deploy.body.findMember("kind");
  REQUIRE(kind != nullptr);
  CHECK(kind->key_span.file->path() == "web-chart/templates/deployment.yaml");
  CHECK(kind->key_span.start.line == 2);
  CHECK(deploy.declaration.file->path() == "web-chart/templates/deployment.yaml");
}

TEST_CASE("A chart's broken templates are located diagnostics; the rest renders", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "broken-chart", "broken-chart");
  REQUIRE(chart.resources.size() == 1);
  CHECK(chart.resources[0].name == "b");
  auto find = [&](const std::string& file) -> const Diagnostic* {
    for (const Diagnostic& d : chart.diagnostics) {
      if (d.path == "broken-chart/templates/" + file) return &d;
    }
    return nullptr;
  };
  REQUIRE(chart.diagnostics.size() == 4);
  const Diagnostic* nil = find("nil.yaml");
  REQUIRE(nil != nullptr);
  CHECK(nil->code == GenCode::UnsupportedSyntax);
  CHECK(nil->message == "Helm template cannot be rendered: nil pointer evaluating interface {}.key");
  CHECK(nil->span.start.line == 6);
  const Diagnostic* unparsed = find("unparsed.yaml");
  REQUIRE(unparsed != nullptr);
  CHECK(unparsed->message == "Helm template does not parse: missing value for if");
  CHECK(unparsed->span.start.line == 2);
  const Diagnostic* required = find("required.yaml");
  REQUIRE(required != nullptr);
  CHECK(required->message == "Helm template cannot be rendered: a name is required");
  CHECK(required->span.start.line == 4);
  const Diagnostic* yaml = find("badyaml.yaml");
  REQUIRE(yaml != nullptr);
  CHECK(yaml->code == GenCode::ParseError);
  CHECK(yaml->span.file != nullptr);
  CHECK(yaml->span.file->path() == "broken-chart/templates/badyaml.yaml");
}
