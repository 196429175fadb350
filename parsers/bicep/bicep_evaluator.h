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

// What a calling module decides for the file it calls: where it deploys
// (`scope:`) and the name of the deployment (`name:`, "" when not known).
struct ModuleCallSite {
  DeploymentScope scope;
  std::string deployment_name;
};

// Evaluates `unit` with parameter values; `chain` is the module chain above it and
// `path_chain` the files of that chain (for cycle detection). Without a `call_site`
// (an entry file) it deploys to its `targetScope` with unknown names. The last
// resource is the file's deployment (`Microsoft.Resources/deployments`): its
// parameters and outputs, as an ARM deployment holds them.
BicepInstanceResult evaluateBicepUnit(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
                                      const std::vector<ModuleCall>& chain,
                                      const std::vector<std::filesystem::path>& path_chain,
                                      const ModuleCallSite* call_site = nullptr);

// The parameter values a .bicepparam file assigns (evaluated in its own scope).
ParameterValues evaluateBicepParamFile(BicepWorkspace& workspace, const BicepUnit& unit);

}  // namespace palisade
