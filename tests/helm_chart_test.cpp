// Helm's functions over the template engine, and a chart folder rendered
// into located Kubernetes resources (tests/helm/*-chart): values at their
// template lines with the values.yaml line as origin, and every template
// that cannot be rendered a located diagnostic while the rest renders.
#include <catch2/catch.hpp>

#include <filesystem>
#include <memory>
#include <string>

#include "core/json_string.h"
#include "parsers/helm/chart_objects.h"
#include "parsers/helm/chart_renderer.h"
#include "parsers/helm/helm_functions.h"
#include "parsers/yaml/yaml_reader.h"
#include "parsers/yaml/yaml_writer.h"
#include "tests/test_support.h"

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
  auto helpers = std::make_shared<const SourceFile>("_helpers.tpl", "{{- define \"name\" -}}{{ .nm }}-x{{- end -}}");
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
  CHECK(ok("[{{ include \"name\" . }}]", "nm: web") == "[web-x]");
  CHECK(ok("{{ tpl \"{{ .nm }}!\" . }}", "nm: web") == "web!");
  CHECK(ok("{{ tpl .t . }}", "t: '{{ include \"name\" . }}'\nnm: a") == "a-x");
  CHECK(runHelm("{{ tpl \"{{ if }}\" . }}").error.find("error calling tpl: missing value for if") == 0);
  CHECK(ok("{{ required \"need n\" .nm }}", "nm: v") == "v");
  CHECK(runHelm("{{ required \"need n\" .nm }}").error == "need n");
  CHECK(runHelm("{{ required \"need n\" .nm }}", "nm: ''").error == "need n");
  CHECK(runHelm("{{ fail \"stop here\" }}").error == "stop here");
  CHECK(runHelm("{{ include \"nope\" . }}").error == "no such template \"nope\"");
}

TEST_CASE("Helm functions: toYaml, indent, nindent, quote, default", "[helm][chart]") {
  CHECK(ok("{{ toYaml .m }}", "m: {b: 1, a: [x, z], c: {d: true}}") == "a:\n- x\n- z\nb: 1\nc:\n  d: true");
  CHECK(ok("x:{{ toYaml .m | nindent 2 }}", "m: {k: v}") == "x:\n  k: v");
  CHECK(ok("{{ \"a\\nb\" | indent 3 }}") == "   a\n   b");
  CHECK(ok("{{ quote \"a\" 1 .missing \"q\\\"\" }}") == "\"a\" \"1\" \"q\\\"\"");
  CHECK(ok("{{ .nm | default \"d\" }}|{{ .e | default \"d\" }}|{{ .z | default 5 }}|{{ default \"d\" }}", "nm: v\ne: ''\nz: 0") == "v|d|5|d");
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
  REQUIRE(chart.templates.size() == 3);
  REQUIRE(chart.resources.size() == 3);

  const Resource& cm = chart.resources[0];
  CHECK(cm.kind == "ConfigMap");
  CHECK(cm.name == "release-name-web-config");
  // `namespace: {{ .Release.Namespace }}` with no namespace chosen: `helm install -n` decides, so none yet.
  CHECK(path(cm.body, {"metadata", "namespace"}) == nullptr);
  CHECK(cm.namespace_name.empty());
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

  // A chosen namespace (--helm-namespace, even `default`) is the objects' namespace, as `helm install -n` makes it.
  ChartOptions chosen;
  chosen.release_namespace_chosen = true;
  ChartRender placed = renderChart(kCharts / "web-chart", "web-chart", chosen);
  REQUIRE(placed.resources.size() == 3);
  const Value* ns = path(placed.resources[0].body, {"metadata", "namespace"});
  REQUIRE(ns != nullptr);
  CHECK(ns->asString() == "default");
  CHECK(placed.resources[0].namespace_name == "default");
  CHECK_FALSE(ns->origin().valid());  // the release namespace is no file's line
}

