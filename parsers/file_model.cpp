#include "parsers/file_model.h"

#include <fmt/format.h>

#include "core/read_file.h"
#include "core/text_encoding.h"

namespace palisade {

void FileModel::append(FileModel&& other) {
  for (auto& r : other.resources) resources.push_back(std::move(r));
  for (auto& d : other.diagnostics) diagnostics.push_back(std::move(d));
  for (auto& f : other.files) files.push_back(std::move(f));
}

std::string describeBytes(std::size_t bytes) {
  if (bytes >= (std::size_t{1} << 30) && bytes % (std::size_t{1} << 30) == 0) return fmt::format("{} GiB", bytes >> 30);
  if (bytes >= (std::size_t{1} << 20) && bytes % (std::size_t{1} << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (std::size_t{1} << 10) && bytes % (std::size_t{1} << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

SourceFilePtr sourceFromBytes(std::string bytes, const std::string& display, std::vector<Diagnostic>& diagnostics) {
  DecodedText decoded = decodeToUtf8(std::move(bytes));
  if (!decoded.looks_like.empty()) {
    diagnostics.push_back(Diagnostic{
        GenCode::InvalidEncoding,
        fmt::format("file looks like {} without a byte-order mark; not read: save it as UTF-8 (or with a BOM)", decoded.looks_like),
        {},
        display});
    return nullptr;
  }
  return std::make_shared<const SourceFile>(display, std::move(decoded.text));
}

SourceFilePtr loadSource(const std::filesystem::path& absolute, const std::string& display, const ReadLimits& limits,
                         std::vector<Diagnostic>& diagnostics) {
  auto read = readFileBytes(absolute, limits.max_file_bytes);
  if (auto* failure = std::get_if<ReadFailure>(&read)) {
    if (failure->kind == ReadFailure::Kind::TooLarge) {
      diagnostics.push_back(Diagnostic{GenCode::AnalysisLimit,
                                       fmt::format("not analysed: file is {} bytes, over the {} size limit (--max-file-size)",
                                                   failure->size, describeBytes(limits.max_file_bytes)),
                                       {},
                                       display});
    } else {
      diagnostics.push_back(Diagnostic{GenCode::InputNotScanned, fmt::format("cannot read file: {}", failure->reason), {}, display});
    }
    return nullptr;
  }
  return sourceFromBytes(std::move(std::get<std::string>(read)), display, diagnostics);
}

}  // namespace palisade
