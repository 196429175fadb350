// The baseline: the fingerprints of the findings a project had when it was
// recorded (`palisade baseline PATH... --output FILE`), so that
// `scan --baseline FILE` reports only new findings and counts the rest.
// Fingerprints hold rule, file, resource identity and property path, never
// line numbers: moving lines or reformatting a file keeps them; a different
// finding gets a different one. A fingerprint recorded N times covers N findings.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <variant>
#include <vector>

#include "core/finding.h"

namespace palisade {

struct Baseline {
  std::map<std::string, std::size_t> fingerprints;  // fingerprint → how many findings carry it
};

// The baseline file (JSON, sorted, no dates: it changes only when the findings do)
// for the active findings: neither suppressed nor already baselined.
std::string renderBaseline(const std::vector<Finding>& findings);

// Reads a baseline file, or says what is wrong with it.
std::variant<Baseline, std::string> loadBaseline(const std::filesystem::path& path);
std::variant<Baseline, std::string> parseBaseline(std::string_view text);

// The baseline filter stage: marks active findings recorded in the baseline.
std::vector<Finding> applyBaseline(std::vector<Finding> findings, const Baseline& baseline);

}  // namespace palisade
