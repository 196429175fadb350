// Differential count of palisade's Helm rendering against `helm template`:
// every chart folder under ../shared/corpus/helm (a folder with Chart.yaml
// that is not a subchart in another chart's charts/) is rendered by both with
// its default values, and the Kubernetes objects compared as data (order
// between documents ignored). Prints one line per chart and the counts, and
// fails when fewer than --min-agree charts agree (counting those that agree
// but for values helm template generates at random: palisade's Unknowns).
// With --ci-values, each chart is rendered instead once per values file in its
// ci/ folder (ci/*values*.yaml, the files chart repositories test with), given
// to both as `helm template -f FILE`; charts without one are left out.
// helm comes from .tools/helm (scripts/setup unpacks the pinned npm package),
// --helm PATH, or the PATH; without one it exits 77.
//
// usage: helm_differential SOURCE_DIR [--helm PATH] [--min-agree N] [--ci-values] [--verbose] [--print] [CHART_DIR...]
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "parsers/helm/chart_renderer.h"
#include "tests/external_command.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"

namespace fs = std::filesystem;
using namespace palisade;

namespace {

// The first path where two values differ, for --verbose.
std::string firstDifference(const Value& a, const Value& b, const std::string& path) {
  if (a.sameContent(b)) return "";
  if (a.isObject() && b.isObject()) {
    for (const Member& m : a.members()) {
      const Value* other = b.find(m.key);
      if (other == nullptr) return path + "." + m.key + " only in helm's";
      std::string d = firstDifference(m.value, *other, path + "." + m.key);
      if (!d.empty()) return d;
    }
    for (const Member& m : b.members()) {
      if (a.find(m.key) == nullptr) return path + "." + m.key + " only in palisade's";
    }
  }
  if (a.isArray() && b.isArray() && a.items().size() == b.items().size()) {
    for (std::size_t i = 0; i < a.items().size(); ++i) {
      std::string d = firstDifference(a.items()[i], b.items()[i], path + "[" + std::to_string(i) + "]");
      if (!d.empty()) return d;
    }
  }
  return path + ": helm " + a.toDisplayString().substr(0, 200) + " / palisade " + b.toDisplayString().substr(0, 200);
}

// The same data where palisade's side may hold Unknowns: what helm template
// generated at random (a password, a certificate) matches whatever helm printed.
bool sameUpToRandom(const Value& helm_value, const Value& ours, bool& used_unknown) {
  if (ours.isUnknown()) {
    used_unknown = true;
    return true;
  }
  if (helm_value.isObject() && ours.isObject()) {
    if (helm_value.members().size() != ours.members().size()) return false;
    for (const Member& m : helm_value.members()) {
      const Value* other = ours.find(m.key);
      if (other == nullptr || !sameUpToRandom(m.value, *other, used_unknown)) return false;
    }
    return true;
  }
  if (helm_value.isArray() && ours.isArray()) {
    if (helm_value.items().size() != ours.items().size()) return false;
    for (std::size_t i = 0; i < ours.items().size(); ++i) {
      if (!sameUpToRandom(helm_value.items()[i], ours.items()[i], used_unknown)) return false;
    }
    return true;
  }
  return helm_value.sameContent(ours);
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
  bool print = false;  // palisade's rendered text of every template
  int min_agree = 0;   // fail when fewer charts agree (a regression)
  bool ci_values = false;
  std::vector<fs::path> charts;
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--helm" && i + 1 < argc) {
      helm_binary = argv[++i];
    } else if (arg == "--verbose") {
      verbose = true;
    } else if (arg == "--ci-values") {
      ci_values = true;
    } else if (arg == "--print") {
      print = true;
    } else if (arg == "--min-agree" && i + 1 < argc) {
      min_agree = std::stoi(argv[++i]);
    } else {
      charts.push_back(arg);
    }
  }
  if (helm_binary.empty() && fs::exists(source / ".tools" / "helm")) helm_binary = (source / ".tools" / "helm").string();
  if (helm_binary.empty() && testing::runCommand("command -v helm >/dev/null 2>&1").status == 0) helm_binary = "helm";
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
  // A case is a chart with no values file (its defaults) or with one of its ci/ values files.
  std::vector<std::pair<fs::path, fs::path>> cases;
  for (const fs::path& dir : charts) {
    if (!ci_values) {
      cases.emplace_back(dir, fs::path());
      continue;
    }
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::directory_iterator it(dir / "ci", ec), end; !ec && it != end; it.increment(ec)) {
      const std::string file = it->path().filename().string();
      if (file.find("values") != std::string::npos && (file.ends_with(".yaml") || file.ends_with(".yml"))) files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    for (const fs::path& f : files) cases.emplace_back(dir, f);
  }
  int agree = 0, agree_random = 0, differ = 0, palisade_fails = 0, helm_fails = 0;
  double total_ms = 0;
  std::size_t rendered_bytes = 0;
  for (const auto& [dir, values_file] : cases) {
    helm::ChartOptions options;
    options.release_namespace_chosen = true;  // compared with `helm template`, which prints "default"
    if (!values_file.empty()) options.values_files.push_back({values_file, "ci/" + values_file.filename().string()});
    auto started = std::chrono::steady_clock::now();
    helm::ChartRender ours = helm::renderChart(dir, dir.filename().string(), options);
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    total_ms += ms;
    for (const auto& t : ours.templates) rendered_bytes += t.output.text.size();
    if (print) {
      for (const auto& t : ours.templates) fmt::print("---\n# Source: {}\n{}", t.name, t.output.text);
    }
    std::string values_argument = values_file.empty() ? "" : " -f " + testing::shellQuote(values_file.string());
    testing::CommandRun theirs = testing::runCommand(testing::shellQuote(helm_binary) + " template " + testing::shellQuote(dir.string()) + values_argument + " 2>&1");
    std::string name = dir.filename().string() + (values_file.empty() ? "" : " -f ci/" + values_file.filename().string());
    if (theirs.status != 0) {
      ++helm_fails;
      std::string first = theirs.out.substr(0, theirs.out.find('\n'));
      fmt::print("{:<40} helm fails: {}\n", name, first);
      continue;
    }
    bool failed = false;
    for (const Diagnostic& d : ours.diagnostics) {
      if (d.code == GenCode::UnsupportedSyntax || d.code == GenCode::ParseError || d.code == GenCode::HelmUnsupported ||
          d.code == GenCode::HelmRenderedYamlInvalid || d.code == GenCode::HelmChartNotRendered || d.code == GenCode::HelmTemplateFailed) {
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
    bool random = false;
    for (const Resource& r : ours.resources) {
      bool found = false;
      for (std::size_t k = 0; k < expected.size(); ++k) {
        if (!matched[k] && expected[k].body.sameContent(r.body)) {
          matched[k] = true;
          found = true;
          break;
        }
      }
      for (std::size_t k = 0; k < expected.size() && !found; ++k) {
        bool used_unknown = false;
        if (!matched[k] && expected[k].kind == r.kind && sameUpToRandom(expected[k].body, r.body, used_unknown)) {
          matched[k] = true;
          found = true;
          random = random || used_unknown;
        }
      }
      if (!found) {
        ++unmatched;
        if (verbose) {
          fmt::print("  only palisade's: {} {}\n", r.kind, r.name);
          for (const Resource& e : expected) {
            if (e.kind == r.kind && e.name == r.name) fmt::print("    {}\n", firstDifference(e.body, r.body, ""));
          }
        }
      }
    }
    for (std::size_t k = 0; k < expected.size(); ++k) {
      if (!matched[k]) {
        ++unmatched;
        if (verbose) fmt::print("  only helm's: {} {}\n", expected[k].kind, expected[k].name);
      }
    }
    if (unmatched == 0 && random) {
      ++agree_random;
      fmt::print("{:<40} agree but for what Helm generates at random ({} objects, {:.1f} ms)\n", name, expected.size(), ms);
    } else if (unmatched == 0) {
      ++agree;
      fmt::print("{:<40} agree ({} objects, {:.1f} ms)\n", name, expected.size(), ms);
    } else {
      ++differ;
      fmt::print("{:<40} differ ({} of {} helm objects unmatched or extra)\n", name, unmatched, expected.size());
    }
  }
  fmt::print("{}: {}  agree: {}  agree but for random values: {}  differ: {}  palisade cannot render: {}  helm cannot render: {}\n",
             ci_values ? "chart + ci values file cases" : "charts", cases.size(), agree, agree_random, differ, palisade_fails, helm_fails);
  fmt::print("palisade: {:.1f} ms for {} renders ({:.2f} ms per render), {:.2f} MB rendered\n", total_ms, cases.size(),
             cases.empty() ? 0.0 : total_ms / static_cast<double>(cases.size()), static_cast<double>(rendered_bytes) / 1e6);
  if (agree + agree_random < min_agree) {
    fmt::print(stderr, "helm_differential: {} charts agree, fewer than the {} expected\n", agree + agree_random, min_agree);
    return 1;
  }
  return 0;
}
