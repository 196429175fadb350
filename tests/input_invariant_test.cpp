// The invariant a gate needs: every input palisade recognises and reads
// yields at least one resource or one located diagnostic, so "no findings"
// never means "read nothing". Checked over the shared corpus (skipped when
// absent), the fixtures and the tests' own files; each scan is read only
// (no rules), once.
#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>
#include <thread>

#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {


std::string checkInvariant(const fs::path& dir, std::size_t& inputs_read) {
  ScanRequest request;
  request.paths = {dir.string()};
  request.root = dir;
  request.jobs = std::max(1u, std::thread::hardware_concurrency());
  ScanResult result = readProject(request);
  std::ostringstream problems;
  for (const InputRecord* r : inputsReadToNothing(result)) {
    problems << "  " << dir.filename().string() << "/" << r->path << " (" << inputFormatName(r->format) << ")\n";
  }
  for (const InputRecord& r : result.inputs) {
    if (r.skipped.empty() && r.format != InputFormat::Unrecognised) ++inputs_read;
    // A skipped file is one the report names with its reason. A template the Bicep compiler wrote
    // beside its source is skipped by choice (the source is scanned): the summary names it and why.
    bool compiled_copy = r.skipped.starts_with("compiled by Bicep from ");
    if (!r.skipped.empty() && r.diagnostics == 0 && !compiled_copy) problems << "  " << r.path << " skipped without a diagnostic\n";
  }
  return problems.str();
}

}  // namespace

TEST_CASE("every input read yields a resource or a located diagnostic: fixtures and tests", "[inputs][invariant]") {
  for (const char* folder : {"fixtures", "tests", "examples"}) {
    std::size_t read = 0;
    std::string problems = checkInvariant(fs::canonical(palisade::testing::repoRoot() / folder), read);
    INFO(folder << ": inputs read to nothing:\n" << problems);
    CHECK(problems.empty());
    if (std::string(folder) == "fixtures") CHECK(read > 100);
  }
}

TEST_CASE("every input read yields a resource or a located diagnostic: shared corpus", "[inputs][invariant][corpus]") {
  fs::path corpus = palisade::testing::repoRoot() / ".." / "shared" / "corpus";
  if (!fs::exists(corpus)) {
    WARN("corpus not found: skipped");
    return;
  }
  // One scan per corpus category keeps the model in memory small; Bicep modules stay inside theirs.
  std::size_t read = 0;
  for (const auto& category : fs::directory_iterator(fs::canonical(corpus))) {
    if (!category.is_directory()) continue;
    std::string problems = checkInvariant(category.path(), read);
    INFO(category.path().filename().string() << ": inputs read to nothing:\n" << problems);
    CHECK(problems.empty());
  }
  CHECK(read > 3000);
}
