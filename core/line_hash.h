// Line hashes as GitHub code scanning computes them for SARIF's
// partialFingerprints.primaryLocationLineHash: a rolling hash over the first
// 100 non-blank UTF-16 code units from each line's start (spaces and tabs
// dropped, line endings folded to '\n'), plus ":N", N counting earlier lines
// of the file with the same hash. Matching GitHub's value lets code scanning
// track an alert across commits exactly as it would for its own analyses.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

// A line's hash before it is rendered: the rolling hash and its occurrence N.
struct LineHashCode {
  uint64_t hash = 0;
  uint32_t occurrence = 0;
};

// The codes of every line of a UTF-8 text, index 0 for line 1 (as lineHashes).
// Cheap to keep for a whole file; render the few that findings need.
std::vector<LineHashCode> lineHashCodes(std::string_view text);
// "hash:N", as GitHub writes it.
std::string formatLineHash(const LineHashCode& code);

// The hash of every line of a UTF-8 text, index 0 for line 1. A text ending in
// a line break has one more (empty) line, as GitHub counts it.
std::vector<std::string> lineHashes(std::string_view text);

// The hash of one 1-based line; empty when the line is out of range.
std::string lineHash(std::string_view text, uint32_t line);

}  // namespace palisade
