// `palisade merge`: combines the outputs of audit shards (or of several
// scans) into one. Inputs are palisade JSON (`palisade-audit*.json`, any
// `--format json` output) or SARIF. From JSON it writes the whole combined set
// (--output-dir, with each repository's HTML report) or one file in any format
// (--output); from SARIF it joins the runs into one SARIF document. A
// repository that appears in two inputs is an error: shards must not overlap.
//
// Merged JSON and SARIF are streamed: one input is read at a time and each of
// its reports (runs) is rendered at once and parked, so memory holds one
// shard, not the batch. The other --output formats render from every report.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "cli/audit.h"
#include "cli/commands.h"
#include "cli/option_table.h"
#include "core/atomic_file.h"
#include "reporters/formats.h"
#include "reporters/html_reporter.h"
#include "reporters/json_report_reader.h"
#include "reporters/json_reporter.h"
#include "reporters/report_stats.h"

namespace palisade {

namespace {

std::optional<std::string> readWhole(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Rendered pieces of an output, parked in an anonymous temporary file (removed
// when closed, also by a crash) until they are written out in their order.
class PieceSpool {
 public:
  // An error message, or empty.
  std::string open() {
    file_.reset(std::tmpfile());
    return file_ ? std::string() : "cannot create a temporary file for the merged pieces";
  }
  // Appends a piece; false when it could not be written.
  bool add(std::string_view bytes) {
    if (fseeko(file_.get(), static_cast<off_t>(end_), SEEK_SET) != 0) return false;
    if (std::fwrite(bytes.data(), 1, bytes.size(), file_.get()) != bytes.size()) return false;
    pieces_.push_back({end_, bytes.size()});
    end_ += bytes.size();
    return true;
  }
  // Copies piece `i` to `out`; false when it could not be read back.
  bool copy(std::size_t i, AtomicFileWriter& out) {
    if (fseeko(file_.get(), static_cast<off_t>(pieces_[i].offset), SEEK_SET) != 0) return false;
    std::string buffer(std::size_t{1} << 16, '\0');
    for (std::size_t left = pieces_[i].size; left > 0;) {
      std::size_t n = std::fread(buffer.data(), 1, std::min(left, buffer.size()), file_.get());
      if (n == 0) return false;
      out.write(std::string_view(buffer.data(), n));
      left -= n;
    }
    return true;
  }

 private:
  struct Piece {
    std::size_t offset = 0;
    std::size_t size = 0;
  };
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_{nullptr, &std::fclose};
  std::vector<Piece> pieces_;
  std::size_t end_ = 0;
};

int failWith(const std::string& message) {
  fmt::print(stderr, "palisade merge: {}\n", message);
  return 2;
}

// The frame of a SARIF log around its "runs" array: the log dumped with its runs
// emptied, split where the runs go. A top-level member sits at indent 2, so the
// split is found even when "runs" is not the last member.
std::optional<DocumentFrame> sarifFrameOf(const nlohmann::ordered_json& log_with_empty_runs) {
  std::string empty = log_with_empty_runs.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
  constexpr std::string_view kRuns = "\n  \"runs\": []";
  std::size_t at = empty.find(kRuns);
  if (at == std::string::npos) return std::nullopt;
  std::size_t bracket = at + kRuns.size() - 1;  // the "]"
  DocumentFrame frame;
  frame.open = empty.substr(0, bracket) + "\n";
  frame.close = "\n  " + empty.substr(bracket);
  frame.empty = std::move(empty);
  return frame;
}

// SARIF inputs: the first log's frame around every input's runs, one input in memory at a time.
int mergeSarif(const std::vector<std::string>& inputs, const std::string& output) {
  AtomicFileWriter out;
  if (std::string error = out.open(output); !error.empty()) return failWith(error);
  std::optional<DocumentFrame> frame;
  std::set<std::string> categories;
  std::size_t runs_written = 0;
  for (const std::string& path : inputs) {
    auto text = readWhole(path);
    if (!text) return failWith(fmt::format("cannot read {}", path));
    auto doc = nlohmann::ordered_json::parse(*text, nullptr, false);
    text.reset();
    if (doc.is_discarded() || !doc.is_object() || !doc.contains("runs") || !doc["runs"].is_array()) {
      return failWith(fmt::format("{} is not a SARIF log", path));
    }
    nlohmann::ordered_json runs = std::move(doc["runs"]);
    doc["runs"] = nlohmann::ordered_json::array();
    if (!frame) {
      frame = sarifFrameOf(doc);
      if (!frame) return failWith(fmt::format("internal error: no runs array in the frame of {}", path));
    }
    for (auto& run : runs) {
      std::string category = run.contains("automationDetails") ? run["automationDetails"].value("id", "") : "";
      if (!category.empty() && !categories.insert(category).second) {
        return failWith(fmt::format("run '{}' appears twice (in {}); shards must not overlap", category, path));
      }
      out.write(runs_written++ == 0 ? std::string_view(frame->open) : DocumentFrame::kSeparator);
      out.write(indentAsElement(run.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)));
    }
  }
  out.write(runs_written == 0 ? frame->empty : frame->close);
  if (std::string error = out.commit(); !error.empty()) return failWith(error);
  return 0;
}

// JSON inputs to one JSON document: each report rendered as it is read and
// parked; the batch totals, known at the end, frame the reports sorted by repository.
int mergeJson(const std::vector<std::string>& inputs, const RuleSet& rules, const std::string& output) {
  PieceSpool spool;
  if (std::string error = spool.open(); !error.empty()) return failWith(error);
  struct Parked {
    std::string repository;
    std::string tool_version;
  };
  std::vector<Parked> parked;
  std::set<std::string> repositories;
  ReportTotals totals;
  for (const std::string& path : inputs) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return failWith(fmt::format("cannot read {}", path));
    std::string error = readJsonReports(in, rules, [&](Report&& r) -> std::string {
      std::string key = r.repository.empty() ? r.root : r.repository;
      if (!repositories.insert(key).second) {
        return fmt::format("repository '{}' appears twice (again in {}); shards must not overlap", key, path);
      }
      if (!spool.add(renderJsonElement(r))) return "cannot write the merged pieces to a temporary file";
      totals.add(totalsOf(r));
      parked.push_back({r.repository, r.tool_version});
      return {};
    });
    if (!error.empty()) return failWith(fmt::format("{}: {}", path, error));
  }
  std::vector<std::size_t> order(parked.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return parked[a].repository < parked[b].repository; });
  // The document names the first report's version, as renderJson does.
  std::string version = order.empty() || parked[order.front()].tool_version.empty()
                            ? std::string(PALISADE_VERSION)
                            : parked[order.front()].tool_version;
  DocumentFrame frame = jsonFrame(version, totals);
  AtomicFileWriter out;
  if (std::string error = out.open(output); !error.empty()) return failWith(error);
  out.write(order.empty() ? frame.empty : frame.open);
  for (std::size_t i = 0; i < order.size(); ++i) {
    if (i > 0) out.write(DocumentFrame::kSeparator);
    if (!spool.copy(order[i], out)) return failWith("cannot read back the merged pieces from the temporary file");
  }
  if (!order.empty()) out.write(frame.close);
  if (std::string error = out.commit(); !error.empty()) return failWith(error);
  return 0;
}

}  // namespace

