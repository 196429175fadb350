// Bicep front end entry point: evaluates a scan root's .bicep and
// .bicepparam files into Resources, following local modules. Types shared
// with the ARM reader (AzureReadOptions) come from arm_reader.h.
#pragma once

#include <filesystem>
#include <vector>

#include "parsers/arm/arm_reader.h"
#include "parsers/file_model.h"

namespace palisade {

// Evaluates a scan root's Bicep files (.bicep and .bicepparam), following local modules.
// A .bicep file used as a module by another file in `files` is evaluated through its callers
// (with bound parameters), not standalone; a .bicepparam file evaluates its `using` target with its values.
FileModel readBicepFiles(const std::vector<std::filesystem::path>& files, const ScanRoot& root, const AzureReadOptions& options);

}  // namespace palisade
