#include "reporters/utf16_text.h"

#include <algorithm>

namespace palisade {

namespace {

std::size_t sequenceLength(unsigned char lead) {
  if (lead >= 0xF0) return 4;
  if (lead >= 0xE0) return 3;
  if (lead >= 0xC0) return 2;
  return 1;
}

}  // namespace

std::size_t utf16Length(std::string_view text) {
  std::size_t units = 0;
  for (std::size_t i = 0; i < text.size();) {
    std::size_t length = std::min(sequenceLength(static_cast<unsigned char>(text[i])), text.size() - i);
    units += length == 4 ? 2 : 1;
    i += length;
  }
  return units;
}

std::size_t byteOffsetOfUtf16Column(std::string_view line, uint32_t column) {
  uint32_t current = 1;
  std::size_t i = 0;
  while (i < line.size() && current < column) {
    std::size_t length = std::min(sequenceLength(static_cast<unsigned char>(line[i])), line.size() - i);
    current += length == 4 ? 2 : 1;
    i += length;
  }
  return i;
}

std::string utf16Slice(std::string_view line, uint32_t start_column, uint32_t end_column) {
  if (end_column <= start_column) return {};
  std::size_t begin = byteOffsetOfUtf16Column(line, start_column);
  std::size_t end = byteOffsetOfUtf16Column(line, end_column);
  return std::string(line.substr(begin, end - begin));
}

}  // namespace palisade
