// The Go text/template engine under Helm rendering (parsers/helm): each
// construct against the output Go's text/template gives for it, derived from
// Go's documented semantics (text/template, fmt, strconv), plus located
// errors, the limits on runaway templates, and the source position of every
// output byte.
#include <catch2/catch.hpp>

#include <memory>
#include <string>
#include <vector>

#include "parsers/helm/template_exec.h"
#include "parsers/helm/template_format.h"
#include "parsers/yaml/yaml_reader.h"

using namespace palisade;
using namespace palisade::helm;

namespace {

// Keeps the files alive that spans point into.
struct Fixture {
  std::vector<SourceFilePtr> files;
  TemplateSet set;

  Value data(const std::string& yaml_text, const std::string& path = "values.yaml") {
    if (yaml_text.empty()) return Value::object();
    files.push_back(std::make_shared<const SourceFile>(path, yaml_text));
    YamlReadResult r = readYaml(*files.back(), ReadLimits{});
    REQUIRE(r.diagnostics.empty());
    REQUIRE(r.documents.size() == 1);
    return r.documents.front().root;
  }
  std::optional<TemplateError> add(const std::string& name, const std::string& text) {
    files.push_back(std::make_shared<const SourceFile>(name, text));
    return set.add(files.back(), name);
  }
};

struct Outcome {
  std::string text;
  std::string error;  // empty when it rendered
  uint32_t error_line = 0;
  uint32_t error_column = 0;
};

Outcome run(const std::string& tmpl, const std::string& yaml = "", ExecOptions options = {}) {
  Fixture f;
  Value data = f.data(yaml);
  Outcome out;
  if (auto error = f.add("t.tpl", tmpl)) {
    out.error = error->message;
    out.error_line = error->span.start.line;
    out.error_column = error->span.start.column;
    return out;
  }
  ExecResult r = executeTemplate(f.set, "t.tpl", data, options);
  out.text = r.output.text;
  if (r.error) {
    out.error = r.error->message;
    out.error_line = r.error->span.start.line;
    out.error_column = r.error->span.start.column;
  }
  return out;
}

std::string render(const std::string& tmpl, const std::string& yaml = "") {
  Outcome o = run(tmpl, yaml);
  INFO("template: " << tmpl << "\nerror: " << o.error);
  REQUIRE(o.error.empty());
  return o.text;
}

std::string failure(const std::string& tmpl, const std::string& yaml = "", ExecOptions options = {}) {
  Outcome o = run(tmpl, yaml, options);
  INFO("template: " << tmpl << "\noutput: " << o.text);
  REQUIRE(!o.error.empty());
  return o.error;
}

const char* kData = R"(a: {b: hi}
l: [a, b, c]
m: {b: 2, a: 1}
nm: z
s: str
)";

}  // namespace

TEST_CASE("text/template: text and actions print values as fmt's %v does", "[helm][template]") {
  CHECK(render("plain text\n") == "plain text\n");
  CHECK(render("{{.a.b}}", kData) == "hi");
  CHECK(render("{{.l}}", kData) == "[a b c]");
  CHECK(render("{{.m}}", kData) == "map[a:1 b:2]");  // keys sorted
  CHECK(render("{{.a}}", kData) == "map[b:hi]");
  CHECK(render("{{true}} {{false}} {{42}} {{-7}} {{\"s\"}}") == "true false 42 -7 s");
  CHECK(render("{{1.5}} {{3.0}} {{0.0001}} {{0.00001}} {{123456.0}} {{1000000.0}} {{1234567.0}}") ==
        "1.5 3 0.0001 1e-05 123456 1e+06 1.234567e+06");
  CHECK(render("{{0x1F}} {{0o17}} {{017}} {{0b101}} {{1_000}} {{1e3}} {{'a'}} {{'\\n'}}") == "31 15 15 5 1000 1000 97 10");
  CHECK(render("{{`raw\\n`}}|{{\"tab\\there\\u00e9\"}}") == "raw\\n|tab\there\xC3\xA9");
}

TEST_CASE("text/template: a missing key prints <no value>, as set by missingkey", "[helm][template]") {
  CHECK(render("[{{.missing}}]", kData) == "[<no value>]");
  // Go's default: a field of no value is no value.
  CHECK(render("[{{.missing.deeper}}]", kData) == "[<no value>]");
  ExecOptions zero;
  zero.missing_key = ExecOptions::MissingKey::Zero;  // Helm's setting
  CHECK(failure("{{.missing.deeper}}", kData, zero) == "nil pointer evaluating interface {}.deeper");
  ExecOptions strict;
  strict.missing_key = ExecOptions::MissingKey::Error;
  CHECK(failure("{{.missing}}", kData, strict) == "map has no entry for key \"missing\"");
  ExecOptions helm_text;
  helm_text.no_value = "";
  Fixture f;
  REQUIRE(!f.add("x", "[{{.missing}}]"));
  CHECK(executeTemplate(f.set, "x", f.data(kData), helm_text).output.text == "[]");
  CHECK(failure("{{.s.x}}", kData) == "can't evaluate field x in type string");
  CHECK(failure("{{.m.a 1}}", kData) == "a is not a method but has arguments");
  CHECK(failure("{{nil}}") == "nil is not a command");
}

