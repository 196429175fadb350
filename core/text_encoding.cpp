#include "core/text_encoding.h"

#include <algorithm>
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

void appendUtf8(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

namespace {

uint32_t unitAt(std::string_view bytes, std::size_t i, std::size_t width, bool little) {
  uint32_t v = 0;
  for (std::size_t k = 0; k < width; ++k) {
    uint32_t b = static_cast<unsigned char>(bytes[i + (little ? width - 1 - k : k)]);
    v = (v << 8) | b;
  }
  return v;
}

std::string fromUtf16(std::string_view bytes, bool little) {
  std::string out;
  out.reserve(bytes.size() / 2 + bytes.size() / 8);
  std::size_t i = 2;  // after the BOM
  while (i + 1 < bytes.size()) {
    uint32_t unit = unitAt(bytes, i, 2, little);
    i += 2;
    if (unit >= 0xD800 && unit <= 0xDBFF && i + 1 < bytes.size()) {
      uint32_t low = unitAt(bytes, i, 2, little);
      if (low >= 0xDC00 && low <= 0xDFFF) {
        i += 2;
        appendUtf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
        continue;
      }
    }
    appendUtf8(out, unit);
  }
  if (i < bytes.size()) appendUtf8(out, 0xFFFD);  // an odd last byte
  return out;
}

std::string fromUtf32(std::string_view bytes, bool little) {
  std::string out;
  out.reserve(bytes.size() / 4 + 16);
  std::size_t i = 4;
  for (; i + 3 < bytes.size(); i += 4) appendUtf8(out, unitAt(bytes, i, 4, little));
  if (i < bytes.size()) appendUtf8(out, 0xFFFD);
  return out;
}

// Without a BOM: ASCII-range text saved as UTF-16 has a NUL in every other byte.
std::string_view wideWithoutBom(std::string_view bytes) {
  std::size_t n = std::min<std::size_t>(bytes.size(), 256) & ~std::size_t{1};
  if (n < 4) return {};
  std::size_t even_nul = 0, odd_nul = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (bytes[i] != '\0') continue;
    (i % 2 == 0 ? even_nul : odd_nul)++;
  }
  std::size_t pairs = n / 2;
  if (odd_nul * 10 >= pairs * 9 && even_nul * 10 <= pairs) return "UTF-16LE";
  if (even_nul * 10 >= pairs * 9 && odd_nul * 10 <= pairs) return "UTF-16BE";
  return {};
}

}  // namespace

DecodedText decodeToUtf8(std::string bytes) {
  DecodedText out;
  std::string_view wide = wideEncodingByBom(bytes);
  if (wide == "UTF-16LE") out.text = fromUtf16(bytes, true);
  else if (wide == "UTF-16BE") out.text = fromUtf16(bytes, false);
  else if (wide == "UTF-32LE") out.text = fromUtf32(bytes, true);
  else if (wide == "UTF-32BE") out.text = fromUtf32(bytes, false);
  if (!wide.empty()) {
    out.decoded_from = wide;
    return out;
  }
  out.looks_like = wideWithoutBom(bytes);
  out.text = std::move(bytes);
  return out;
}

}  // namespace palisade
