#include "parsers/arm/azure_files.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "parsers/arm/located_json.h"

namespace palisade {

SourceFilePtr loadSourceFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                             FileModel& out) {
  std::string display = root.displayPath(file);
  std::error_code ec;
  auto size = std::filesystem::file_size(file, ec);
  if (ec) {
    out.diagnostics.push_back(Diagnostic{"GEN001", fmt::format("cannot read file: {}", ec.message()), {}, display});
    return nullptr;
  }
  if (size > limits.max_file_bytes) {
    out.diagnostics.push_back(
        Diagnostic{"GEN001", fmt::format("file of {} bytes exceeds the limit of {} bytes", size, limits.max_file_bytes), {}, display});
    return nullptr;
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    out.diagnostics.push_back(Diagnostic{"GEN001", "cannot open file", {}, display});
    return nullptr;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  auto source = std::make_shared<const SourceFile>(display, buffer.str());
  out.files.push_back(source);
  return source;
}

ParameterValues readArmParameterFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                                     FileModel& out) {
  SourceFilePtr source = loadSourceFile(file, root, limits, out);
  if (!source) return {};
  LocatedJsonResult parsed = parseLocatedJson(*source, limits.max_depth);
  if (!parsed.ok) {
    out.diagnostics.push_back(Diagnostic{"GEN001", "invalid JSON: " + parsed.error, parsed.error_span, source->path()});
    return {};
  }
  return armParameterFileValues(parsed.value);
}

}  // namespace palisade
