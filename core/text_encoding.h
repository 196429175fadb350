// Text encoding checks for scanned files: UTF-8 validity (with the offset of
// the first bad byte) and UTF-16/32 detection by byte-order mark.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace palisade {

// Offset of the first byte that is not valid UTF-8, or nullopt when all is well.
std::optional<std::size_t> firstInvalidUtf8(std::string_view text);
// The text with every byte of an invalid UTF-8 sequence replaced by
// `replacement`, so that byte offsets stay the same.
std::string replaceInvalidUtf8(std::string_view text, char replacement);
// "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE" when the text starts with that BOM, else empty.
std::string_view wideEncodingByBom(std::string_view text);

}  // namespace palisade
