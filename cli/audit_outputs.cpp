#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

#include "cli/audit.h"
#include "core/atomic_file.h"
#include "core/severity.h"
#include "reporters/json_reporter.h"
#include "reporters/report_stats.h"
#include "reporters/sarif_reporter.h"

namespace palisade {

namespace fs = std::filesystem;

SummaryRow summaryRowOf(const Report& report) {
  SummaryRow row{report.repository, report.files_scanned, {}, 0, report.execution_successful, {}};
  if (row.ok && report.files_scanned == 0) {
    // Input problems say why (a path that cannot be read, only Helm templates, every file excluded).
    std::string first;
    for (const Notification& n : report.notifications) {
      if (!n.message.empty()) {
        first = n.message;
        break;
      }
    }
    row.empty_reason = first.empty()
                           ? "no Bicep, ARM template, Kubernetes or Calico file found"
                           : fmt::format("no file read ({} input {}; first: {})", report.notifications.size(),
                                         report.notifications.size() == 1 ? "problem" : "problems", first);
  }
  for (const Finding& f : report.findings) {
    if (f.suppression) {
      ++row.suppressed;
    } else {
      ++row.by_severity[static_cast<std::size_t>(f.severity)];
    }
  }
  return row;
}

std::string summaryTable(const std::vector<SummaryRow>& rows) {
  std::size_t width = 10;
  for (const SummaryRow& r : rows) width = std::max(width, r.repository.size());
  // Columns from the most severe down, in the words every other output uses.
  constexpr std::array<Severity, 5> columns{Severity::Critical, Severity::High, Severity::Medium, Severity::Low,
                                            Severity::Info};
  auto counts = [&](const SummaryRow& r) {
    std::string cells;
    for (Severity s : columns) cells += fmt::format("  {:>8}", r.by_severity[static_cast<std::size_t>(s)]);
    return cells;
  };
  std::string out = fmt::format("{:<{}}  {:>6}", "repository", width, "files");
  for (Severity s : columns) out += fmt::format("  {:>8}", severityName(s));
  out += fmt::format("  {:>10}  {}\n", "suppressed", "status");
  SummaryRow total;
  for (const SummaryRow& r : rows) {
    out += fmt::format("{:<{}}  {:>6}{}  {:>10}  {}\n", r.repository, width, r.files, counts(r), r.suppressed,
                       !r.ok ? "FAILED" : r.empty_reason.empty() ? "ok" : "empty");
    total.files += r.files;
    for (std::size_t i = 0; i < total.by_severity.size(); ++i) total.by_severity[i] += r.by_severity[i];
    total.suppressed += r.suppressed;
  }
  out += fmt::format("{:<{}}  {:>6}{}  {:>10}\n", fmt::format("{} repositories", rows.size()), width, total.files,
                     counts(total), total.suppressed);
  std::size_t empty = std::count_if(rows.begin(), rows.end(), [](const SummaryRow& r) { return !r.empty_reason.empty(); });
  if (empty > 0) {
    out += fmt::format("\n{} empty (nothing read: not checked, so not clean):\n", countOf(empty, "repository", "repositories"));
    for (const SummaryRow& r : rows) {
      if (!r.empty_reason.empty()) out += fmt::format("  {}: {}\n", r.repository, r.empty_reason);
    }
  }
  return out;
}

HtmlLimits batchHtmlLimits() {
  HtmlLimits limits;
  limits.findings_per_repository = 20;
  limits.notes_per_repository = 10;
  limits.files = 50;
  return limits;
}

// What stays in memory of a repository once its pieces are on disk.
struct CombinedOutputs::Slot {
  std::string tool_version;
  HtmlRepository html;
  SummaryRow row;
  std::size_t json_bytes = 0;                // its element of the combined JSON, in <slot>.json
  std::vector<std::size_t> sarif_run_bytes;  // what SARIF packing counts, per run
  std::vector<std::size_t> sarif_run_sizes;  // the runs' text, one after another in <slot>.sarif
  std::string sarif_note;
};

namespace {

std::string writePiece(const fs::path& path, std::string_view bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.flush();
  return out ? std::string() : fmt::format("cannot write {}", path.string());
}

// Copies the next `size` bytes of a piece into the output.
bool copyPiece(std::ifstream& in, std::size_t size, AtomicFileWriter& out) {
  std::string buffer(std::min<std::size_t>(size, 1 << 16), '\0');
  while (size > 0) {
    std::size_t chunk = std::min(size, buffer.size());
    in.read(buffer.data(), static_cast<std::streamsize>(chunk));
    if (static_cast<std::size_t>(in.gcount()) != chunk) return false;
    out.write(std::string_view(buffer.data(), chunk));
    size -= chunk;
  }
  return true;
}

}  // namespace

CombinedOutputs::CombinedOutputs(fs::path dir, const Shard& shard)
    : dir_(std::move(dir)),
      stem_(shard.count > 1 ? fmt::format("palisade-audit.shard-{}-of-{}", shard.index, shard.count)
                            : "palisade-audit"),
      pieces_(dir_ / fmt::format(".{}.pieces.{}", stem_, ::getpid())) {}

CombinedOutputs::~CombinedOutputs() {
  std::error_code ec;
  fs::remove_all(pieces_, ec);
}

std::string CombinedOutputs::start() {
  std::error_code ec;
  fs::create_directories(pieces_, ec);
  return ec ? fmt::format("cannot create {}: {}", pieces_.string(), ec.message()) : std::string();
}

std::string CombinedOutputs::piecePath(std::size_t slot, const char* extension) const {
  return (pieces_ / fmt::format("{}.{}", slot, extension)).string();
}

void CombinedOutputs::reserve(std::size_t count) {
  std::lock_guard lock(mutex_);
  if (slots_.size() < count) slots_.resize(count);
}

std::size_t CombinedOutputs::add(const Report& report, std::string html_link) {
  std::size_t slot;
  {
    std::lock_guard lock(mutex_);
    slot = slots_.size();
    slots_.emplace_back();
  }
  add(slot, report, std::move(html_link));
  return slot;
}

void CombinedOutputs::add(std::size_t slot, const Report& report, std::string html_link) {
  auto kept = std::make_unique<Slot>();
  kept->tool_version = report.tool_version;
  kept->row = summaryRowOf(report);
  kept->html = summariseForHtml(report, batchHtmlLimits(), std::move(html_link));
  std::string error;
  {
    std::string json = renderJsonElement(report);
    kept->json_bytes = json.size();
    error = writePiece(piecePath(slot, "json"), json);
  }
  {
    SarifReportRuns runs = renderSarifRuns(report);
    kept->sarif_note = std::move(runs.note);
    std::string text;
    for (SarifRunText& run : runs.runs) {
      kept->sarif_run_bytes.push_back(run.bytes);
      kept->sarif_run_sizes.push_back(run.element.size());
      text += run.element;
      std::string().swap(run.element);
    }
    if (error.empty()) error = writePiece(piecePath(slot, "sarif"), text);
  }
  std::lock_guard lock(mutex_);
  if (!error.empty() && error_.empty()) error_ = error;
  slots_.at(slot) = std::move(kept);
}

int CombinedOutputs::finish(std::FILE* summary, std::vector<std::size_t> order) {
  std::lock_guard lock(mutex_);
  if (order.empty()) {
    for (std::size_t i = 0; i < slots_.size(); ++i) order.push_back(i);
  }
  for (std::size_t slot : order) {
    if (!slots_.at(slot) && error_.empty()) error_ = fmt::format("internal error: repository {} was not added", slot);
  }
  auto fail = [&](const std::string& error) {
    fmt::print(stderr, "palisade: {}\n", error);
    return 2;
  };
  if (!error_.empty()) return fail(error_);

  // JSON: the frame (batch totals) around every repository's element.
  {
    ReportTotals totals;
    for (std::size_t slot : order) totals.add(slots_[slot]->html.totals);
    std::string version = order.empty() || slots_[order.front()]->tool_version.empty()
                              ? std::string(PALISADE_VERSION)
                              : slots_[order.front()]->tool_version;
    DocumentFrame frame = jsonFrame(version, totals);
    AtomicFileWriter out;
    if (std::string error = out.open((dir_ / (stem_ + ".json")).string()); !error.empty()) return fail(error);
    out.write(order.empty() ? frame.empty : frame.open);
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (i > 0) out.write(DocumentFrame::kSeparator);
      std::ifstream in(piecePath(order[i], "json"), std::ios::binary);
      if (!copyPiece(in, slots_[order[i]]->json_bytes, out)) {
        return fail("cannot read back " + piecePath(order[i], "json"));
      }
    }
    if (!order.empty()) out.write(frame.close);
    if (std::string error = out.commit(); !error.empty()) return fail(error);
  }

