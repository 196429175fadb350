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
  // Also yield the template's own deployment (`Microsoft.Resources/deployments`, shaped as a Bicep
  // file's: its secure parameters and its outputs), so template-level rules apply to ARM too.
  bool deployment_resource = false;
  // When set, receives the template's outputs: an object of output name -> value, evaluated as the
  // deployment would return them (so a Bicep file reading `mod.outputs.x` of an ARM module sees
  // it); what needs the deployed resources (`reference()`, `list*()`) stays Unknown.
  Value* outputs = nullptr;
};

// Evaluates a template into `out` (resources and diagnostics).
void evaluateArmTemplate(const ArmTemplateInput& input, FileModel& out);

// The scope kind a template's `$schema` names: resourceGroup, subscription, managementGroup or tenant.
std::string targetScopeOf(const Value& template_root);

// Matches parameter-file values to a template's declared parameters as Azure does: names
// without regard to case (a value for `aksDisableLocalAccounts` sets `AksDisableLocalAccounts`,
// under the declared spelling). A value that names no declared parameter is dropped and,
// when `diagnostics` is given, reported as GEN016 where it is written. `template_name` names
// the template in that message.
ParameterValues matchParameterNames(const ParameterValues& given, const std::vector<std::string>& declared,
                                    std::string_view template_name, std::vector<Diagnostic>* diagnostics);
// The parameter names an ARM template declares.
std::vector<std::string> armDeclaredParameters(const Value& template_root);

// Reads `parameters.<name>.value` of an ARM parameter file value.
ParameterValues armParameterFileValues(const Value& root);

}  // namespace palisade
