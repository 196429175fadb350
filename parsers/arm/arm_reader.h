// ARM JSON front end: reads a deployment template (`$schema` …
// deploymentTemplate.json) into Resources with the span of every value,
// evaluating `[...]` template expressions with the shared evaluator, and
// expanding `copy` loops, `condition`s, nested child resources and nested
// `Microsoft.Resources/deployments` with inline templates.
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "parsers/file_model.h"

namespace palisade {

struct AzureReadOptions {
  std::vector<std::filesystem::path> parameter_files;  // --params: ARM parameter JSON or .bicepparam, absolute
  ReadLimits limits;
  std::size_t jobs = 1;  // threads for parsing and evaluating Bicep files
};

// True when a .json text is an ARM deployment template (its $schema names deploymentTemplate).
bool looksLikeArmTemplate(std::string_view text);

// Reads one ARM template into resources (nested deployments and copy loops expanded).
FileModel readArmTemplate(const std::filesystem::path& file, const ScanRoot& root, const AzureReadOptions& options);
// The same for a template already read (its SourceFile is added to the model).
FileModel readArmTemplate(SourceFilePtr source, const ScanRoot& root, const AzureReadOptions& options);

}  // namespace palisade
