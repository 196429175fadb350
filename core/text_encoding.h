// Text encoding checks for scanned files: UTF-8 validity (with the offset of
// the first bad byte) and UTF-16/32 detection by byte-order mark.
#pragma once

#include <cstdint>
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

namespace palisade {

// Appends a code point as UTF-8; a surrogate or a value past U+10FFFF becomes U+FFFD.
void appendUtf8(std::string& out, uint32_t code_point);

// What decoding a file's bytes found.
struct DecodedText {
  std::string text;          // UTF-8 (the input itself when it was not wide)
  std::string_view decoded_from;  // "UTF-16LE" … when converted from a BOM-marked wide encoding
  std::string_view looks_like;    // "UTF-16LE"/"UTF-16BE" when there is no BOM but the bytes are plainly wide
};

// UTF-16 and UTF-32 text with a byte-order mark becomes UTF-8 (without the
// mark), so lines and columns of what a person sees stay where they were; an
// unpaired surrogate or out-of-range code point becomes U+FFFD. Without a
// mark, text whose first bytes alternate with NULs is reported, not guessed.
DecodedText decodeToUtf8(std::string bytes);

}  // namespace palisade
