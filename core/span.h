// Span: where a piece of the model came from — its file, byte range and
// 1-based start/end line and byte column. Cheap to copy; the file is owned
// by the Project that owns the values carrying the span.
#pragma once

#include <cstdint>

namespace palisade {

class SourceFile;

struct Position {
  uint32_t line = 0;    // 1-based; 0 means unknown
  uint32_t column = 0;  // 1-based, in bytes
};

struct Span {
  const SourceFile* file = nullptr;
  uint32_t begin = 0;  // byte offsets, end exclusive
  uint32_t end = 0;
  Position start;
  Position stop;  // position just after the last byte

  bool valid() const { return file != nullptr && start.line != 0; }
};

}  // namespace palisade