TEST_CASE("A chart's broken templates are located diagnostics and the rest renders", "[helm][chart]") {
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
  CHECK(nil->code == GenCode::HelmTemplateFailed);
  CHECK(nil->message == "Helm template cannot be rendered: nil pointer evaluating interface {}.key");
  CHECK(nil->span.start.line == 6);
  const Diagnostic* unparsed = find("unparsed.yaml");
  REQUIRE(unparsed != nullptr);
  CHECK(unparsed->message == "Helm template does not parse: missing value for if");
  CHECK(unparsed->code == GenCode::HelmTemplateFailed);
  CHECK(unparsed->span.start.line == 2);
  const Diagnostic* required = find("required.yaml");
  REQUIRE(required != nullptr);
  CHECK(required->message == "Helm template cannot be rendered: a name is required");
  CHECK(required->span.start.line == 4);
  const Diagnostic* yaml = find("badyaml.yaml");
  REQUIRE(yaml != nullptr);
  CHECK(yaml->code == GenCode::HelmRenderedYamlInvalid);
  CHECK(yaml->span.file != nullptr);
  CHECK(yaml->span.file->path() == "broken-chart/templates/badyaml.yaml");
}

TEST_CASE("Sprig: dicts change in place (set, unset, merge), as Go maps do", "[helm][chart]") {
  CHECK(ok("{{ $d := dict \"a\" 1 }}{{ $_ := set $d \"b\" 2 }}{{ $d }}") == "map[a:1 b:2]");
  CHECK(ok("{{ $_ := set . \"x\" \"y\" }}{{ .x }}") == "y");
  CHECK(ok("{{ $_ := set $ \"x\" \"y\" }}{{ .x }}") == "y");
  CHECK(ok("{{ $d := dict \"a\" 1 \"b\" 2 }}{{ $_ := unset $d \"a\" }}{{ $d }}") == "map[b:2]");
  // merge: the destination wins, except where it is empty (false, 0, ""), as mergo does.
  CHECK(ok("{{ merge (dict \"a\" 1 \"f\" false \"m\" (dict \"x\" 1)) (dict \"a\" 2 \"b\" 3 \"f\" true \"m\" (dict \"y\" 2)) }}") ==
        "map[a:1 b:3 f:true m:map[x:1 y:2]]");
  CHECK(ok("{{ mergeOverwrite (dict \"a\" 1 \"b\" 2) (dict \"a\" 9 \"b\" \"\") }}") == "map[a:9 b:2]");
  CHECK(ok("{{ $d := dict \"a\" 1 }}{{ $_ := merge $d (dict \"c\" 3) }}{{ $d.c }}") == "3");
  CHECK(ok("{{ omit (dict \"a\" 1 \"b\" 2) \"a\" }} {{ pick (dict \"a\" 1 \"b\" 2) \"a\" }} {{ keys (dict \"k\" 1) }}") ==
        "map[b:2] map[a:1] [k]");
}

