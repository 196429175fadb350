// Reading the files of the Azure front ends: a bounded read of a source file
// into a SourceFile (errors become located diagnostics), and ARM parameter
// files (`--params`), shared by the Bicep and ARM readers.
#pragma once

#include <filesystem>

#include "parsers/arm/arm_template.h"
#include "parsers/file_model.h"

namespace palisade {

// Reads a file within the size limit; on failure records a diagnostic and returns nullptr.
// The SourceFile is added to `out.files`.
SourceFilePtr loadSourceFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                             FileModel& out);

// Reads the `parameters.<name>.value` of an ARM parameter JSON file.
ParameterValues readArmParameterFile(const std::filesystem::path& file, const ScanRoot& root, const ReadLimits& limits,
                                     FileModel& out);

}  // namespace palisade
