// UTF-16 measures of UTF-8 text: finding columns are UTF-16 code units (as
// SARIF and editors count them), while snippets are stored as UTF-8.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace palisade {

std::size_t utf16Length(std::string_view text);

// The part of a line from 1-based UTF-16 column `start_column` up to, not
// including, `end_column`.
std::string utf16Slice(std::string_view line, uint32_t start_column, uint32_t end_column);

// The byte offset in `line` of a 1-based UTF-16 column (clamped to the line).
std::size_t byteOffsetOfUtf16Column(std::string_view line, uint32_t column);

}  // namespace palisade