TEST_CASE("text/template: {{- and -}} trim the whitespace beside an action", "[helm][template]") {
  CHECK(render("a  {{- 1 -}}  b") == "a1b");
  CHECK(render("a \n\t {{- 1 }} b") == "a1 b");
  CHECK(render("a {{ 1 -}} \n\n b") == "a 1b");
  CHECK(render("line1\n{{- /* a comment */ -}}\nline2") == "line1line2");
  CHECK(render("a{{/* comment */}}b") == "ab");
  // Without a space after it, '-' is a negative number, not a trim marker.
  CHECK(render("x {{-3}}") == "x -3");
  CHECK(render("x {{- 3}}") == "x3");
  // Trimming across lines of a typical chart template.
  CHECK(render("metadata:\n  labels:\n    {{- range $k, $v := .m }}\n    {{ $k }}: {{ $v }}\n    {{- end }}\n", kData) ==
        "metadata:\n  labels:\n    a: 1\n    b: 2\n");
}

TEST_CASE("text/template: variables, assignment and $", "[helm][template]") {
  CHECK(render("{{$x := 1}}{{$x}}{{$x = 2}}{{$x}}") == "12");
  CHECK(render("{{range .l}}{{$.nm}}{{end}}", kData) == "zzz");
  // Assignment reaches the variable declared outside the range.
  CHECK(render("{{$x := 0}}{{range .l}}{{$x = .}}{{end}}{{$x}}", kData) == "c");
  CHECK(render("{{with .a}}{{.b}}{{$.nm}}{{end}}", kData) == "hiz");
  CHECK(render("{{$v := .a}}{{$v.b}}", kData) == "hi");
  CHECK(failure("{{if true}}{{$y := 1}}{{end}}{{$y}}") == "undefined variable \"$y\"");
  CHECK(failure("{{$undeclared = 1}}") == "undefined variable \"$undeclared\"");
  CHECK(failure("{{$x := 1}}{{$x 2}}") == "can't give argument to non-function $x");
}

TEST_CASE("text/template: if, else if, else and Go's truthiness", "[helm][template]") {
  const std::string t = "{{if .a}}A{{else if .b}}B{{else}}C{{end}}";
  CHECK(render(t, "{a: true, b: true}") == "A");
  CHECK(render(t, "{a: false, b: 1}") == "B");
  CHECK(render(t, "{a: 0, b: ''}") == "C");
  // Empty values are false: false, 0, 0.0, "", [], {}, null, missing.
  for (const char* empty : {"false", "0", "0.0", "''", "[]", "{}", "null"}) {
    CHECK(render("{{if .v}}yes{{else}}no{{end}}", std::string("v: ") + empty) == "no");
  }
  for (const char* full : {"true", "1", "0.5", "x", "[0]", "{k: 0}"}) {
    CHECK(render("{{if .v}}yes{{else}}no{{end}}", std::string("v: ") + full) == "yes");
  }
  CHECK(render("{{if .missing}}yes{{else}}no{{end}}", kData) == "no");
  CHECK(render("{{if $x := .nm}}{{$x}}{{else}}{{$x}}!{{end}}", kData) == "z");
}

TEST_CASE("text/template: with, else with, else", "[helm][template]") {
  CHECK(render("{{with .a}}{{.b}}{{else}}none{{end}}", kData) == "hi");
  CHECK(render("{{with .missing}}{{.}}{{else}}none{{end}}", kData) == "none");
  CHECK(render("{{with .missing}}A{{else with .nm}}{{.}}{{else}}C{{end}}", kData) == "z");
  CHECK(render("{{with $x := .nm}}{{$x}}{{.}}{{end}}", kData) == "zz");
}