int runMergeCommand(const std::vector<std::string>& args) {
  std::vector<std::string> inputs;
  std::string output, output_dir, format;
  auto parsed = parseArguments(*findCommandSpec("merge"), args);
  if (auto* error = std::get_if<UsageError>(&parsed)) {
    fmt::print(stderr, "palisade merge: {}\n", error->message);
    return 2;
  }
  inputs = std::get<ParsedArgs>(parsed).positionals;
  for (const ParsedOption& o : std::get<ParsedArgs>(parsed).options) {
    if (o.is("--output")) output = o.value;
    else if (o.is("--output-dir")) output_dir = o.value;
    else if (o.is("--format")) format = o.value;
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
  std::optional<OutputFormat> output_format;
  if (!output.empty()) {
    if (format.empty()) {
      auto ext = std::filesystem::path(output).extension().string();
      format = ext.empty() ? "json" : ext.substr(1);
    }
    output_format = parseOutputFormat(format);
    if (!output_format) return failWith(fmt::format("unknown format '{}'", format));
    if (*output_format == OutputFormat::Json) return mergeJson(inputs, rules, output);
  }
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
  // The other formats are rendered from every report at once.
  std::stable_sort(reports.begin(), reports.end(),
                   [](const Report& a, const Report& b) { return a.repository < b.repository; });
  if (std::string error = writeFileAtomically(output, render(*output_format, reports, {})); !error.empty()) {
    fmt::print(stderr, "palisade merge: {}\n", error);
    return 2;
  }
  return 0;
}

}  // namespace palisade