TEST_CASE("Sprig: lists, types, regex, semver, hashes, JSON and YAML", "[helm][chart]") {
  CHECK(ok("{{ append (list 1) 2 }} {{ prepend (list 1) 0 }} {{ concat (list 1) (list 2 3) }} {{ uniq (list 1 1 2) }}") ==
        "[1 2] [0 1] [1 2 3] [1 2]");
  CHECK(ok("{{ has 2 (list 1 2) }} {{ without (list 1 2 3) 2 }} {{ compact (list 1 \"\" 0 2) }} {{ first (list 7 8) }} {{ last (list 7 8) }}") ==
        "true [1 3] [1 2] 7 8");
  CHECK(ok("{{ kindIs \"map\" (dict) }} {{ kindOf (list) }} {{ typeOf 1.5 }} {{ typeIs \"string\" \"s\" }} {{ kindIs \"invalid\" .nope }}") ==
        "true slice float64 true true");
  // Sprig's documented examples.
  CHECK(ok("{{ regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\" }}") == "-W-xxW-");
  CHECK(ok("{{ regexReplaceAllLiteral \"a(x*)b\" \"-ab-axxb-\" \"${1}\" }}") == "-${1}-${1}-");
  CHECK(ok("{{ regexMatch \"^[a-z]+$\" \"abc\" }} {{ regexFind \"[0-9]+\" \"ab12cd34\" }}") == "true 12");
  CHECK(runHelm("{{ regexMatch \"(\" \"x\" }}").error.find("error calling regexMatch: error parsing regexp") == 0);
  CHECK(ok("{{ semverCompare \">=1.19-0\" \"v1.35.0\" }} {{ semverCompare \"<1.22.0-0\" \"v1.35.0\" }} {{ semverCompare \"^1.2.0\" \"1.3.1\" }} "
           "{{ semverCompare \"~1.2.0\" \"1.3.0\" }} {{ semverCompare \"1.2.x\" \"1.2.9\" }} {{ semverCompare \">= 1.20, < 1.36 || 2.x\" \"1.35.0\" }}") ==
        "true false true false true true");
  CHECK(ok("{{ sha256sum \"abc\" }}") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(ok("{{ toJson (dict \"b\" 1 \"a\" \"<x>\" \"l\" (list 1.5 true)) }}") == "{\"a\":\"\\u003cx\\u003e\",\"b\":1,\"l\":[1.5,true]}");
  CHECK(ok("{{ (fromYaml \"a: 1\\nb: [x]\").b }} {{ (fromYaml \": : bad\").Error | empty }}") == "[x] false");
  CHECK(ok("{{ splitList \",\" \"a,b,,c\" }} {{ toStrings (list 1 \"x\") }}") == "[a b  c] [1 x]");
  // What helm template cannot know is an Unknown, printed as a placeholder.
  CHECK(ok("{{ randAlphaNum 8 }}") == "<unknown>");
}

TEST_CASE("Helm values are float64, as Helm reads them through JSON", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "web-chart", "web-chart");
  REQUIRE(chart.resources.size() == 3);
  CHECK(path(chart.resources[0].body, {"data", "replicasKind"})->asString() == "float64");
  const Value* replicas = path(chart.resources[1].body, {"spec", "replicas"});
  REQUIRE(replicas != nullptr);
  CHECK(replicas->isInt());  // printed "2", so the rendered YAML reads back an int
}

TEST_CASE("A chart's .Files and .Capabilities answer as helm template's do", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "web-chart", "web-chart");
  REQUIRE(chart.resources.size() == 3);
  const Value& data = *chart.resources[0].body.find("data");
  CHECK(data.find("conf")->asString() == "listen 8080\n");
  CHECK(data.find("firstLine")->asString() == "listen 8080");
  // helm template's API versions are group/versions only.
  CHECK(data.find("hasIngress")->asString() == "false");
  CHECK(data.find("hasMonitoring")->asString() == "false");
  CHECK(data.find("kube")->asString() == "v1.35.0");
  const Resource& files = chart.resources[2];
  CHECK(files.name == "files");
  CHECK(path(files.body, {"data", "app.conf"})->asString() == "listen 8080\n");
  CHECK(path(files.body, {"data", "other.yaml"})->asString() == "b: 2\n");
  CHECK(helmGlobMatch("files/*", "files/a.conf"));
  CHECK(!helmGlobMatch("files/*", "files/sub/a.conf"));
  CHECK(helmGlobMatch("files/**", "files/sub/a.conf"));
  CHECK(helmGlobMatch("conf/*.{yaml,json}", "conf/x.json"));
}

