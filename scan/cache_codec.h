// The scan cache's binary form of a FileModel: resources with their located
// Values, and diagnostics. Spans name their file by its place in a file table
// (the model's own `files`), so a decoded model points into SourceFiles the
// caller rebuilt from the same bytes. Compact (variable-length integers) and
// checked: a decoder that runs off the end or meets a bad tag fails, never crashes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "parsers/file_model.h"

namespace palisade {

// Appends `model`'s resources and diagnostics to `out`. False when a span
// points into a file that is not in model.files (then the model cannot be
// rebuilt from files alone and must not be cached).
bool encodeFileModel(const FileModel& model, std::string& out);
// The same with spans naming their file by its place in `files` instead of model.files.
bool encodeFileModel(const FileModel& model, const std::vector<SourceFilePtr>& files, std::string& out);

// Decodes what encodeFileModel wrote, starting at `offset` (moved past it).
// `files` are the model's files in the same order; they become the result's files.
std::optional<FileModel> decodeFileModel(std::string_view bytes, std::size_t& offset, const std::vector<SourceFilePtr>& files);

// The small pieces the cache's entries are made of, shared with scan/cache.cpp.
void putCacheVarint(std::string& out, uint64_t value);
void putCacheString(std::string& out, std::string_view text);

class CacheReader {
 public:
  CacheReader(std::string_view bytes, std::size_t offset) : bytes_(bytes), at_(offset) {}
  uint64_t varint();
  std::string_view string();
  bool failed() const { return failed_; }
  void fail() { failed_ = true; }
  std::size_t offset() const { return at_; }
  // True when at least `n` more bytes are there (a count read from the data is checked against it).
  bool has(uint64_t n) const { return !failed_ && n <= bytes_.size() - at_; }
  uint8_t byte();
  double number();

 private:
  std::string_view bytes_;
  std::size_t at_;
  bool failed_ = false;
};

}  // namespace palisade
