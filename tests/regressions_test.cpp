// Inputs that once crashed or hung a reader (most found by fuzz/run). Each
// must now be read to the end — findings or diagnostics, but no crash, no
// exception and no hang.
#include <catch2/catch.hpp>

#include <filesystem>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

TEST_CASE("every regression input is scanned to the end", "[regressions]") {
  palisade::RuleSet rules = palisade::testing::builtinRules();
  const fs::path root = fs::path(PALISADE_SOURCE_DIR) / "tests" / "regressions";
  std::size_t inputs = 0;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    if (!entry.is_regular_file()) continue;
    ++inputs;
    DYNAMIC_SECTION(entry.path().filename().string()) {
      palisade::ScanRequest request;
      request.paths = {entry.path().string()};
      request.root = root;
      palisade::ScanResult result;
      REQUIRE_NOTHROW(result = palisade::runScan(request, rules));
      CHECK(result.files_scanned >= 1);
    }
  }
  CHECK(inputs >= 2);
}
