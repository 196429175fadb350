// Differential test of palisade's Kustomize builder against kubectl's: every
// build root listed in ../shared/corpus/kustomize/ROOTS.txt and
// fixtures/kustomize/ROOTS.txt is built by both, and the objects compared as
// data (order between objects ignored, order inside lists kept). kubectl comes
// from the pinned npm package unpacked by scripts/setup (.tools/kubectl), or
// the PATH; without one the test is skipped (exit 77), except in CI, where it fails.
// Each built object is also printed as `palisade kustomize build` prints it
// and read back: the YAML must hold the same data.
//
// usage: kustomize_differential SOURCE_DIR [--max-differing N] [--kubectl-cache DIR] [--verbose] [ROOT...]
#include <fmt/format.h>

#include <array>
#include <atomic>
#include <thread>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <algorithm>
#include <string>
#include <vector>

#include "parsers/kustomize/builder.h"
#include "tests/external_command.h"
#include "parsers/yaml/yaml_reader.h"
#include "parsers/yaml/yaml_writer.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

using testing::shellQuote;
using Run = testing::CommandRun;
Run run(const std::string& command) { return testing::runCommand(command); }

std::string identity(const Value& v) {
  auto s = [&](std::initializer_list<const char*> path) {
    const Value* node = &v;
    for (const char* key : path) {
      node = node->find(key);
      if (!node) return std::string();
    }
    return node->isString() ? node->asString() : std::string();
  };
  return fmt::format("{} {}/{}", s({"kind"}), s({"metadata", "namespace"}), s({"metadata", "name"}));
}

// Where two values first differ, as a path.
std::string firstDifference(const Value& a, const Value& b, const std::string& path) {
  if (a.sameContent(b)) return "";
  if (a.isObject() && b.isObject()) {
    for (const Member& m : a.members()) {
      const Value* o = b.find(m.key);
      if (!o) return fmt::format("{}.{} only in kubectl's", path, m.key);
      std::string d = firstDifference(m.value, *o, path + "." + m.key);
      if (!d.empty()) return d;
    }
    for (const Member& m : b.members()) {
      if (!a.find(m.key)) return fmt::format("{}.{} only in palisade's", path, m.key);
    }
  }
  if (a.isArray() && b.isArray() && a.items().size() == b.items().size()) {
    for (std::size_t i = 0; i < a.items().size(); ++i) {
      std::string d = firstDifference(a.items()[i], b.items()[i], fmt::format("{}[{}]", path, i));
      if (!d.empty()) return d;
    }
  }
  std::string left = a.toDisplayString(), right = b.toDisplayString();
  if (left.size() > 160) left = left.substr(0, 160) + "...";
  if (right.size() > 160) right = right.substr(0, 160) + "...";
  return fmt::format("{}: kubectl {} / palisade {}", path, left, right);
}