TEST_CASE("text/template: range over lists, maps (sorted keys) and integers", "[helm][template]") {
  CHECK(render("{{range $i, $v := .l}}{{$i}}={{$v}};{{end}}", kData) == "0=a;1=b;2=c;");
  CHECK(render("{{range $v := .l}}{{$v}}{{end}}", kData) == "abc");
  CHECK(render("{{range .l}}{{.}}{{end}}", kData) == "abc");
  CHECK(render("{{range $k, $v := .}}{{$k}}={{$v}} {{end}}", "zeta: 1\nalpha: 2\nmid: 3\n") == "alpha=2 mid=3 zeta=1 ");
  CHECK(render("{{range .l}}x{{else}}empty{{end}}", "l: []") == "empty");
  CHECK(render("{{range .missing}}x{{else}}empty{{end}}", kData) == "empty");
  CHECK(render("{{range 3}}{{.}}{{end}}") == "012");
  CHECK(render("{{range .l}}{{if eq . 2}}{{continue}}{{end}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", "l: [1, 2, 3, 4, 5]") ==
        "13");
  CHECK(failure("{{range .nm}}x{{end}}", kData) == "range can't iterate over z");
  CHECK(failure("{{break}}") == "{{break}} outside {{range}}");
}

TEST_CASE("text/template: define, template and block", "[helm][template]") {
  CHECK(render("{{define \"t\"}}[{{.}}]{{end}}{{template \"t\" \"x\"}}{{template \"t\"}}") == "[x][<no value>]");
  CHECK(render("{{block \"b\" .nm}}default {{.}}{{end}}", kData) == "default z");
  // A named template sees its argument as both . and $.
  CHECK(render("{{define \"t\"}}{{$.b}}{{end}}{{template \"t\" .a}}", kData) == "hi");
  CHECK(failure("{{template \"nope\"}}") == "no such template \"nope\"");
  // A later definition replaces an earlier one, but an empty one does not.
  Fixture f;
  REQUIRE(!f.add("one", "{{define \"x\"}}first{{end}}"));
  REQUIRE(!f.add("two", "{{define \"x\"}}  {{end}}{{template \"x\"}}"));
  CHECK(executeTemplate(f.set, "two", Value::null()).output.text == "first");
  REQUIRE(!f.add("three", "{{define \"x\"}}third{{end}}"));
  CHECK(executeTemplate(f.set, "two", Value::null()).output.text == "third");
}

TEST_CASE("text/template: and and or return an operand and stop early", "[helm][template]") {
  CHECK(render("{{and 1 0 2}}") == "0");
  CHECK(render("{{and 1 2}}") == "2");
  CHECK(render("{{or 0 \"\" \"x\"}}") == "x");
  CHECK(render("[{{or 0 \"\"}}]") == "[]");
  CHECK(render("{{or .missing .nm}}", kData) == "z");
  // The operand after the deciding one is not evaluated (it would fail).
  CHECK(render("{{and 0 (len 3)}}") == "0");
  CHECK(render("{{or 1 (len 3)}}") == "1");
  CHECK(failure("{{and 1 (len 3)}}") == "error calling len: len of type int");
  // Piped: the previous value is the last operand.
  CHECK(render("{{0 | or 5}}") == "5");
}

TEST_CASE("text/template: comparison functions with Go's rules", "[helm][template]") {
  CHECK(render("{{eq 2 1 2 3}} {{eq 2 1 3}} {{eq \"a\" \"a\"}} {{eq true false}}") == "true false true false");
  CHECK(render("{{ne 1 2}} {{lt 1 2}} {{le 2 2}} {{gt 1 2}} {{ge \"b\" \"a\"}} {{lt 1.5 2.5}}") == "true true true false true true");
  CHECK(render("{{eq .missing 1}} {{eq .missing .absent}}", kData) == "false true");
  CHECK(failure("{{eq 1 1.0}}") == "error calling eq: incompatible types for comparison");
  CHECK(failure("{{lt true false}}") == "error calling lt: invalid type for comparison");
  CHECK(failure("{{lt 1 \"a\"}}") == "error calling lt: incompatible types for comparison");
  CHECK(failure("{{eq .l .l}}", kData).find("non-comparable type") != std::string::npos);
  CHECK(failure("{{eq 1}}") == "error calling eq: missing argument for comparison");
}

TEST_CASE("text/template: not, len, index, slice", "[helm][template]") {
  CHECK(render("{{not 0}} {{not \"x\"}}") == "true false");
  CHECK(render("{{len \"h\xC3\xA9\"}} {{len .l}} {{len .m}}", kData) == "3 3 2");
  CHECK(render("{{index .l 1}} {{index .m \"a\"}} {{index .a \"b\"}} [{{index .m \"zz\"}}]", kData) == "b 1 hi [<no value>]");
  CHECK(render("{{index .nested 0 1}}", "nested: [[x, w]]") == "w");
  CHECK(render("{{index \"abc\" 1}}") == "98");
  CHECK(failure("{{index .l 5}}", kData) == "error calling index: index out of range: 5");
  CHECK(failure("{{index .m 1}}", kData) == "error calling index: value has type int; should be string");
  CHECK(render("{{slice \"hello\" 1 3}} {{slice .l 1}} {{slice .l 0 2}} {{slice .l}}", kData) == "el [b c] [a b] [a b c]");
  CHECK(failure("{{slice .l 2 1}}", kData) == "error calling slice: invalid slice index: 2 > 1");
  CHECK(failure("{{len 3}}") == "error calling len: len of type int");
}

