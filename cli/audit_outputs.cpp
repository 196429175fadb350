#include <fmt/format.h>

#include "cli/audit.h"
#include "core/atomic_file.h"
#include "reporters/html_reporter.h"
#include "reporters/json_reporter.h"
#include "reporters/sarif_reporter.h"

namespace palisade {

std::string summaryTable(const std::vector<Report>& reports) {
  std::size_t width = 10;
  for (const Report& r : reports) width = std::max(width, r.repository.size());
  std::string out = fmt::format("{:<{}}  {:>6}  {:>6}  {:>8}  {:>6}  {:>10}  {}\n", "repository", width, "files", "errors",
                                "warnings", "notes", "suppressed", "status");
  std::size_t files = 0, errors = 0, warnings = 0, notes = 0, suppressed = 0;
  for (const Report& r : reports) {
    std::size_t e = 0, w = 0, n = 0, s = 0;
    for (const Finding& f : r.findings) {
      if (f.suppression) {
        ++s;
        continue;
      }
      if (f.level == Level::Error) ++e;
      else if (f.level == Level::Warning) ++w;
      else ++n;
    }
    out += fmt::format("{:<{}}  {:>6}  {:>6}  {:>8}  {:>6}  {:>10}  {}\n", r.repository, width, r.files_scanned, e, w, n, s,
                       r.execution_successful ? "ok" : "FAILED");
    files += r.files_scanned;
    errors += e;
    warnings += w;
    notes += n;
    suppressed += s;
  }
  out += fmt::format("{:<{}}  {:>6}  {:>6}  {:>8}  {:>6}  {:>10}\n", fmt::format("{} repositories", reports.size()), width, files,
                     errors, warnings, notes, suppressed);
  return out;
}

int writeCombinedOutputs(const std::filesystem::path& dir, const std::vector<Report>& reports, const Shard& shard,
                         std::FILE* summary) {
  std::string stem = shard.count > 1 ? fmt::format("palisade-audit.shard-{}-of-{}", shard.index, shard.count) : "palisade-audit";
  // Each output is rendered, written and freed before the next, so a large
  // audit holds one rendered document at a time, not all of them.
  auto write = [&](const std::string& name, const std::string& bytes) {
    std::string error = writeFileAtomically((dir / name).string(), bytes);
    if (!error.empty()) fmt::print(stderr, "palisade: {}\n", error);
    return error.empty();
  };
  if (!write(stem + ".json", renderJson(reports))) return 2;
  if (!write(stem + ".html", renderHtml(reports))) return 2;
  std::vector<std::string> sarif_notes;
  {
    SarifDocuments sarif = renderSarifDocuments(reports);
    sarif_notes = sarif.notes;
    for (std::size_t i = 0; i < sarif.documents.size(); ++i) {
      std::string name = sarif.documents.size() == 1 ? stem + ".sarif"
                                                     : fmt::format("{}.part-{}-of-{}.sarif", stem, i + 1, sarif.documents.size());
      if (!write(name, sarif.documents[i])) return 2;
      std::string().swap(sarif.documents[i]);
    }
  }
  std::string table = summaryTable(reports);
  if (!write(stem + ".summary.txt", table)) return 2;
  if (summary) {
    fmt::print(summary, "{}", table);
    for (const std::string& note : sarif_notes) fmt::print(summary, "note: {}\n", note);
    fmt::print(summary, "wrote {}/{}.{{json,sarif,html,summary.txt}}\n", dir.string(), stem);
  }
  return 0;
}

}  // namespace palisade
