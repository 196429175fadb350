// The Bicep and ARM front ends over the shared corpus: every file is read
// without a crash and within a bounded time, and the grammar's coverage
// (files parsed clean, files with ERROR regions, resources affected) is
// reported. Skipped when ../shared/corpus is absent.
#include <catch2/catch.hpp>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

#include "parsers/arm/arm_reader.h"
#include "parsers/bicep/bicep_reader.h"
#include "parsers/bicep/bicep_recovery.h"
#include "parsers/bicep/bicep_syntax.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

fs::path corpusDir(const char* category) { return fs::path(PALISADE_SOURCE_DIR) / ".." / "shared" / "corpus" / category; }

std::vector<fs::path> filesWith(const fs::path& dir, std::initializer_list<const char*> extensions) {
  std::vector<fs::path> out;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    if (!e.is_regular_file()) continue;
    for (const char* ext : extensions) {
      if (e.path().extension() == ext) out.push_back(fs::canonical(e.path()));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("Bicep corpus: grammar coverage and evaluation without crashes", "[bicep][corpus]") {
  fs::path dir = corpusDir("bicep");
  if (!fs::exists(dir)) {
    WARN("corpus not found: skipped");
    return;
  }
  dir = fs::canonical(dir);
  std::vector<fs::path> files = filesWith(dir, {".bicep", ".bicepparam"});
  REQUIRE(files.size() > 2000);

  std::size_t clean = 0, with_errors = 0, resources = 0, affected = 0, bytes = 0;
  std::vector<std::string> broken;  // valid Bicep: the recovery's lexical pass must find nothing to blank
  auto parse_start = std::chrono::steady_clock::now();
  for (const fs::path& f : files) {
    SourceFile source(f.string(), palisade::testing::readAll(f));
    bytes += source.text().size();
    for (const BrokenBicepDeclaration& b : findBrokenBicepDeclarations(source.text())) {
      broken.push_back(f.string() + ": " + b.what);
    }
    BicepSyntax syntax = parseBicep(source, f.extension() == ".bicepparam", 5.0, 256);
    (syntax.error_regions.empty() ? clean : with_errors)++;
    std::function<void(const std::vector<BicepDeclaration>&)> count = [&](const std::vector<BicepDeclaration>& ds) {
      for (const BicepDeclaration& d : ds) {
        if (d.kind != BicepDeclaration::Kind::Resource) continue;
        ++resources;
        if (d.has_error) ++affected;
        count(d.children);
      }
    };
    count(syntax.declarations);
  }
  double parse_seconds = secondsSince(parse_start);

  auto eval_start = std::chrono::steady_clock::now();
  FileModel model = readBicepFiles(files, ScanRoot{dir}, {});
  double eval_seconds = secondsSince(eval_start);
  std::size_t gen003 = std::count_if(model.diagnostics.begin(), model.diagnostics.end(),
                                     [](const Diagnostic& d) { return d.code == palisade::GenCode::UnsupportedSyntax; });
  WARN("Bicep corpus: " << files.size() << " files, " << bytes << " bytes; parsed clean " << clean << ", with ERROR regions "
                        << with_errors << "; resource declarations " << resources << ", affected " << affected
                        << "; parse-only " << parse_seconds << " s (" << bytes / 1e6 / parse_seconds << " MB/s); end to end "
                        << eval_seconds << " s (" << bytes / 1e6 / eval_seconds << " MB/s); resources " << model.resources.size()
                        << ", diagnostics " << model.diagnostics.size());
  CHECK(with_errors * 100 < files.size());  // under 1% of files hold ERROR regions
  CHECK(gen003 == with_errors);
  std::size_t gen001 = std::count_if(model.diagnostics.begin(), model.diagnostics.end(),
                                     [](const Diagnostic& d) { return d.code == palisade::GenCode::ParseError; });
  CHECK(gen001 == 0);  // every corpus file is valid Bicep
  INFO("declarations the recovery would blank: " << (broken.empty() ? std::string() : broken.front()));
  CHECK(broken.empty());
  CHECK(model.resources.size() > 5000);
  CHECK(model.files.size() >= files.size());
}

TEST_CASE("ARM corpus: every template is read without crashes", "[arm][corpus]") {
  fs::path dir = corpusDir("arm");
  if (!fs::exists(dir)) {
    WARN("corpus not found: skipped");
    return;
  }
  dir = fs::canonical(dir);
  std::vector<fs::path> files = filesWith(dir, {".json"});
  std::size_t templates = 0, resources = 0, gen001 = 0, bytes = 0;
  double slowest = 0;
  auto start = std::chrono::steady_clock::now();
  for (const fs::path& f : files) {
    std::string text = palisade::testing::readAll(f);
    if (!looksLikeArmTemplate(text)) continue;
    ++templates;
    bytes += text.size();
    auto one = std::chrono::steady_clock::now();
    FileModel m = readArmTemplate(f, ScanRoot{dir}, {});
    slowest = std::max(slowest, secondsSince(one));
    resources += m.resources.size();
    gen001 += static_cast<std::size_t>(std::count_if(m.diagnostics.begin(), m.diagnostics.end(),
                                                     [](const Diagnostic& d) { return d.code == palisade::GenCode::ParseError; }));
  }
  double seconds = secondsSince(start);
  WARN("ARM corpus: " << templates << " templates, " << bytes << " bytes, " << resources << " resources, " << gen001
                      << " GEN001; " << seconds << " s (" << bytes / 1e6 / seconds << " MB/s), slowest file " << slowest << " s");
  CHECK(templates == files.size());
  CHECK(resources > 1000);
  CHECK(gen001 < 5);
  CHECK(slowest < 15.0);  // a hang guard, not a speed test: sanitized builds on a loaded 2-core machine take 5 s
}
