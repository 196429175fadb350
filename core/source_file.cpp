#include "core/source_file.h"

#include <algorithm>
#include <cstring>

#include "core/line_hash.h"

namespace palisade {

SourceFile::SourceFile(std::string path, std::string text) : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  const char* begin = text_.data();
  const char* end = begin + text_.size();
  for (const char* p = begin; (p = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p))));) {
    ++p;
    line_starts_.push_back(static_cast<uint32_t>(p - begin));
  }
}

uint32_t SourceFile::lineStart(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return static_cast<uint32_t>(text_.size());
  return line_starts_[line - 1];
}

std::string_view SourceFile::lineText(uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  uint32_t begin = line_starts_[line - 1];
  uint32_t end = line < line_starts_.size() ? line_starts_[line] : static_cast<uint32_t>(text_.size());
  std::string_view view(text_.data() + begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

uint32_t SourceFile::utf16Column(uint32_t line, uint32_t byte_column) const {
  std::string_view text = lineText(line);
  if (byte_column == 0) return 0;
  std::size_t limit = std::min<std::size_t>(byte_column - 1, text.size());
  uint32_t units = 0;
  for (std::size_t i = 0; i < limit;) {
    auto lead = static_cast<unsigned char>(text[i]);
    std::size_t width = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 1;
    units += width == 4 ? 2 : 1;
    i += width;
  }
  // A column past the end of the line (an end position after the last byte) keeps its excess.
  if (byte_column - 1 > text.size()) units += static_cast<uint32_t>(byte_column - 1 - text.size());
  return units + 1;
}

Span SourceFile::pointAt(uint32_t offset) const {
  Span s;
  s.file = this;
  s.begin = s.end = offset;
  auto [line, column] = lineColumnOf(offset);
  s.start = s.stop = {line, column};
  return s;
}

std::string SourceFile::lineHash(uint32_t line) const {
  std::call_once(line_hashes_once_, [this] { line_hashes_ = lineHashCodes(text_); });
  if (line == 0 || line > line_hashes_.size()) return {};
  return formatLineHash(line_hashes_[line - 1]);
}

std::pair<uint32_t, uint32_t> SourceFile::lineColumnOf(uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<uint32_t>(it - line_starts_.begin());
  return {line, offset - line_starts_[line - 1] + 1};
}

}  // namespace palisade
