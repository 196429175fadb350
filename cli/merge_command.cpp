// `palisade merge`: combines the outputs of audit shards (or of several
// scans) into one. Inputs are palisade JSON (`palisade-audit*.json`, any
// `--format json` output) or SARIF. From JSON it writes the whole combined set
// (--output-dir, with each repository's HTML report, streamed one report at a
// time) or one file in any format (--output); from SARIF it joins
// the runs into one SARIF document. A repository that appears in two inputs
// is an error: shards must not overlap.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <optional>
#include <set>
#include <sstream>

#include "cli/audit.h"
#include "cli/commands.h"
#include "core/atomic_file.h"
#include "reporters/formats.h"
#include "reporters/html_reporter.h"
#include "reporters/json_report_reader.h"

namespace palisade {

namespace {

std::optional<std::string> readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

int mergeSarif(const std::vector<std::string>& inputs, const std::string& output) {
  nlohmann::ordered_json merged;
  std::set<std::string> categories;
  for (const std::string& path : inputs) {
    auto text = readWhole(path);
    if (!text) {
      fmt::print(stderr, "palisade merge: cannot read {}\n", path);
      return 2;
    }
    auto doc = nlohmann::ordered_json::parse(*text, nullptr, false);
    if (doc.is_discarded() || !doc.contains("runs") || !doc["runs"].is_array()) {
      fmt::print(stderr, "palisade merge: {} is not a SARIF log\n", path);
      return 2;
    }
    if (merged.is_null()) {
      merged = doc;
      merged["runs"] = nlohmann::ordered_json::array();
    }
    for (auto& run : doc["runs"]) {
      std::string category = run.contains("automationDetails") ? run["automationDetails"].value("id", "") : "";
      if (!category.empty() && !categories.insert(category).second) {
        fmt::print(stderr, "palisade merge: run '{}' appears twice (in {}); shards must not overlap\n", category, path);
        return 2;
      }
      merged["runs"].push_back(run);
    }
  }
  std::string bytes = merged.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  if (std::string error = writeFileAtomically(output, bytes); !error.empty()) {
    fmt::print(stderr, "palisade merge: {}\n", error);
    return 2;
  }
  return 0;
}

}  // namespace

int runMergeCommand(const std::vector<std::string>& args) {
  std::vector<std::string> inputs;
  std::string output, output_dir, format;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if ((a == "--output" || a == "-o" || a == "--output-dir" || a == "--format" || a == "-f") && i + 1 < args.size()) {
      (a == "--output-dir" ? output_dir : (a == "--format" || a == "-f") ? format : output) = args[++i];
    } else if (a.starts_with("-")) {
      fmt::print(stderr, "palisade merge: unknown option '{}'\n", a);
      return 2;
    } else {
      inputs.push_back(a);
    }
  }
  if (inputs.empty() || (output.empty() == output_dir.empty())) {
    fmt::print(stderr, "usage: palisade merge REPORT... (--output FILE [--format F] | --output-dir DIR)\n");
    return 2;
  }
  bool sarif_inputs = std::all_of(inputs.begin(), inputs.end(), [](const std::string& p) { return p.ends_with(".sarif"); });
  if (sarif_inputs) {
    if (output.empty()) {
      fmt::print(stderr, "palisade merge: SARIF inputs merge into one SARIF --output FILE\n");
      return 2;
    }
    return mergeSarif(inputs, output);
  }

  std::vector<Diagnostic> errors;
  RuleSet rules = RuleSet::load({}, errors);
  // --output-dir streams: each report is rendered into the combined outputs'
  // pieces as soon as it is read, and freed.
  std::optional<CombinedOutputs> combined;
  if (!output_dir.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(output_dir) / "repositories", ec);
    combined.emplace(output_dir, Shard{});
    if (std::string error = combined->start(); !error.empty()) {
      fmt::print(stderr, "palisade merge: {}\n", error);
      return 2;
    }
  }
  std::vector<Report> reports;
  std::vector<std::string> names;  // --output-dir: the repository of each slot
  std::set<std::string> file_names;
  std::set<std::string> repositories;
  for (const std::string& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      fmt::print(stderr, "palisade merge: cannot read {}\n", path);
      return 2;
    }
    std::string error = readJsonReports(in, rules, [&](Report&& r) -> std::string {
      std::string key = r.repository.empty() ? r.root : r.repository;
      if (!repositories.insert(key).second) {
        return fmt::format("repository '{}' appears twice (again in {}); shards must not overlap", key, path);
      }
      if (combined) {
        // Its own full report beside the combined one, for the combined page's links.
        std::string base = repositoryFileNames({key}).front();
        std::string file = base;
        for (int n = 2; !file_names.insert(file).second; ++n) file = fmt::format("{}-{}", base, n);
        std::string link = "repositories/" + file + ".html";
        std::vector<Report> own;
        own.push_back(std::move(r));
        std::string written = writeFileAtomically((std::filesystem::path(output_dir) / link).string(), renderHtml(own));
        if (!written.empty()) return written;
        combined->add(own.front(), link);
        names.push_back(own.front().repository);
      } else {
        reports.push_back(std::move(r));
      }
      return {};
    });
    if (!error.empty()) {
      fmt::print(stderr, "palisade merge: {}: {}\n", path, error);
      return 2;
    }
  }
  if (combined) {
    std::vector<std::size_t> order(names.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return names[a] < names[b]; });
    return combined->finish(stdout, order);
  }
  std::stable_sort(reports.begin(), reports.end(),
                   [](const Report& a, const Report& b) { return a.repository < b.repository; });
  if (format.empty()) {
    auto ext = std::filesystem::path(output).extension().string();
    format = ext.empty() ? "json" : ext.substr(1);
  }
  auto parsed = parseOutputFormat(format);
  if (!parsed) {
    fmt::print(stderr, "palisade merge: unknown format '{}'\n", format);
    return 2;
  }
  if (std::string error = writeFileAtomically(output, render(*parsed, reports, {})); !error.empty()) {
    fmt::print(stderr, "palisade merge: {}\n", error);
    return 2;
  }
  return 0;
}

}  // namespace palisade