std::vector<std::string> readRoots(const fs::path& list) {
  std::vector<std::string> roots;
  std::ifstream in(list);
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (!line.empty() && line.front() != '#') roots.push_back(line);
  }
  return roots;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: kustomize_differential SOURCE_DIR [--max-differing N] [--kubectl-cache DIR] [--verbose] [ROOT...]\n");
    return 2;
  }
  const fs::path source = fs::absolute(argv[1]).lexically_normal();
  std::size_t max_differing = 0;
  bool verbose = false;
  std::string kubectl_cache;
  bool timing_only = false;
  std::vector<fs::path> roots;
  std::vector<fs::path> scan_roots;  // the folder each build may read from (bases are often in ../)
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--max-differing" && i + 1 < argc) {
      max_differing = std::stoul(argv[++i]);
    } else if (arg == "--kubectl-cache" && i + 1 < argc) {
      kubectl_cache = argv[++i];  // while iterating: kubectl's output kept between runs
    } else if (arg == "--timing-only") {
      timing_only = true;  // bench/run: palisade's build time per root, no kubectl
    } else if (arg == "--verbose") {
      verbose = true;
    } else {
      roots.push_back(fs::weakly_canonical(arg));
      scan_roots.push_back(roots.back().parent_path().parent_path().parent_path());
    }
  }
  const bool in_ci = std::getenv("CI") != nullptr;
  std::string kubectl;
  if (fs::exists(source / ".tools" / "kubectl")) {
    kubectl = (source / ".tools" / "kubectl").string();
  } else if (run("command -v kubectl").status == 0) {
    kubectl = "kubectl";
  }
  if (kubectl.empty() && !timing_only) {
    fmt::print(stderr, "kustomize_differential: no kubectl (run scripts/setup, which unpacks it into .tools/)\n");
    return in_ci ? 1 : 77;
  }
  if (roots.empty()) {
    // Every kustomization folder of the fixtures, then the corpus's listed roots.
    const fs::path fixtures = fs::weakly_canonical(source / "fixtures" / "kustomize");
    std::vector<fs::path> own;
    if (fs::is_directory(fixtures)) {
      for (const auto& entry : fs::recursive_directory_iterator(fixtures)) {
        if (entry.is_directory() && !kustomize::kustomizationFileIn(entry.path()).empty()) own.push_back(entry.path());
      }
    }
    std::sort(own.begin(), own.end());
    for (const fs::path& r : own) {
      roots.push_back(r);
      scan_roots.push_back(fixtures);
    }
    const fs::path corpus = source / ".." / "shared" / "corpus" / "kustomize";
    if (fs::exists(corpus / "ROOTS.txt")) {
      for (const std::string& r : readRoots(corpus / "ROOTS.txt")) {
        roots.push_back(fs::weakly_canonical(corpus / r));
        scan_roots.push_back(fs::weakly_canonical(corpus));
      }
    } else {
      fmt::print("kustomize differential: no corpus at {}; the fixtures' roots only\n", corpus.string());
    }
  }
  if (timing_only) {
    double total = 0;
    std::vector<double> times;
    for (std::size_t n = 0; n < roots.size(); ++n) {
      double best = 1e18;
      for (int repeat = 0; repeat < 5; ++repeat) {
        auto started = std::chrono::steady_clock::now();
        kustomize::SourceCache cache(scan_roots[n], ReadLimits{});
        kustomize::BuildResult built = kustomize::build(roots[n], cache);
        best = std::min(best, std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
      }
      times.push_back(best);
      total += best;
      if (verbose) fmt::print("{:8.2f} ms  {}\n", best, roots[n].lexically_relative(source).generic_string());
    }
    std::vector<double> sorted = times;
    std::sort(sorted.begin(), sorted.end());
    if (!sorted.empty()) {
      fmt::print("kustomize build: {} roots, {:.1f} ms in all; per root median {:.2f} ms, 90th percentile {:.2f} ms, max {:.2f} ms\n",
                 sorted.size(), total, sorted[sorted.size() / 2], sorted[sorted.size() * 9 / 10], sorted.back());
    }
    return 0;
  }
  // kubectl's builds, four at a time (most of the test's time is kubectl's).
  std::vector<Run> oracles(roots.size());
  {
    std::atomic<std::size_t> next{0};
    std::vector<std::thread> workers;
    for (int w = 0; w < 4; ++w) {
      workers.emplace_back([&] {
        for (std::size_t n = next++; n < roots.size(); n = next++) {
          const fs::path& root = roots[n];
          fs::path cached;
          if (!kubectl_cache.empty()) {
            std::string key = root.string();
            std::replace(key.begin(), key.end(), '/', '_');
            cached = fs::path(kubectl_cache) / key;
          }
          Run& oracle = oracles[n];
          if (!cached.empty() && fs::exists(cached)) {
            std::ifstream in(cached, std::ios::binary);
            in >> oracle.status;
            in.get();
            oracle.out.assign(std::istreambuf_iterator<char>(in), {});
            continue;
          }
          oracle = run(fmt::format("{} kustomize {} 2>/dev/null", shellQuote(kubectl), shellQuote(root.string())));
          if (!cached.empty()) {
            std::error_code ec;
            fs::create_directories(cached.parent_path(), ec);
            std::ofstream(cached, std::ios::binary) << oracle.status << '\n' << oracle.out;
          }
        }
      });
    }
    for (std::thread& t : workers) t.join();
  }
  std::size_t agree = 0;
  double slowest = 0, total_ms = 0;
  std::string slowest_root;
  for (std::size_t n = 0; n < roots.size(); ++n) {
    const fs::path& root = roots[n];
    const Run& oracle = oracles[n];
    auto started = std::chrono::steady_clock::now();
    kustomize::SourceCache cache(scan_roots[n], ReadLimits{});
    kustomize::BuildResult built = kustomize::build(root, cache);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    total_ms += ms;
    if (ms > slowest) {
      slowest = ms;
      slowest_root = root.string();
    }
    bool palisade_error = std::any_of(built.diagnostics.begin(), built.diagnostics.end(),
                                      [](const Diagnostic& d) { return d.code == GenCode::KustomizeBuildError; });
    std::string verdict;
    if (oracle.status != 0) {
      verdict = palisade_error ? "" : "kubectl fails, palisade builds: " + oracle.out.substr(0, 300);
    } else {
      auto file = std::make_shared<const SourceFile>("kubectl-output.yaml", oracle.out);
      YamlReadResult expected = readYaml(*file, ReadLimits{});
      std::vector<const Value*> want;
      for (const YamlDocument& d : expected.documents) {
        if (!d.root.isNull()) want.push_back(&d.root);
      }
      std::vector<const Value*> got;
      for (const kustomize::BuiltObject& o : built.objects) got.push_back(&o.body);
      std::vector<bool> used(got.size(), false);
      for (const Value* w : want) {
        bool found = false;
        for (std::size_t i = 0; i < got.size() && !found; ++i) {
          if (!used[i] && got[i]->sameContent(*w)) used[i] = found = true;
        }
        if (found) continue;
        // The closest: same kind, namespace and name.
        std::string id = identity(*w);
        for (std::size_t i = 0; i < got.size(); ++i) {
          if (!used[i] && identity(*got[i]) == id) {
            verdict = fmt::format("{}: {}", id, firstDifference(*w, *got[i], ""));
            break;
          }
        }
        if (verdict.empty()) verdict = fmt::format("{}: missing from palisade's build", id);
        break;
      }
      if (verdict.empty()) {
        for (std::size_t i = 0; i < got.size(); ++i) {
          if (!used[i]) {
            verdict = fmt::format("{}: only in palisade's build", identity(*got[i]));
            break;
          }
        }
      }
      // What `palisade kustomize build` prints of each object reads back as the object.
      for (std::size_t i = 0; i < got.size() && verdict.empty(); ++i) {
        auto printed = std::make_shared<const SourceFile>("printed.yaml", writeYaml(*got[i]));
        YamlReadResult again = readYaml(*printed, ReadLimits{});
        if (again.documents.size() != 1 || !again.documents.front().root.sameContent(*got[i])) {
          verdict = fmt::format("{}: printed as YAML, it reads back differently {}", identity(*got[i]),
                                again.documents.size() == 1 ? firstDifference(*got[i], again.documents.front().root, "") : "");
        }
      }
      if (verdict.empty() && palisade_error) {
        for (const Diagnostic& d : built.diagnostics) {
          if (d.code == GenCode::KustomizeBuildError) {
            verdict = fmt::format("palisade reports an error kubectl does not: {}:{}: {}", d.path, d.span.start.line, d.message);
            break;
          }
        }
      }
    }
    fs::path shown = root.lexically_relative(source);
    if (verdict.empty()) {
      ++agree;
      if (verbose) fmt::print("same     {} ({:.2f} ms)\n", shown.generic_string(), ms);
    } else {
      fmt::print("DIFFERS  {}\n         {}\n", shown.generic_string(), verdict);
      if (verbose) {
        for (const Diagnostic& d : built.diagnostics) fmt::print("         {} {}:{}: {}\n", d.ruleId(), d.path, d.span.start.line, d.message);
      }
    }
  }
  fmt::print("kustomize differential: {}/{} build roots agree with kubectl kustomize; palisade build {:.1f} ms in all, "
             "slowest {:.2f} ms ({})\n",
             agree, roots.size(), total_ms, slowest, fs::path(slowest_root).lexically_relative(source).generic_string());
  if (roots.size() - agree > max_differing) {
    fmt::print("more than the {} roots known to differ do: a regression, or a difference to look at\n", max_differing);
    return 1;
  }
  return 0;
}