TEST_CASE("Sprig: arithmetic, conversions and the rarer helpers", "[helm][chart]") {
  CHECK(ok("{{ add 1 2 3 }} {{ sub 5 7 }} {{ mul 2 3 4 }} {{ div 7 2 }} {{ mod 7 3 }} {{ add1 .r }} {{ max 1 5 3 }} {{ min 4 2 }}", "r: 2") ==
        "6 -2 24 3 1 3 5 2");
  CHECK(runHelm("{{ div 1 0 }}").error == "error calling div: runtime error: integer divide by zero");
  CHECK(ok("{{ int64 \"12\" }} {{ float64 \"1.5\" }} {{ floor 2.7 }}") == "12 1.5 2");
  CHECK(ok("{{ tuple 1 \"a\" }} {{ until 3 }} {{ substr 1 3 \"hello\" }} {{ cat \"a\" .nope 1 }} {{ trimAll \"-\" \"--x--\" }}") ==
        "[1 a] [0 1 2] el a 1 x");
  CHECK(ok("{{ (split \"/\" \"a/b\")._1 }} {{ dig \"a\" \"b\" \"none\" .d }} {{ dig \"a\" \"z\" \"none\" .d }} {{ sortAlpha (list \"b\" \"a\") }}",
           "d: {a: {b: found}}") == "b found none [a b]");
  CHECK(ok("{{ b64dec \"aGVsbG8=\" }} {{ fromYamlArray \"[1, x]\" }} {{ mustUniq (list 1 1) }}") == "hello [1 x] [1]");
}

TEST_CASE("What helm template generates at random is an Unknown in the rendered objects", "[helm][chart]") {
  CHECK(ok("{{ randAlphaNum 8 | b64enc | quote }}") == "<unknown>");  // not the base64 of a placeholder
  ChartRender chart = renderChart(kCharts / "random-chart", "random-chart");
  REQUIRE(chart.diagnostics.empty());
  REQUIRE(chart.resources.size() == 3);
  const Value* password = path(chart.resources[0].body, {"data", "password"});
  REQUIRE(password != nullptr);
  CHECK(password->isUnknown());
  CHECK(password->span().start.line == 6);
  CHECK(path(chart.resources[0].body, {"data", "user"})->asString() == "YWRtaW4=");
}

TEST_CASE("Helm: nil out of a pipeline is no value, nil inside a field chain is an error (as Go)", "[helm][chart]") {
  // cert-manager's `(.Values.x).dynamic`: the parenthesised nil is Go's invalid value.
  CHECK(ok("[{{ (.nope).dynamic }}]") == "[]");
  CHECK(ok("{{ $x := .nope }}[{{ $x.field }}]") == "[]");
  CHECK(ok("[{{ (index .m \"none\").deeper }}]", "m: {a: 1}") == "[]");
  CHECK(runHelm("{{ .nope.field }}").error == "nil pointer evaluating interface {}.field");
}

TEST_CASE("Rendered text splits into manifests where Helm splits it, even at '---#'", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "random-chart", "random-chart");
  REQUIRE(chart.diagnostics.empty());
  REQUIRE(chart.resources.size() == 3);
  CHECK(chart.resources[1].name == "first");
  CHECK(chart.resources[2].name == "second");
  const Member* kind = chart.resources[2].body.findMember("kind");
  REQUIRE(kind != nullptr);
  CHECK(kind->key_span.file->path() == "random-chart/templates/split.yaml");
  CHECK(kind->key_span.start.line == 10);
}

// Expectations from `helm template` v4.1.4 on a chart calling each function.
TEST_CASE("Sprig: case, repeat, nospace and the float arithmetic", "[helm][chart]") {
  CHECK(ok("{{ lower \"HeLLo\" }}|{{ upper \"abc-1\" }}|{{ title \"hello world-foo_bar x.y 9a\" }}") ==
        "hello|ABC-1|Hello World-Foo_bar X.Y 9a");
  CHECK(ok("{{ repeat 3 \"ab\" }}|{{ nospace \" a b\\tc\\n\" }}") == "ababab|abc");
  CHECK(ok("{{ mulf (trimSuffix \"e\" .m | float64) 2 }}|{{ divf 1 3 }}|{{ addf 1.5 2 }}|{{ subf 10 .f 1 }}|{{ divf 10 4 }}",
           "m: 1.5e\nf: 2.5") == "3|0.3333333333333333|3.5|6.5|2.5");
}

