// The YAML reader: located values, the YAML features libyaml leaves to us,
// limits, and recovery after a broken document.
#include <catch2/catch.hpp>

#include <string>

#include "parsers/yaml/yaml_reader.h"

using palisade::readYaml;
using palisade::ReadLimits;
using palisade::SourceFile;
using palisade::Value;

namespace {

struct Read {
  SourceFile file;
  palisade::YamlReadResult result;
  explicit Read(std::string text, ReadLimits limits = {}) : file("t.yaml", std::move(text)), result(readYaml(file, limits)) {}
  const Value& doc(std::size_t i = 0) const { return result.documents.at(i).root; }
};

}  // namespace

TEST_CASE("scalars are located at their line and column", "[yaml]") {
  Read r("a: 1\nlist:\n  - name: web\n    image: \"nginx:1.25\"\n");
  const Value& image = *r.doc().find("list")->items()[0].find("image");
  REQUIRE(image.asString() == "nginx:1.25");
  CHECK(image.span().start.line == 4);
  CHECK(image.span().start.column == 12);
  CHECK(image.span().stop.column == 24);  // after the closing quote
  const Value& a = *r.doc().find("a");
  CHECK(a.isInt());
  CHECK(a.asInt() == 1);
  CHECK(a.span().start.line == 1);
  CHECK(a.span().start.column == 4);
}

TEST_CASE("plain scalars resolve like Kubernetes' decoder, quoted ones stay strings", "[yaml]") {
  Read r("a: true\nb: \"true\"\nc: yes\nd: 0x1F\ne: 1.5\nf: ~\ng: 08080\nh: 'null'\ni: 0755\nj: 0o17\nk: 0\n");
  CHECK(r.doc().find("a")->isBool());
  CHECK(r.doc().find("b")->isString());
  CHECK(r.doc().find("c")->asBool());
  CHECK(r.doc().find("d")->asInt() == 31);
  CHECK(r.doc().find("e")->asNumber() == 1.5);
  CHECK(r.doc().find("f")->isNull());
  CHECK(r.doc().find("h")->isString());
  CHECK(r.doc().find("i")->asInt() == 493);  // YAML 1.1 octal: a file mode as the API server reads it
  CHECK(r.doc().find("j")->asInt() == 15);
  CHECK(r.doc().find("k")->asInt() == 0);
  CHECK(r.doc().find("g")->asInt() == 8080);  // not octal: an 8 in it
}

TEST_CASE("multi-document streams keep every document and its position", "[yaml]") {
  Read r("a: 1\n---\nb: 2\n---\n---\nc: 3\n");
  REQUIRE(r.result.documents.size() == 4);
  CHECK(r.doc(1).find("b")->span().start.line == 3);
  CHECK(r.doc(2).isNull());
  CHECK(r.doc(3).find("c")->span().start.line == 6);
}

TEST_CASE("a broken document is reported at its line and the next ones are still read", "[yaml]") {
  Read r("a: 1\n---\nb: [1, 2\n---\nc: 3\n");
  REQUIRE(r.result.diagnostics.size() == 1);
  CHECK(r.result.diagnostics[0].code == palisade::GenCode::ParseError);
  CHECK(r.result.diagnostics[0].span.start.line >= 3);
  CHECK(r.result.diagnostics[0].span.start.line <= 4);
  REQUIRE(r.result.documents.size() == 2);
  CHECK(r.result.documents[1].root.find("c")->asInt() == 3);
  CHECK(r.result.documents[1].index == 2);
}

TEST_CASE("a tab-indented mapping is an error at the right place", "[yaml]") {
  Read r("a:\n\tb: 1\n");
  REQUIRE(!r.result.diagnostics.empty());
  CHECK(r.result.diagnostics[0].span.start.line == 2);
}

TEST_CASE("duplicate keys are reported and the last value wins", "[yaml]") {
  Read r("a: 1\nb: 2\na: 3\n");
  REQUIRE(r.result.diagnostics.size() == 1);
  CHECK(r.result.diagnostics[0].code == palisade::GenCode::DuplicateKey);
  CHECK(r.result.diagnostics[0].span.start.line == 3);
  CHECK(r.doc().find("a")->asInt() == 3);
  CHECK(r.doc().members().size() == 2);
}

TEST_CASE("anchors, aliases and merge keys", "[yaml]") {
  Read r("base: &b {x: 1, y: 2}\nuse:\n  <<: *b\n  y: 5\nlist: &l [1, 2]\ncopy: *l\n");
  const Value& use = *r.doc().find("use");
  CHECK(use.find("x")->asInt() == 1);
  CHECK(use.find("y")->asInt() == 5);  // explicit keys win over merged ones
  CHECK(use.find("<<") == nullptr);
  CHECK(r.doc().find("copy")->items().size() == 2);
  CHECK(r.result.diagnostics.empty());
}

TEST_CASE("an alias bomb is an error, not an out-of-memory", "[yaml][limits]") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  char prev = 'a';
  for (char c = 'b'; c <= 'k'; ++c) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) bomb += std::string(i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = c;
  }
  bomb += "---\nok: 1\n";
  ReadLimits limits;
  limits.max_alias_expansion = 100000;
  Read r(bomb, limits);
  REQUIRE(!r.result.diagnostics.empty());
  CHECK(r.result.diagnostics[0].message.find("alias") != std::string::npos);
  // The document after the bomb is still read.
  REQUIRE(!r.result.documents.empty());
  CHECK(r.result.documents.back().root.find("ok") != nullptr);
}

