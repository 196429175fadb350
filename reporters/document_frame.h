// Streaming a pretty-printed JSON document (palisade JSON, SARIF) whose last
// member is one large array: the bytes before the array's elements and after
// them, so elements rendered one at a time, possibly in other processes or
// threads, join into exactly the bytes the whole document would dump as.
#pragma once

#include <string>
#include <string_view>

namespace palisade {

struct DocumentFrame {
  std::string open;   // up to and including "[\n"
  std::string close;  // from "\n  ]" to the end
  std::string empty;  // the whole document when the array has no element

  static constexpr std::string_view kSeparator = ",\n";
};

// From the document dumped (indent 2) with that array empty: its last member,
// `"key": []`, of the top-level object.
DocumentFrame frameAround(std::string empty_document);

// An element dumped at indent 0 (indent step 2), re-indented to sit in the
// frame's array. JSON strings hold no raw newline, so every newline is structure.
std::string indentAsElement(std::string_view dumped);

}  // namespace palisade
