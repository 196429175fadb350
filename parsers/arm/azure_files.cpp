#include "parsers/arm/azure_files.h"

#include <fmt/format.h>


#include "parsers/json/located_json.h"

namespace palisade {

SourceFilePtr loadSourceFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                             FileModel& out) {
  SourceFilePtr source = loadSource(file, root.displayPath(file), limits, out.diagnostics);
  if (source) out.files.push_back(source);
  return source;
}

ParameterValues readArmParameterFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                                     FileModel& out) {
  SourceFilePtr source = loadSourceFile(file, root, limits, out);
  if (!source) return {};
  LocatedJsonResult parsed = parseLocatedJson(*source, limits.max_depth);
  if (!parsed.ok) {
    out.diagnostics.push_back(jsonReadDiagnostic(parsed, source->path()));
    return {};
  }
  return armParameterFileValues(parsed.value);
}

}  // namespace palisade
