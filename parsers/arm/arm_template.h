// ArmTemplateReader: evaluates one parsed ARM template Value (also the
// inline templates of nested deployments, and the parameter values of ARM
// parameter files) into Resources. Used by readArmTemplate.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/resource.h"
#include "core/source_file.h"
#include "parsers/file_model.h"

namespace palisade {

// Parameter values by name, as read from an ARM parameter file or bound by a caller.
using ParameterValues = std::map<std::string, Value, std::less<>>;

struct ArmTemplateInput {
  const Value* template_root = nullptr;  // the template object
  const SourceFile* file = nullptr;
  ParameterValues parameters;
  std::vector<ModuleCall> module_chain;
  ReadLimits limits;
  std::optional<DeploymentScope> scope;  // set by a calling module's `scope:`; else from the schema
};

// Evaluates a template into `out` (resources and diagnostics).
void evaluateArmTemplate(const ArmTemplateInput& input, FileModel& out);

// The scope kind a template's `$schema` names: resourceGroup, subscription, managementGroup or tenant.
std::string targetScopeOf(const Value& template_root);

// Reads `parameters.<name>.value` of an ARM parameter file value.
ParameterValues armParameterFileValues(const Value& root);

}  // namespace palisade