// Helm's toYaml is sigs.k8s.io/yaml over go-yaml v2; these are the lines
// `helm template` v4.1.4 printed for each string, and what its values reader
// made of YAML 1.1 scalars (`printf "%v"` of each).
TEST_CASE("toYaml quotes strings exactly as Helm does, and values read YAML 1.1 scalars as Helm does", "[helm][chart]") {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"true", "\"true\""}, {"1", "\"1\""}, {"1.0", "\"1.0\""}, {"null", "\"null\""}, {"~", "\"~\""},
      {"", "\"\""}, {"y", "\"y\""}, {"n", "\"n\""}, {"on", "\"on\""}, {"5s", "5s"}, {"1e3", "\"1e3\""},
      {"0x10", "\"0x10\""}, {"010", "\"010\""}, {"1_000", "\"1_000\""}, {"1:20", "\"1:20\""}, {"+1", "\"+1\""},
      {".5", "\".5\""}, {"-", "'-'"}, {"- a", "'- a'"}, {"* a", "'* a'"}, {"@a", "'@a'"}, {"a: b", "'a: b'"},
      {"a #b", "'a #b'"}, {"a#b", "a#b"}, {" lead", "' lead'"}, {"trail ", "'trail '"}, {"a:b", "a:b"},
      {":a", ":a"}, {"? a", "'? a'"}, {"[a]", "'[a]'"}, {"'q'", "'''q'''"}, {"\"dq\"", "'\"dq\"'"},
      {"tab\there", "\"tab\\there\""}, {"2001-12-14", "\"2001-12-14\""}, {".inf", "\".inf\""}, {"NULL", "\"NULL\""},
      {"=a", "=a"}, {"<<", "<<"}, {"|a", "'|a'"}, {">a", "'>a'"}, {"100Mi", "100Mi"}, {"0.1.0", "0.1.0"},
      {"1.2.3.4", "1.2.3.4"}, {"-1", "\"-1\""}, {"-a", "-a"}, {"http://x.y:80/z", "http://x.y:80/z"}, {"*", "'*'"},
      {"a\\b", "a\\b"}, {"1e", "1e"}, {"0b101", "\"0b101\""}, {"0.", "\"0.\""}, {"+.inf", "\"+.inf\""}};
  for (const auto& [text, written] : cases) {
    INFO(text);
    CHECK(writeYaml(Value::string(text), {}, YamlQuoting::GoYamlV2) == written + "\n");
    std::string quoted;
    appendJsonString(quoted, text);
    CHECK(ok("{{ toYaml (list .s) }}", "s: " + quoted) == "- " + written);
  }
  CHECK(ok("{{ toYaml .s }}", "s: \"line1\\nline2\\n\"") == "|\n  line1\n  line2");
  CHECK(ok("{{ toYaml .s }}", "s: \"line1\\nline2\"") == "|-\n  line1\n  line2");
  // Numbers go through JSON: integral values print as integers, others as Go's %g.
  CHECK(ok("{{ toYaml .nm }}", "nm: [1, 1.5, 1000000, 1e21, 0.000001, 123456789012]") ==
        "- 1\n- 1.5\n- 1000000\n- 1e+21\n- 1e-06\n- 123456789012");
  // Helm's values reader: plain y/n/yes/no are booleans (keys too), `_` drops out of numbers.
  // tests/helm/yaml11-chart: expectations are what `helm template` v4.1.4 printed for it.
  ChartRender chart = renderChart(kCharts / "yaml11-chart", "yaml11-chart");
  REQUIRE(chart.resources.size() == 1);
  CHECK(path(chart.resources[0].body, {"data", "printed"})->asString() == "true false true y false 1000 1_000");
  CHECK(path(chart.resources[0].body, {"data", "types"})->asString() == "bool string float64 string");
  CHECK(path(chart.resources[0].body, {"data", "falseKey"})->asString() == "a key that reads as \"false\"");
}

