#include "core/finding.h"

#include <fmt/format.h>

#include <algorithm>
#include <numeric>
#include <tuple>

#include "core/rule_info.h"
#include "core/source_file.h"

namespace palisade {

Location locate(const Span& span, std::string message) {
  Location loc;
  loc.message = std::move(message);
  if (!span.file) return loc;
  loc.uri = span.file->path();
  if (span.start.line == 0) return loc;
  loc.start_line = span.start.line;
  loc.start_column = span.file->utf16Column(span.start.line, span.start.column);
  Position stop = span.stop.line != 0 ? span.stop : span.start;
  loc.end_line = stop.line;
  loc.end_column = span.file->utf16Column(stop.line, stop.column);
  if (loc.end_line == loc.start_line && loc.end_column <= loc.start_column) loc.end_column = loc.start_column + 1;
  loc.snippet = std::string(span.file->lineText(span.start.line));
  return loc;
}

namespace {

// FNV-1a, 64 bit: stable across platforms and releases, which std::hash is not.
uint64_t fnv1a(std::string_view data, uint64_t hash = 0xcbf29ce484222325ULL) {
  for (unsigned char c : data) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

}  // namespace

std::string fingerprintOf(std::string_view rule_id, std::string_view file, std::string_view resource_identity,
                          std::string_view property_path) {
  uint64_t h = fnv1a(rule_id);
  h = fnv1a("\x1f", h);
  h = fnv1a(file, h);
  h = fnv1a("\x1f", h);
  h = fnv1a(resource_identity, h);
  h = fnv1a("\x1f", h);
  h = fnv1a(property_path, h);
  return fmt::format("{:016x}", h);
}

void sortFindings(std::vector<Finding>& findings) {
  auto before = [](const Finding& a, const Finding& b) {
    return std::tie(a.location.uri, a.location.start_line, a.location.start_column, a.rule_id) <
           std::tie(b.location.uri, b.location.start_line, b.location.start_column, b.rule_id);
  };
  // Rules report resource by resource in file order, so findings mostly come
  // sorted; and a Finding is large, so the sort orders indices and moves each
  // finding once (moving findings through a merge sort was the largest serial
  // step of a Kubernetes scan after the parallel ones).
  if (std::is_sorted(findings.begin(), findings.end(), before)) return;
  std::vector<std::size_t> order(findings.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return before(findings[a], findings[b]); });
  std::vector<Finding> sorted;
  sorted.reserve(findings.size());
  for (std::size_t i : order) sorted.push_back(std::move(findings[i]));
  findings = std::move(sorted);
}

std::string displayMessage(const Finding& finding) {
  if (finding.strict_reason.empty()) return finding.message;
  return finding.message + " (reported because of --strict: " + finding.strict_reason + ")";
}

Finding findingOfRule(const RuleInfo& rule) {
  Finding f;
  f.rule_id = rule.id;
  f.rule_name = rule.name;
  f.severity = rule.severity;
  f.level = levelOf(rule.severity);
  return f;
}

std::string ruleHelpUri(const RuleInfo& rule) {
  return fmt::format("{}/blob/main/docs/rules/{}.md", kProjectUri, rule.id);
}

}  // namespace palisade
