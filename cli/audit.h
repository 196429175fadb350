// Shared by `audit` and `merge`: the combined outputs of
// a batch (JSON for merging, SARIF, HTML and the summary table).
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "reporters/report.h"
#include "rules/engine/rule_set.h"
#include "scan/shard.h"

namespace palisade {

// Writes palisade-audit[.shard-I-of-N].{json,sarif,html} (SARIF split into
// numbered parts when GitHub's limits require) and prints the summary table.
// Returns 0, or 2 when an output cannot be written.
int writeCombinedOutputs(const std::filesystem::path& dir, const std::vector<Report>& reports, const Shard& shard,
                         std::FILE* summary);

// The per-repository table: repository, files, errors, warnings, notes, suppressed.
std::string summaryTable(const std::vector<Report>& reports);

}  // namespace palisade