TEST_CASE("nesting beyond the depth limit is an error", "[yaml][limits]") {
  std::string deep(1000, '[');
  deep += std::string(1000, ']');
  ReadLimits limits;
  limits.max_depth = 64;
  Read r(deep + "\n", limits);
  REQUIRE(!r.result.diagnostics.empty());
  CHECK(r.result.diagnostics[0].message.find("nesting") != std::string::npos);
}

TEST_CASE("a BOM and CRLF line ends keep lines and columns right", "[yaml]") {
  Read r("\xEF\xBB\xBF" "a: 1\r\nb: x\r\n");
  REQUIRE(r.result.diagnostics.empty());
  CHECK(r.doc().find("a")->span().start.line == 1);
  CHECK(r.doc().find("b")->span().start.line == 2);
  CHECK(r.doc().find("b")->span().start.column == 4);
  CHECK(r.doc().find("b")->asString() == "x");
}

TEST_CASE("an empty file and a comment-only file have no documents or errors", "[yaml]") {
  CHECK(Read("").result.documents.empty());
  Read comments("# nothing here\n");
  CHECK(comments.result.diagnostics.empty());
}

TEST_CASE("input on which the old parser made no progress is an error, not endless documents", "[yaml][limits]") {
  // Found by fuzzing: yaml-cpp, the parser before libyaml, yielded empty documents forever on `,v`.
  Read r(",v");
  REQUIRE(!r.result.diagnostics.empty());
  CHECK(r.result.diagnostics[0].code == palisade::GenCode::ParseError);
  CHECK(r.result.documents.size() < 100);
}

TEST_CASE("an alias to no anchor is an error in its document only", "[yaml]") {
  Read r("a: *nope\n---\nb: 1\n");
  REQUIRE(r.result.diagnostics.size() == 1);
  CHECK(r.result.diagnostics[0].code == palisade::GenCode::ParseError);
  CHECK(r.result.diagnostics[0].message.find("*nope") != std::string::npos);
  CHECK(r.result.diagnostics[0].span.start.column == 4);
  REQUIRE(r.result.documents.size() == 1);
  CHECK(r.result.documents[0].index == 1);
}

TEST_CASE("a key that never finds its ':' is reported on its own line", "[yaml]") {
  Read r("a: 1\nb\nc: 2\n");
  REQUIRE(r.result.diagnostics.size() == 1);
  CHECK(r.result.diagnostics[0].span.start.line == 2);
  CHECK(r.result.diagnostics[0].message.find("':'") != std::string::npos);
}

TEST_CASE("a control character breaks only the document that holds it", "[yaml]") {
  // libyaml decodes ahead of its parser, so the error surfaces while an
  // earlier, sound document (here a 30 KB one) is still being read.
  Read r("a: 1\n---\nb: " + std::string(30000, 'x') + "\n---\nc: \x01\n---\nd: 4\n");
  REQUIRE(r.result.diagnostics.size() == 1);
  CHECK(r.result.diagnostics[0].span.start.line == 5);
  CHECK(r.result.diagnostics[0].message.find("control characters") != std::string::npos);
  REQUIRE(r.result.documents.size() == 3);
  CHECK(r.result.documents[1].root.find("b")->asString().size() == 30000);
  CHECK(r.result.documents[2].index == 3);
  CHECK(r.result.documents[2].root.find("d")->asInt() == 4);
}

TEST_CASE("invalid UTF-8 is read as '?' with every offset kept", "[yaml]") {
  Read r("a: bad\xff\xfe\nb: ok\n");
  CHECK(r.result.diagnostics.empty());
  CHECK(r.doc().find("a")->asString() == "bad??");
  CHECK(r.doc().find("b")->span().start.line == 2);
  CHECK(r.doc().find("b")->span().start.column == 4);
}

TEST_CASE("columns are bytes after multi-byte characters", "[yaml]") {
  Read r("k: \xC3\xA9t\xC3\xA9\nv: [1, \"\xE2\x82\xAC\", x]\n");
  const Value& k = *r.doc().find("k");
  CHECK(k.asString() == "\xC3\xA9t\xC3\xA9");
  CHECK(k.span().stop.column == 9);
  const Value& x = r.doc().find("v")->items().at(2);
  CHECK(x.asString() == "x");
  CHECK(x.span().start.column == 15);
}

TEST_CASE("block scalars end on their last line, anchored nodes begin at their content", "[yaml]") {
  Read r("a: |\n  one\n  two\n\nb: &x\n  c: 1\n");
  const Value& a = *r.doc().find("a");
  CHECK(a.asString() == "one\ntwo\n");
  CHECK(a.span().stop.line == 3);
  CHECK(a.span().stop.column == 6);
  const Value& b = *r.doc().find("b");
  CHECK(b.span().start.line == 6);
  CHECK(b.span().start.column == 3);
}

TEST_CASE("duplicate and merged keys in large mappings", "[yaml]") {
  std::string text = "base: &b {m1: 1, k3: 0}\nbig:\n  <<: *b\n";
  for (int i = 0; i < 40; ++i) text += "  k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "  k7: again\n";
  Read r(text);
  REQUIRE(r.result.diagnostics.size() == 1);
  CHECK(r.result.diagnostics[0].code == palisade::GenCode::DuplicateKey);
  CHECK(r.result.diagnostics[0].span.start.line == 44);
  const Value& big = *r.doc().find("big");
  CHECK(big.members().size() == 41);
  CHECK(big.find("k7")->asString() == "again");
  CHECK(big.find("k3")->asInt() == 3);
  CHECK(big.find("m1")->asInt() == 1);
}
