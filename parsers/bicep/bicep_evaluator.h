// Bicep evaluator: turns one parsed Bicep file, with its parameter values,
// into Resources — variables, parameters, conditions, loops, nested and
// `parent:` child resources, `existing` resources, user-defined functions,
// load*Content() and local modules (parameters bound, outputs returned,
// module chain recorded). Files are loaded and parsed once through a
// BicepWorkspace (bicep_workspace.h) shared by every instance of a scan.
#pragma once

#include <filesystem>
#include <vector>

#include "parsers/arm/arm_template.h"
#include "parsers/bicep/bicep_workspace.h"

namespace palisade {

struct BicepInstanceResult {
  std::vector<Resource> resources;
  Value outputs;
};

// Evaluates `unit` with parameter values; `chain` is the module chain above it and
// `path_chain` the files of that chain (for cycle detection).
BicepInstanceResult evaluateBicepUnit(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
                                      const std::vector<ModuleCall>& chain,
                                      const std::vector<std::filesystem::path>& path_chain);

// The parameter values a .bicepparam file assigns (evaluated in its own scope).
ParameterValues evaluateBicepParamFile(BicepWorkspace& workspace, const BicepUnit& unit);

}  // namespace palisade
