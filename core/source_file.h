// SourceFile: the bytes of one scanned file, its display path and a line
// index, so spans can be turned into lines, UTF-16 columns and snippets.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "core/line_hash.h"
#include "core/span.h"

namespace palisade {

class SourceFile {
 public:
  // `path` is what reports show: relative to the scan root, '/'-separated.
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  std::size_t lineCount() const { return line_starts_.size(); }

  // 1-based line; returns the line without its terminator ("" when out of range).
  std::string_view lineText(uint32_t line) const;
  // Byte offset of a 1-based line's first byte.
  uint32_t lineStart(uint32_t line) const;
  // Converts a 1-based byte column on a line into a 1-based UTF-16 column.
  uint32_t utf16Column(uint32_t line, uint32_t byte_column) const;
  // 1-based line and byte column of a byte offset.
  std::pair<uint32_t, uint32_t> lineColumnOf(uint32_t offset) const;
  // A zero-width span at a byte offset of this file.
  Span pointAt(uint32_t offset) const;
  // GitHub's primaryLocationLineHash of a 1-based line (core/line_hash.h),
  // computed for the whole file once, on first use, from any thread.
  std::string lineHash(uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
  mutable std::once_flag line_hashes_once_;
  mutable std::vector<LineHashCode> line_hashes_;
};

using SourceFilePtr = std::shared_ptr<const SourceFile>;

}  // namespace palisade
