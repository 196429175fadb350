// Shared by `audit` and `merge`: the combined outputs of a batch (JSON for
// merging, SARIF, HTML and the summary table), streamed so that memory holds
// one repository's findings at a time, never the whole batch's.
#pragma once

#include <array>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "reporters/html_reporter.h"
#include "reporters/report.h"
#include "scan/shard.h"

namespace palisade {

// One line of the summary table.
struct SummaryRow {
  std::string repository;
  std::size_t files = 0;
  std::array<std::size_t, 5> by_severity{};  // active findings, indexed by Severity
  std::size_t suppressed = 0;
  bool ok = true;
  // Why nothing was read, for a repository that completed without reading a
  // file: "empty", shown apart from clean ones. Empty otherwise.
  std::string empty_reason;
};
SummaryRow summaryRowOf(const Report& report);

// The per-repository table: repository, files, active findings by severity
// (critical, high, medium, low, info), suppressed, status (ok, empty or FAILED), then the empty repositories with
// their reasons.
std::string summaryTable(const std::vector<SummaryRow>& rows);

// How much of each repository the combined HTML shows; the rest is in its own report.
HtmlLimits batchHtmlLimits();

// palisade-audit[.shard-I-of-N].{json,sarif,html,summary.txt} (SARIF split
// into numbered parts when GitHub's limits require). Each repository's share
// of the combined JSON and SARIF is rendered as soon as it is added and
// parked in a hidden folder of the output directory; finish() joins the
// pieces in order, byte for byte what rendering all reports at once gives.
class CombinedOutputs {
 public:
  CombinedOutputs(std::filesystem::path dir, const Shard& shard);
  ~CombinedOutputs();
  CombinedOutputs(const CombinedOutputs&) = delete;
  CombinedOutputs& operator=(const CombinedOutputs&) = delete;

  // Creates the folder for the pieces; an error message or empty.
  std::string start();
  // Renders a report's pieces and keeps its summary; returns its slot, the
  // order finish() uses unless told otherwise. Safe to call from several threads.
  std::size_t add(const Report& report, std::string html_link);
  // Reserves slots 0..count-1 so that workers can add() into their own slot.
  void reserve(std::size_t count);
  void add(std::size_t slot, const Report& report, std::string html_link);

  // Writes the combined files with the slots in `order` (all slots in order
  // when empty), prints the summary table. 0, or 2 when an output cannot be written.
  int finish(std::FILE* summary, std::vector<std::size_t> order = {});

 private:
  struct Slot;
  std::string piecePath(std::size_t slot, const char* extension) const;

  std::filesystem::path dir_;
  std::string stem_;
  std::filesystem::path pieces_;
  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<Slot>> slots_;
  std::string error_;
};

}  // namespace palisade
