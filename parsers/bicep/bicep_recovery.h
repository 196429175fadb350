// Broken Bicep: a lexical pass that finds the top-level declarations whose
// brackets or strings do not close (an unclosed object, a resource cut off
// mid-body, a string left open). tree-sitter's recovery cannot be trusted to
// keep what follows such a declaration (an unclosed `{` swallows the rest of
// the file into one ERROR region), so the parser blanks each broken
// declaration — spaces over every byte but line breaks, so every other
// declaration keeps its offsets — and parses again.
//
// Declarations are split where a line starts with a declaration keyword
// (`resource`, `param`, `var`, `output`, `module`, `type`, `func`, `import`,
// `metadata`, `targetScope`, `using`, `extension`, `provider`) or a decorator:
// at any indentation while every bracket is closed, and at column 0 while one
// is open (formatted Bicep writes top-level declarations at column 0, nested
// resources indented).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

struct BrokenBicepDeclaration {
  uint32_t begin = 0;    // the declaration's first byte (its first decorator's)
  uint32_t end = 0;      // where the next declaration (or the file) starts
  uint32_t problem = 0;  // the unclosed opener, the stray closer or the open string
  std::string what;      // "'{' at line 6 is not closed", ...
  std::string declaration;  // "resource broken", or empty before the first declaration
};

std::vector<BrokenBicepDeclaration> findBrokenBicepDeclarations(std::string_view text);

// `text` with [begin, end) of each broken declaration replaced by spaces (line breaks kept).
std::string blankBicepDeclarations(std::string_view text, const std::vector<BrokenBicepDeclaration>& broken);

}  // namespace palisade
