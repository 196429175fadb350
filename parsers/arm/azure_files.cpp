#include "parsers/arm/azure_files.h"

#include <fmt/format.h>


#include "core/read_file.h"
#include "parsers/arm/located_json.h"

namespace palisade {

SourceFilePtr loadSourceFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                             FileModel& out) {
  std::string display = root.displayPath(file);
  auto read = readFileBytes(file, limits.max_file_bytes);
  if (auto* failure = std::get_if<ReadFailure>(&read)) {
    out.diagnostics.push_back(Diagnostic{
        GenCode::ParseError,
        failure->kind == ReadFailure::Kind::TooLarge
            ? fmt::format("file of {} bytes exceeds the limit of {} bytes", failure->size, limits.max_file_bytes)
            : fmt::format("cannot read file: {}", failure->reason),
        {},
        display});
    return nullptr;
  }
  auto source = std::make_shared<const SourceFile>(display, std::move(std::get<std::string>(read)));
  out.files.push_back(source);
  return source;
}

ParameterValues readArmParameterFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                                     FileModel& out) {
  SourceFilePtr source = loadSourceFile(file, root, limits, out);
  if (!source) return {};
  LocatedJsonResult parsed = parseLocatedJson(*source, limits.max_depth);
  if (!parsed.ok) {
    out.diagnostics.push_back(Diagnostic{GenCode::ParseError, "invalid JSON: " + parsed.error, parsed.error_span, source->path()});
    return {};
  }
  return armParameterFileValues(parsed.value);
}

}  // namespace palisade
