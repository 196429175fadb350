#include "core/fix.h"

#include <fmt/format.h>

#include <algorithm>

#include "core/source_file.h"

namespace palisade {

TextEdit makeEdit(const SourceFile& file, uint32_t begin, uint32_t end, std::string text) {
  TextEdit edit;
  edit.uri = file.path();
  edit.begin = begin;
  edit.end = end;
  edit.text = std::move(text);
  auto [start_line, start_byte] = file.lineColumnOf(begin);
  auto [end_line, end_byte] = file.lineColumnOf(end);
  edit.start_line = start_line;
  edit.start_column = file.utf16Column(start_line, start_byte);
  edit.end_line = end_line;
  edit.end_column = file.utf16Column(end_line, end_byte);
  return edit;
}

bool editsConflict(const TextEdit& a, const TextEdit& b) {
  if (a.uri != b.uri) return false;
  if (a.begin == b.begin) return true;  // two insertions (or replacements) at one place: the order would matter
  return a.begin < b.end && b.begin < a.end;
}

std::optional<std::string> applyEdits(std::string_view text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(), [](const TextEdit& a, const TextEdit& b) { return a.begin < b.begin; });
  std::string out;
  out.reserve(text.size() + 64);
  std::size_t at = 0;
  for (std::size_t i = 0; i < edits.size(); ++i) {
    const TextEdit& e = edits[i];
    if (e.end < e.begin || e.end > text.size() || e.begin < at) return std::nullopt;
    if (i > 0 && editsConflict(edits[i - 1], e)) return std::nullopt;
    out.append(text.substr(at, e.begin - at));
    out += e.text;
    at = e.end;
  }
  out.append(text.substr(at));
  return out;
}

namespace {

std::vector<std::string_view> splitLines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t nl = text.find('\n', start);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

// One line of a diff: ' ', '-' or '+', and the line (with its terminator, if any).
struct DiffLine {
  char tag;
  std::string_view text;
  std::size_t old_line;  // 0-based index into the old lines (next old line for '+')
  std::size_t new_line;
};

}  // namespace

std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after) {
  if (before == after) return {};
  std::vector<std::string_view> a = splitLines(before);
  std::vector<std::string_view> b = splitLines(after);
  // Lines the two share at either end are context only; the middle (small for fixes) is compared in full.
  std::size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix && a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) ++suffix;
  std::size_t n = a.size() - prefix - suffix;
  std::size_t m = b.size() - prefix - suffix;
  std::vector<DiffLine> lines;
  for (std::size_t i = 0; i < prefix; ++i) lines.push_back({' ', a[i], i, i});
  if (n * m <= 4'000'000) {
    // Longest common subsequence of the middle lines.
    std::vector<std::vector<uint32_t>> lcs(n + 1, std::vector<uint32_t>(m + 1, 0));
    for (std::size_t i = n; i-- > 0;) {
      for (std::size_t j = m; j-- > 0;) {
        lcs[i][j] = a[prefix + i] == b[prefix + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
      }
    }
    std::size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[prefix + i] == b[prefix + j]) {
        lines.push_back({' ', a[prefix + i], prefix + i, prefix + j});
        ++i, ++j;
      } else if (i < n && (j == m || lcs[i + 1][j] >= lcs[i][j + 1])) {
        lines.push_back({'-', a[prefix + i], prefix + i, prefix + j});
        ++i;
      } else {
        lines.push_back({'+', b[prefix + j], prefix + i, prefix + j});
        ++j;
      }
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) lines.push_back({'-', a[prefix + i], prefix + i, prefix});
    for (std::size_t j = 0; j < m; ++j) lines.push_back({'+', b[prefix + j], prefix + n, prefix + j});
  }
  for (std::size_t k = 0; k < suffix; ++k) lines.push_back({' ', a[prefix + n + k], prefix + n + k, prefix + m + k});

  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  constexpr std::size_t kContext = 3;
  std::size_t k = 0;
  while (k < lines.size()) {
    while (k < lines.size() && lines[k].tag == ' ') ++k;
    if (k == lines.size()) break;
    std::size_t start = k >= kContext ? k - kContext : 0;
    // Extend the hunk while the next change is within two contexts.
    std::size_t end = k;
    while (true) {
      while (end < lines.size() && lines[end].tag != ' ') ++end;
      std::size_t next = end;
      while (next < lines.size() && lines[next].tag == ' ') ++next;
      if (next < lines.size() && next - end <= 2 * kContext) {
        end = next;
        continue;
      }
      end = std::min(lines.size(), end + kContext);
      break;
    }
    std::size_t old_count = 0, new_count = 0;
    for (std::size_t x = start; x < end; ++x) {
      if (lines[x].tag != '+') ++old_count;
      if (lines[x].tag != '-') ++new_count;
    }
    std::size_t old_start = lines[start].old_line + (old_count ? 1 : 0);
    std::size_t new_start = lines[start].new_line + (new_count ? 1 : 0);
    out += fmt::format("@@ -{},{} +{},{} @@\n", old_start, old_count, new_start, new_count);
    for (std::size_t x = start; x < end; ++x) {
      out += lines[x].tag;
      out += lines[x].text;
      if (lines[x].text.empty() || lines[x].text.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    k = end;
  }
  return out;
}

}  // namespace palisade