TEST_CASE("text/template: print, println and printf with Go's verbs", "[helm][template]") {
  CHECK(render("{{print 1 2 \"a\" 3 \"b\" \"c\"}}") == "1 2a3bc");
  CHECK(render("{{println 1 \"a\"}}") == "1 a\n");
  CHECK(render("{{printf \"%s-%d-%v-%q-%t-%x-%X\" \"a\" 42 1.5 \"q\\\"\" true 255 \"hi\"}}") == "a-42-1.5-\"q\\\"\"-true-ff-6869");
  CHECK(render("{{printf \"%5d|%-5s|%05.1f|%x|%#x|%+d|%%\" 3 \"ab\" 3.14159 -255 255 5}}") == "    3|ab   |003.1|-ff|0xff|+5|%");
  CHECK(render("{{printf \"%d\" \"x\"}}") == "%!d(string=x)");
  CHECK(render("{{printf \"%s\"}}") == "%!s(MISSING)");
  CHECK(render("{{printf \"%s\" \"a\" 1}}") == "a%!(EXTRA int=1)");
  CHECK(render("{{printf \"%s\" 1}}") == "%!s(int=1)");
  CHECK(render("{{printf \"%v|%v|%s\" .l .m .l}}", kData) == "[a b c]|map[a:1 b:2]|[a b c]");
  CHECK(render("{{printf \"%e|%g|%g|%.2e|%G\" 1234.5678 0.00001 100000.0 1234.5678 1e21}}") ==
        "1.234568e+03|1e-05|100000|1.23e+03|1E+21");
  CHECK(render("{{printf \"%c|%q|%U|%o|%b|%08.3f\" 65 65 65 8 5 -3.14159}}") == "A|'A'|U+0041|10|101|-003.142");
  CHECK(render("{{printf \"%v %d\" .missing 1}}", kData) == "<nil> 1");
  CHECK(render("{{printf \"%q\" \"tab\\there\\x01\"}}") == "\"tab\\there\\x01\"");
  CHECK(render("{{printf \"%.2s|%6.2f|%-4d|\" \"abc\" 1.5 7}}") == "ab|  1.50|7   |");
  CHECK(render("{{printf \"%T %T %T %T\" 1 1.5 \"s\" .l}}", kData) == "int float64 string []interface {}");
}

TEST_CASE("text/template: pipelines pass the value as the last argument", "[helm][template]") {
  CHECK(render("{{\"x\" | printf \"%s-%s\" \"y\"}}") == "y-x");
  CHECK(render("{{.l | len}}", kData) == "3");
  CHECK(render("{{.nm | printf \"%s!\" | printf \"<%s>\"}}", kData) == "<z!>");
  CHECK(render("{{(index .objs 0).name}}", "objs: [{name: first}]") == "first");
  CHECK(render("{{html \"<a&b>\"}} {{urlquery \"a b&c\"}} {{js \"it's\"}}") == "&lt;a&amp;b&gt; a+b%26c it\\'s");
}

TEST_CASE("text/template: parse errors are located and never crash", "[helm][template]") {
  Outcome o = run("line one\n  {{if .a}}x\n");
  CHECK(o.error.find("has no {{end}}") != std::string::npos);
  CHECK(o.error_line == 2);
  CHECK(o.error_column == 3);

  o = run("ok\nok {{ .a | }}");
  CHECK(o.error == "missing command after |");
  CHECK(o.error_line == 2);

  o = run("{{ nosuchfn 1 }}");
  CHECK(o.error == "function \"nosuchfn\" not defined");
  CHECK(o.error_column == 4);

  CHECK(run("{{end}}").error == "unexpected {{end}}");
  CHECK(run("{{else}}").error == "unexpected {{else}}");
  CHECK(run("a {{ .b ").error == "unclosed action");
  CHECK(run("{{\"abc}}").error == "unterminated quoted string");
  CHECK(run("{{/* c */ x}}").error == "comment ends before closing delimiter");
  CHECK(run("{{ .a \"x\" | 3 }}").error == "non executable command in pipeline stage 2");
  CHECK(run("{{if 1}}{{else}}{{else}}{{end}}").error.find("expected end") != std::string::npos);
  CHECK(run("{{ 1.a }}").error.find("bad number syntax") != std::string::npos);
  CHECK(run("{{ (1 }}").error == "unclosed left paren");
  CHECK(run("{{ 1) }}").error == "unexpected right paren");
  CHECK(run("{{ define \"x\" }}{{ define \"y\" }}{{ end }}{{ end }}").error == "unexpected define: not at top level");
  std::string deep;
  for (int i = 0; i < 300; ++i) deep += "{{if 1}}";
  CHECK(run(deep).error.find("nesting deeper than") != std::string::npos);
}

