// Fix: what a finding offers to change in the files so that it goes away —
// a title, whether it is safe (changes nothing beyond the rule's intent) and
// byte-range edits that keep the rest of each file as it was. A fix that
// cannot be offered (the value is computed by an expression) says why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

class SourceFile;

struct TextEdit {
  std::string uri;     // the edited file, relative to the scan root like Location::uri
  uint32_t begin = 0;  // byte range replaced, end exclusive; begin == end inserts
  uint32_t end = 0;
  std::string text;    // the replacement
  // The replaced range in SARIF's terms: 1-based lines, 1-based UTF-16 columns.
  uint32_t start_line = 0;
  uint32_t start_column = 0;
  uint32_t end_line = 0;
  uint32_t end_column = 0;

  bool operator==(const TextEdit&) const = default;
};

struct Fix {
  std::string title;
  bool safe = true;
  std::vector<TextEdit> edits;
  std::string refused;  // non-empty: no edit is offered, and this says why

  bool applicable() const { return refused.empty() && !edits.empty(); }
  bool operator==(const Fix&) const = default;
};

// An edit of `file` replacing [begin, end) with `text`, its region located.
TextEdit makeEdit(const SourceFile& file, uint32_t begin, uint32_t end, std::string text);

// Applies edits to a text: nullopt when two of them overlap (or insert at the
// same place) or one lies outside the text. Order of `edits` does not matter.
std::optional<std::string> applyEdits(std::string_view text, std::vector<TextEdit> edits);

// True when the two edits touch the same bytes or insert at the same place.
bool editsConflict(const TextEdit& a, const TextEdit& b);

// A unified diff (3 lines of context) from `before` to `after`, with
// `a/PATH` and `b/PATH` headers; empty when they are equal.
std::string unifiedDiff(std::string_view path, std::string_view before, std::string_view after);

}  // namespace palisade