// tests/helm/subchart-global: a parent, a subchart used twice (once under an
// alias), a subchart switched off by a tag, a library chart and a dependency
// that is not vendored. With the last one removed from Chart.yaml, `helm
// template` v4.1.4 renders exactly these three objects (helm refuses a chart
// with a missing dependency; palisade renders the rest and notes it).
TEST_CASE("Subcharts: values scoping, global, condition, tags, alias, import-values, library charts", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "subchart-global", "subchart-global");
  REQUIRE(chart.diagnostics.size() == 1);
  const Diagnostic& missing = chart.diagnostics[0];
  CHECK(missing.code == GenCode::HelmDependencyMissing);
  CHECK(missing.subject == "not-vendored");
  CHECK(missing.path == "subchart-global/Chart.yaml");
  CHECK(missing.span.start.line == 21);  // its `name:` line

  // The tagged-off chart and the library chart's own manifest are not rendered.
  REQUIRE(chart.resources.size() == 3);
  auto named = [&chart](const std::string& name) -> const Resource& {
    for (const Resource& r : chart.resources) {
      if (r.name == name) return r;
    }
    FAIL("no resource " << name);
    return chart.resources.front();
  };
  const Resource& parent = named("parent");
  CHECK(path(parent.body, {"metadata", "labels", "app"})->asString() == "lib-parent");  // a library define
  CHECK(path(parent.body, {"data", "imported"})->asString() == "from-child");          // import-values child/parent
  CHECK(path(parent.body, {"data", "own"})->asString() == "kept");                     // the parent's own values win
  CHECK(path(parent.body, {"data", "shared"})->asString() == "shared-from-child");     // import-values from exports
  CHECK(path(parent.body, {"data", "childImage"})->asString() == "from-parent");

  const Resource& child = named("child");
  CHECK(child.kind == "Deployment");
  CHECK(path(child.body, {"metadata", "labels", "app"})->asString() == "lib-child");
  CHECK(path(child.body, {"metadata", "labels", "tier"})->asString() == "parent");  // the parent's global wins
  CHECK(path(child.body, {"metadata", "labels", "owner"})->asString() == "child-owner");
  CHECK(path(child.body, {"metadata", "annotations", "template"})->asString() == "parent/charts/child/templates/deployment.yaml");
  CHECK(path(child.body, {"metadata", "annotations", "basePath"})->asString() == "parent/charts/child/templates");
  const Value* pod = path(child.body, {"spec", "template", "spec"});
  REQUIRE(pod != nullptr);
  CHECK(pod->find("containers")->items().at(0).find("image")->asString() == "parent.example.com/from-parent:child-team");

  const Resource& second = named("second");  // the alias is the chart's name
  const Value* container = &path(second.body, {"spec", "template", "spec", "containers"})->items().at(0);
  CHECK(container->find("image")->asString() == "parent.example.com/aliased:child-team");
  // A subchart's value set by the parent: the subchart's template line, the parent's values.yaml line.
  const Value* privileged = path(*container, {"securityContext", "privileged"});
  REQUIRE(privileged != nullptr);
  CHECK(privileged->asBool());
  CHECK(privileged->span().file->path() == "subchart-global/charts/child/templates/deployment.yaml");
  CHECK(privileged->span().start.line == 25);
  REQUIRE(privileged->origin().valid());
  CHECK(privileged->origin().file->path() == "subchart-global/values.yaml");
  CHECK(privileged->origin().start.line == 10);
}