TEST_CASE("text/template: recursion and runaway templates stop at a stated limit", "[helm][template]") {
  Outcome o = run("{{define \"r\"}}{{template \"r\" .}}{{end}}\n{{template \"r\" .}}");
  CHECK(o.error.find("template nesting exceeds 1000 levels") != std::string::npos);
  CHECK(o.error_line == 1);

  ExecOptions small;
  small.limits.max_steps = 100000;
  o = run("{{define \"r\"}}{{if lt (len .) 40}}{{template \"r\" (print . \"a\")}}{{template \"r\" (print . \"b\")}}{{end}}{{end}}"
          "{{template \"r\" \"\"}}",
          "", small);
  CHECK(o.error.find("exceeds 100000 steps") != std::string::npos);

  ExecOptions tiny_output;
  tiny_output.limits.max_output = 1000;
  o = run("{{range 2000}}x{{end}}", "", tiny_output);
  CHECK(o.error == "template output exceeds 1000 bytes");
}

TEST_CASE("text/template: every output byte knows the template line that wrote it", "[helm][template]") {
  Fixture f;
  Value data = f.data("image:\n  tag: v1\nreplicas: 3\n", "values.yaml");
  REQUIRE(!f.add("_helpers.tpl", "{{- define \"labels\" -}}\napp: web\n{{- end }}\n"));
  REQUIRE(!f.add("deploy.yaml", "kind: Deployment\nreplicas: {{ .replicas }}\nlabels:\n  {{- template \"labels\" }}\nimage: x:{{ .image.tag }}\n"));
  ExecResult r = executeTemplate(f.set, "deploy.yaml", data);
  REQUIRE(!r.error);
  CHECK(r.output.text == "kind: Deployment\nreplicas: 3\nlabels:app: web\nimage: x:v1\n");
  auto at = [&](const std::string& needle) { return static_cast<uint32_t>(r.output.text.find(needle)); };

  // Copied text: the exact line and column.
  Position p = r.output.sourcePositionAt(at("labels"));
  CHECK(p.line == 3);
  CHECK(p.column == 1);
  // A printed value: the action's line, and the values.yaml line it came from.
  const OutputPiece* piece = r.output.pieceAt(at("3\n"));
  REQUIRE(piece != nullptr);
  CHECK(piece->source.file->path() == "deploy.yaml");
  CHECK(piece->source.start.line == 2);
  REQUIRE(piece->value.valid());
  CHECK(piece->value.file->path() == "values.yaml");
  CHECK(piece->value.start.line == 3);
  piece = r.output.pieceAt(at("v1"));
  REQUIRE(piece != nullptr);
  CHECK(piece->value.start.line == 2);
  // Text of a called template: the file and line of the define.
  piece = r.output.pieceAt(at("app: web"));
  REQUIRE(piece != nullptr);
  CHECK(piece->source.file->path() == "_helpers.tpl");
  CHECK(r.output.sourcePositionAt(at("app: web")).line == 2);
  // The pieces cover the output without gaps.
  uint32_t covered = 0;
  for (const OutputPiece& q : r.output.pieces) {
    CHECK(q.begin == covered);
    covered = q.end;
  }
  CHECK(covered == r.output.text.size());
}

TEST_CASE("Go formatting helpers match strconv and fmt", "[helm][template]") {
  CHECK(goFloatString(0.1) == "0.1");
  CHECK(goFloatString(-2.5e-7) == "-2.5e-07");
  CHECK(goFloatString(1e20) == "1e+20");
  CHECK(goFloatString(999999.0) == "999999");
  CHECK(goQuote("a\"b\\c\n\x7f\xC3\xA9") == "\"a\\\"b\\\\c\\n\\x7f\xC3\xA9\"");
  CHECK(goQuote("\xff") == "\"\\xff\"");
  CHECK(goSprintf("%5.1f|%-6v|%06d", {Value::number(2.25), Value::boolean(true), Value::integer(-42)}) == "  2.2|true  |-00042");
}
