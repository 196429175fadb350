// ARM JSON front end: reads a deployment template (`$schema` …
// deploymentTemplate.json) into Resources with the span of every value,
// evaluating `[...]` template expressions with the shared evaluator, and
// expanding `copy` loops, `condition`s, nested child resources and nested
// `Microsoft.Resources/deployments` with inline templates.
#pragma once

#include <filesystem>
#include <string_view>
#include <utility>
#include <vector>

#include "parsers/bicep/bicep_registry.h"
#include "parsers/file_model.h"

namespace palisade {

struct AzureReadOptions {
  std::vector<std::filesystem::path> parameter_files;  // --params: ARM parameter JSON or .bicepparam, absolute
  ReadLimits limits;
  std::size_t jobs = 1;  // threads for parsing and evaluating Bicep files
  // Report --params values that name no parameter of the template (GEN016): when one template is scanned,
  // not when a folder is (the same parameter file is then given to templates it was not written for).
  bool report_unknown_parameters = false;
  // Where registry and template-spec modules of Bicep files are found (bicep_registry.h).
  RegistryOptions registry;
  // Files read already, by absolute path (standard input under its --stdin-filename): used instead of the disk.
  std::vector<std::pair<std::filesystem::path, SourceFilePtr>> given_files;
};

// True when a .json text is an ARM deployment template (its $schema names deploymentTemplate).
bool looksLikeArmTemplate(std::string_view text);

// The ARM parameters files kept beside a template as `az deployment` users
// lay them out, sorted: in the template's folder, those named after it
// (`azuredeploy.parameters.json`, `azuredeploy.parameters.dev.json`,
// `azuredeploy.dev.parameters.json`); else, when the template is the only one
// in its folder, every parameters file there (`parameters.json`,
// `parameters-dev.json`, `*.parameters.json`). Only files whose content is a
// parameters file (`deploymentParameters.json` schema) count.
std::vector<std::filesystem::path> pairedParameterFiles(const std::filesystem::path& template_file);

// Reads one ARM template into resources (nested deployments and copy loops
// expanded), with `--params` only.
FileModel readArmTemplate(const std::filesystem::path& file, const ScanRoot& root, const AzureReadOptions& options);
// The same for a template already read (its SourceFile is added to the model),
// once per parameters file paired with it (the scanner passes
// pairedParameterFiles()), or once without one; `--params` values override
// the paired values.
FileModel readArmTemplate(SourceFilePtr source, const ScanRoot& root, const AzureReadOptions& options,
                          const std::vector<std::filesystem::path>& paired = {});

}  // namespace palisade
