// The YAML writer: what it writes reads back (with palisade's YAML reader,
// which resolves scalars as Kubernetes' decoder does) as the same data —
// strings that look like other types, keys, multi-line text, nesting — and
// every object the Kustomize builder makes of the fixtures survives the trip.
#include <catch2/catch.hpp>

#include <filesystem>

#include "parsers/kustomize/builder.h"
#include "parsers/yaml/yaml_reader.h"
#include "parsers/yaml/yaml_writer.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

// Writes `v`, reads it back, and says whether the data is the same.
bool roundTrips(const Value& v, std::string* written = nullptr) {
  std::string yaml = writeYaml(v);
  if (written) *written = yaml;
  SourceFile file("written.yaml", yaml);
  YamlReadResult r = readYaml(file, ReadLimits{});
  if (!r.diagnostics.empty() || r.documents.size() != 1) return false;
  return r.documents.front().root.sameContent(v);
}

Value stringsUnder(std::initializer_list<std::string> texts) {
  Value::Object members;
  Value::Array items;
  int n = 0;
  for (const std::string& t : texts) {
    members.push_back(Member{"k" + std::to_string(n++), {}, Value::string(t)});
    items.push_back(Value::string(t));
  }
  members.push_back(Member{"list", {}, Value::array(std::move(items))});
  return Value::object(std::move(members));
}

}  // namespace

TEST_CASE("strings that would read as another type are quoted", "[yaml-writer]") {
  Value v = stringsUnder({"yes", "No", "on", "OFF", "y", "true", "null", "~", "", "0755", "1.5", "1e3", "-1", "+1",
                          ".inf", "0x1F", "a: b", "a:", "#x", "x #y", "- x", "[a]", "{a}", "*ref", "&anchor", "!tag",
                          "|", ">", "@at", "`tick`", "'single'", "\"double\"", " lead", "trail ", "tab\there", "back\\slash",
                          "ünïcode", "nginx:1.25", "app.kubernetes.io/name", "a b c", "%percent", "?q", "a\rb", "del\x7f", "bell\x07"});
  std::string yaml;
  bool same = roundTrips(v, &yaml);
  INFO(yaml);
  CHECK(same);
  // Plain where that is safe, so the output reads like a manifest.
  CHECK(yaml.find("nginx:1.25\n") != std::string::npos);
  CHECK(yaml.find("app.kubernetes.io/name\n") != std::string::npos);
  CHECK(yaml.find("\"yes\"") != std::string::npos);
  CHECK(yaml.find("\"0755\"") != std::string::npos);
}

TEST_CASE("keys, numbers, nulls and empty collections keep their meaning", "[yaml-writer]") {
  Value::Object m;
  m.push_back(Member{"on", {}, Value::boolean(true)});
  m.push_back(Member{"80", {}, Value::integer(8080)});
  m.push_back(Member{"a key", {}, Value::number(0.25)});
  m.push_back(Member{"big", {}, Value::integer(-9007199254740993)});
  m.push_back(Member{"nothing", {}, Value::null()});
  m.push_back(Member{"empty-map", {}, Value::object()});
  m.push_back(Member{"empty-list", {}, Value::array()});
  Value::Array nested;
  nested.push_back(Value::array({Value::integer(1), Value::array({Value::string("deep")})}));
  nested.push_back(Value::object({Member{"x", {}, Value::array({Value::object({Member{"y", {}, Value::boolean(false)}})})}}));
  m.push_back(Member{"nested", {}, Value::array(std::move(nested))});
  CHECK(roundTrips(Value::object(std::move(m))));
}

TEST_CASE("multi-line text is a literal block when that is exact, quoted otherwise", "[yaml-writer]") {
  std::string yaml;
  Value block = stringsUnder({"line one\nline two\n", "no final break\nend", "two breaks\n\n", "gap\n\nafter\n",
                              "  indented first\nx\n", "trailing blank \nx\n", "blank line\n   \nx\n", "\nleading break",
                              "#!/bin/sh\nset -e\n  indented: yes\n"});
  bool same = roundTrips(block, &yaml);
  INFO(yaml);
  CHECK(same);
  CHECK(yaml.find("k0: |\n  line one\n  line two\n") != std::string::npos);
  CHECK(yaml.find("k1: |-\n") != std::string::npos);
  CHECK(yaml.find("k2: |+\n") != std::string::npos);
  CHECK(yaml.find("k8: |\n  #!/bin/sh\n") != std::string::npos);
}

TEST_CASE("every object built from the Kustomize fixtures reads back the same", "[yaml-writer][kustomize]") {
  const fs::path fixtures = fs::weakly_canonical(fs::path(PALISADE_SOURCE_DIR) / "fixtures" / "kustomize");
  std::size_t objects = 0;
  for (const auto& entry : fs::recursive_directory_iterator(fixtures)) {
    if (!entry.is_directory() || kustomize::kustomizationFileIn(entry.path()).empty()) continue;
    kustomize::SourceCache cache(fixtures, ReadLimits{});
    kustomize::BuildResult built = kustomize::build(entry.path(), cache);
    for (const kustomize::BuiltObject& o : built.objects) {
      std::string yaml;
      bool same = roundTrips(o.body, &yaml);
      INFO(entry.path().filename().string() << " " << o.kind() << " " << o.name() << "\n" << yaml);
      CHECK(same);
      ++objects;
    }
  }
  CHECK(objects >= 20);
}