// A value reaches the output through include and toYaml, then nindent: it
// keeps the line that printed it (the helper's, or the action's) and its
// values.yaml or Chart.yaml line as origin, as a value printed directly does.
TEST_CASE("Positions survive include, toYaml and nindent", "[helm][chart]") {
  ChartRender chart = renderChart(kCharts / "web-chart", "web-chart");
  REQUIRE(chart.resources.size() == 3);
  const Resource& deploy = chart.resources[1];
  // `{{- toYaml .Values.podLabels | nindent 8 }}` on deployment.yaml line 12; `tier: frontend` is values.yaml line 11.
  const Value* tier = path(deploy.body, {"spec", "template", "metadata", "labels", "tier"});
  REQUIRE(tier != nullptr);
  CHECK(tier->span().file->path() == "web-chart/templates/deployment.yaml");
  CHECK(tier->span().start.line == 12);
  REQUIRE(tier->origin().valid());
  CHECK(tier->origin().file->path() == "web-chart/values.yaml");
  CHECK(tier->origin().start.line == 11);
  const Value* app = path(deploy.body, {"spec", "template", "metadata", "labels", "app"});
  REQUIRE(app->origin().valid());
  CHECK(app->origin().start.line == 12);
  // `{{- include "web.labels" . | nindent 4 }}`: the helper's line 7 printed the version, from Chart.yaml line 4.
  const Value* version = path(deploy.body, {"metadata", "labels", "app.kubernetes.io/version"});
  REQUIRE(version != nullptr);
  CHECK(version->asString() == "2.0");
  CHECK(version->span().file->path() == "web-chart/templates/_helpers.tpl");
  CHECK(version->span().start.line == 7);
  REQUIRE(version->origin().valid());
  CHECK(version->origin().file->path() == "web-chart/Chart.yaml");
  CHECK(version->origin().start.line == 4);
  // The key copied from the helper's text keeps its line and column there.
  const Member* name_key = path(deploy.body, {"metadata", "labels"})->findMember("app.kubernetes.io/name");
  REQUIRE(name_key != nullptr);
  CHECK(name_key->key_span.file->path() == "web-chart/templates/_helpers.tpl");
  CHECK(name_key->key_span.start.line == 6);
  CHECK(name_key->key_span.start.column == 1);
}

TEST_CASE("tpl sees the defines in its own text, for that call only", "[helm][chart]") {
  CHECK(ok("{{ tpl \"{{ define \\\"x\\\" }}X{{ .nm }}{{ end }}[{{ include \\\"x\\\" . }}]\" . }}", "nm: 1") == "[X1]");
  // A define in tpl text replaces the set's for that call (as Helm's clone of the set does) and no longer.
  CHECK(ok("{{ tpl \"{{ define \\\"name\\\" }}tpl{{ end }}{{ include \\\"name\\\" . }}\" . }} {{ include \"name\" . }}", "nm: a") ==
        "tpl a-x");
}

TEST_CASE("A subchart packed as .tgz is a located note, not a silent skip", "[helm][chart]") {
  palisade::testing::ScratchDir scratch("helm-packed");
  scratch.write("Chart.yaml", "apiVersion: v2\nname: top\nversion: 1.0.0\ndependencies:\n  - name: packed\n    version: 1.0.0\n");
  scratch.write("charts/packed-1.0.0.tgz", "not read");
  scratch.write("templates/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: top\n");
  ChartRender chart = renderChart(scratch.dir, "top");
  REQUIRE(chart.diagnostics.size() == 1);  // not also "not vendored"
  CHECK(chart.diagnostics[0].code == GenCode::HelmUnsupported);
  CHECK(chart.diagnostics[0].path == "top/charts/packed-1.0.0.tgz");
  CHECK(chart.resources.size() == 1);
}

// `include "x" .` hands over the caller's data itself (Go's maps are references;
// not copying it is also most of the include cost): what the helper `set`s,
// the caller sees. `helm template` v4.1.4 prints "seen" for this.
TEST_CASE("include passes the caller's dot by reference, as Go's maps are", "[helm][chart]") {
  HelmRun r = runHelm("{{- define \"setter\" -}}{{ $_ := set . \"fromInclude\" \"seen\" }}{{- end -}}"
                      "{{ include \"setter\" . }}{{ .fromInclude }}|{{ include \"setter\" $ }}{{ $.fromInclude }}");
  CHECK(r.error.empty());
  CHECK(r.text == "seen|seen");
}
