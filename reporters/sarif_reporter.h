// The SARIF 2.1.0 reporter, shaped for GitHub code scanning: one run per
// report, rules with help and CIS taxonomies, results with regions, GitHub's
// line hashes and our fingerprints, suppressions, and notifications. When a
// batch exceeds GitHub's upload limits it is split into several documents,
// never truncated.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "reporters/document_frame.h"
#include "reporters/report.h"

namespace palisade {

// GitHub code scanning's limits for one SARIF upload.
struct SarifLimits {
  std::size_t max_results_per_run = 25'000;
  std::size_t max_runs_per_document = 20;
  // GitHub counts gzipped bytes; reporters link no compressor, so the uncompressed
  // size, always larger, is what is kept under this bound.
  std::size_t max_document_bytes = 10 * 1024 * 1024;
  // tool.driver.rules: every rule that ran (`--sarif-rules all`), or, by
  // default, only those that produced results or notifications — what GitHub
  // and editors read, and a fraction of the size.
  bool all_rules = false;
};

// One document with every report as a run. If it exceeds the limits it still
// holds everything, and says so in a tool execution notification.
std::string renderSarif(const std::vector<Report>& reports, const SarifLimits& limits = {});

struct SarifDocuments {
  std::vector<std::string> documents;
  std::vector<std::string> notes;  // why and how the output was split; empty when it was not

  bool split() const { return documents.size() > 1; }
};

// Every report in as few documents as the limits allow: a run with too many
// results becomes several runs (each with its own automation category), runs
// are packed up to the run and size limits. Nothing is dropped.
SarifDocuments renderSarifDocuments(const std::vector<Report>& reports, const SarifLimits& limits = {});

// renderSarifDocuments streamed, one report at a time (a batch audit never
// holds all of them): each report's runs as elements of a document's "runs"
// array, packed into documents by their sizes, each document the frame
// around its runs. Same pieces, same bytes.
struct SarifRunText {
  std::string element;    // indented to sit in the frame
  std::size_t bytes = 0;  // what the packing counts
};
struct SarifReportRuns {
  std::vector<SarifRunText> runs;
  std::string note;  // when the report's results were split into several runs
};
SarifReportRuns renderSarifRuns(const Report& report, const SarifLimits& limits = {});
DocumentFrame sarifFrame();
// How many runs, in order, go into each document (at least one document).
std::vector<std::size_t> packSarifRuns(const std::vector<std::size_t>& run_bytes, const SarifLimits& limits = {});
// The note that says a batch was split into `documents` documents and why.
std::string sarifSplitNote(std::size_t documents, const SarifLimits& limits = {});

}  // namespace palisade
