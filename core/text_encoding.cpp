#include "core/text_encoding.h"

#include <cstdint>
#include <cstring>

namespace palisade {

std::optional<std::size_t> firstInvalidUtf8(std::string_view text) {
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // ASCII runs, which are most of any file, eight bytes at a time.
    uint64_t word = 0;
    while (i + sizeof word <= n) {
      std::memcpy(&word, text.data() + i, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      i += sizeof word;
    }
    if (i >= n) break;
    auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t extra;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) {
      extra = 1;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      extra = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + extra >= n) return i;  // truncated sequence at the end
    uint32_t code = c & (0x3F >> extra);
    for (std::size_t k = 1; k <= extra; ++k) {
      auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return i;
      code = (code << 6) | (cc & 0x3F);
    }
    if (code < min || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += extra + 1;
  }
  return std::nullopt;
}

std::string replaceInvalidUtf8(std::string_view text, char replacement) {
  std::string out(text);
  std::size_t from = 0;
  while (auto bad = firstInvalidUtf8(std::string_view(out).substr(from))) {
    out[from + *bad] = replacement;
    from += *bad + 1;
  }
  return out;
}

std::string_view wideEncodingByBom(std::string_view text) {
  if (text.size() >= 4 && text.substr(0, 4) == std::string_view("\xFF\xFE\x00\x00", 4)) return "UTF-32LE";
  if (text.size() >= 4 && text.substr(0, 4) == std::string_view("\x00\x00\xFE\xFF", 4)) return "UTF-32BE";
  if (text.size() >= 2 && text.substr(0, 2) == "\xFF\xFE") return "UTF-16LE";
  if (text.size() >= 2 && text.substr(0, 2) == "\xFE\xFF") return "UTF-16BE";
  return {};
}

}  // namespace palisade
