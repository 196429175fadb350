// ModuleResults: one evaluation task's memo of local Bicep module calls. A
// module called again with the same inputs — typically a module under each of
// several instances of its caller — is evaluated once, and its resources are
// re-stamped with the module chain of each call.
#pragma once

#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "parsers/bicep/bicep_evaluator.h"

namespace palisade {

class ModuleResults {
 public:
  // The inputs a module's evaluation depends on: its file, the files above it
  // (cycles and the depth limit), the bound parameter values with their spans
  // and origins, which findings point at, and the scope and deployment name of
  // the call. Not the chain's call sites: those are re-stamped.
  static std::string keyOf(const std::filesystem::path& module, const std::vector<std::filesystem::path>& path_chain,
                           const ParameterValues& parameters, const ModuleCallSite* call_site);

  // A stored result for `key` with `chain` as the module chain above its resources; false when none.
  bool find(const std::string& key, const std::vector<ModuleCall>& chain, BicepInstanceResult& result) const;
  void store(std::string key, const BicepInstanceResult& result);

 private:
  std::unordered_map<std::string, BicepInstanceResult> results_;
};

// evaluateBicepUnit for a module call, through the workspace's ModuleResults: the diagnostics
// a repeated call would record are already in the task's output, from its first evaluation.
BicepInstanceResult evaluateModuleOnce(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
                                       const std::vector<ModuleCall>& chain,
                                       const std::vector<std::filesystem::path>& path_chain,
                                       const ModuleCallSite* call_site);

}  // namespace palisade
