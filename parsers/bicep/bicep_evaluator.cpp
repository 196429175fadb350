#include "parsers/bicep/bicep_evaluator.h"

#include "parsers/bicep/bicep_instance.h"

namespace palisade {

BicepInstanceResult evaluateBicepUnit(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
                                      const std::vector<ModuleCall>& chain,
                                      const std::vector<std::filesystem::path>& path_chain,
                                      const ModuleCallSite* call_site) {
  bicep::Instance instance(workspace, unit, parameters, chain, path_chain, call_site);
  BicepInstanceResult result = instance.run();
  // Nested child resources follow the resources of the file; the deployment comes last.
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    auto it = instance.nested_children_.find(&d);
    if (it == instance.nested_children_.end()) continue;
    for (const auto& child : it->second) {
      if (child.deployed != Tri::False) result.resources.push_back(child.resource);
    }
  }
  result.resources.push_back(instance.deploymentResource(result.outputs));
  return result;
}

ParameterValues evaluateBicepParamFile(BicepWorkspace& workspace, const BicepUnit& unit) {
  ParameterValues none;
  std::vector<ModuleCall> chain;
  std::vector<std::filesystem::path> paths;
  bicep::Instance instance(workspace, unit, none, chain, paths, nullptr);
  ParameterValues values;
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    if (d.kind == BicepDeclaration::Kind::Param) values.insert_or_assign(d.name, instance.parameterValue(d.name));
  }
  return values;
}

}  // namespace palisade
