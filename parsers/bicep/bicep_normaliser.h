// Bicep normaliser: rewrites newer Bicep syntax that the tree-sitter grammar
// does not know into syntax it parses, keeping every byte offset (rewrites
// are padded with spaces), and records what it rewrote so the evaluator can
// restore the meaning. Also turns a .bicepparam file into parsable Bicep
// (`param x = v` → `var   x = v`).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

struct NormalisedBicep {
  std::string text;  // same length as the input
  // `...value` in an object became the property `__: value`; the offsets of those keys.
  std::set<uint32_t> object_spread_keys;
  // `...item` in an array became `   item`; the offsets where those items start.
  std::set<uint32_t> array_spread_items;
  // In a .bicepparam file: the offsets of the names of `param` assignments.
  std::set<uint32_t> bicepparam_names;
  // A string starting with `//` is lexed as a comment by the grammar: its first `/` became `\`;
  // the offsets of those backslashes, which stand for `//`.
  std::set<uint32_t> leading_slashes;
  // The offsets of `?` nullable-type markers that were blanked (`param x myType?`).
  std::set<uint32_t> nullable_marks;
  // Compile-time imports, blanked from the text: `import { a, b as c } from 'path'`.
  struct Import {
    std::vector<std::string> exported;  // a, b
    std::vector<std::string> local;     // a, c
    std::string path;
    uint32_t begin = 0;
    uint32_t end = 0;
  };
  std::vector<Import> imports;
  std::size_t rewrites = 0;  // how many constructs were rewritten
};

NormalisedBicep normaliseBicep(std::string_view text, bool bicepparam);

}  // namespace palisade