  // HTML: from the summaries, most of which are counts.
  {
    std::vector<HtmlRepository> repositories;
    repositories.reserve(order.size());
    for (std::size_t slot : order) repositories.push_back(std::move(slots_[slot]->html));
    std::string page = renderHtml(repositories, batchHtmlLimits());
    std::vector<HtmlRepository>().swap(repositories);
    if (std::string error = writeFileAtomically((dir_ / (stem_ + ".html")).string(), page); !error.empty()) {
      return fail(error);
    }
  }

  // SARIF: runs packed into as few documents as GitHub's limits allow.
  std::vector<std::string> sarif_notes;
  {
    std::vector<std::size_t> run_bytes;
    for (std::size_t slot : order) {
      const Slot& s = *slots_[slot];
      run_bytes.insert(run_bytes.end(), s.sarif_run_bytes.begin(), s.sarif_run_bytes.end());
      if (!s.sarif_note.empty()) sarif_notes.push_back(s.sarif_note);
    }
    std::vector<std::size_t> documents = packSarifRuns(run_bytes);
    DocumentFrame frame = sarifFrame();
    std::size_t position = 0;  // which slot, and which of its runs, comes next
    std::size_t run = 0;
    std::ifstream in;
    for (std::size_t d = 0; d < documents.size(); ++d) {
      std::string name = documents.size() == 1 ? stem_ + ".sarif"
                                               : fmt::format("{}.part-{}-of-{}.sarif", stem_, d + 1, documents.size());
      AtomicFileWriter out;
      if (std::string error = out.open((dir_ / name).string()); !error.empty()) return fail(error);
      out.write(documents[d] == 0 ? frame.empty : frame.open);
      for (std::size_t r = 0; r < documents[d]; ++r) {
        while (run == slots_[order[position]]->sarif_run_sizes.size()) {
          ++position;
          run = 0;
          in.close();
        }
        if (!in.is_open()) in.open(piecePath(order[position], "sarif"), std::ios::binary);
        if (r > 0) out.write(DocumentFrame::kSeparator);
        if (!copyPiece(in, slots_[order[position]]->sarif_run_sizes[run], out)) {
          return fail("cannot read back " + piecePath(order[position], "sarif"));
        }
        ++run;
      }
      if (documents[d] > 0) out.write(frame.close);
      if (std::string error = out.commit(); !error.empty()) return fail(error);
    }
    if (documents.size() > 1) sarif_notes.insert(sarif_notes.begin(), sarifSplitNote(documents.size()));
  }

  std::vector<SummaryRow> rows;
  for (std::size_t slot : order) rows.push_back(slots_[slot]->row);
  std::string table = summaryTable(rows);
  if (std::string error = writeFileAtomically((dir_ / (stem_ + ".summary.txt")).string(), table); !error.empty()) {
    return fail(error);
  }
  if (summary) {
    fmt::print(summary, "{}", table);
    for (const std::string& note : sarif_notes) fmt::print(summary, "note: {}\n", note);
    fmt::print(summary, "wrote {}/{}.{{json,sarif,html,summary.txt}}\n", dir_.string(), stem_);
  }
  return 0;
}

}  // namespace palisade
