// The fixture harness's own grammar: `expect:` lists rule ids, each with an
// optional `:column` and a quoted message fragment; a lowercase remark ends
// the list. The closed-world test (fixtures_test.cpp) relies on this reading.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "tests/fixture_expectations.h"

namespace fs = std::filesystem;
using palisade::testing::Expectation;

TEST_CASE("expect markers carry ids, columns and message fragments", "[fixtures][harness]") {
  fs::path file = fs::temp_directory_path() / "palisade-expect-grammar.yaml";
  {
    std::ofstream out(file);
    out << "a: 1 # expect: K8S001\n"
        << "b: 2 # expect: K8S002:13 \"runs privileged\", K8S005\n"
        << "c: 3 // expect: AZR040 (both settings missing: one finding)\n"
        << "d: 4 # expect: GEN002:9 \"duplicate key 'x', again\" K8S002:21\n"
        << "e: 5 # no marker here\n";
  }
  palisade::testing::ExpectationPins pins;
  auto found = palisade::testing::expectationsIn(file, "f.yaml", &pins);
  fs::remove(file);

  CHECK(found == std::set<Expectation>{{"f.yaml", 1, "K8S001"},
                                       {"f.yaml", 2, "K8S002"},
                                       {"f.yaml", 2, "K8S005"},
                                       {"f.yaml", 3, "AZR040"},
                                       {"f.yaml", 4, "GEN002"},
                                       {"f.yaml", 4, "K8S002"}});
  REQUIRE(pins.size() == 3);
  auto privileged = pins.find({"f.yaml", 2, "K8S002"});
  REQUIRE(privileged != pins.end());
  CHECK(privileged->second.column == 13u);
  CHECK(privileged->second.message_fragment == "runs privileged");
  auto duplicate = pins.find({"f.yaml", 4, "GEN002"});
  REQUIRE(duplicate != pins.end());
  CHECK(duplicate->second.message_fragment == "duplicate key 'x', again");
  auto column_only = pins.find({"f.yaml", 4, "K8S002"});
  REQUIRE(column_only != pins.end());
  CHECK(column_only->second.column == 21u);
  CHECK(column_only->second.message_fragment.empty());
}
