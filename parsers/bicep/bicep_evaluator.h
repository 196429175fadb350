// Bicep evaluator: turns one parsed Bicep file, with its parameter values,
// into Resources — variables, parameters, conditions, loops, nested and
// `parent:` child resources, `existing` resources, user-defined functions,
// load*Content() and local modules (parameters bound, outputs returned,
// module chain recorded). Files are loaded and parsed once through a
// BicepWorkspace shared by every instance of a scan.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "parsers/arm/arm_template.h"
#include "parsers/bicep/bicep_syntax.h"
#include "parsers/file_model.h"

namespace palisade {

struct BicepUnit {
  std::filesystem::path path;  // absolute, canonical
  SourceFilePtr source;
  BicepSyntax syntax;
  bool bicepparam = false;
};

// Parsed files and loaded data files of one scan; records diagnostics once per file.
class BicepWorkspace {
 public:
  BicepWorkspace(const ScanRoot& root, const ReadLimits& limits, FileModel& out);

  // Loads and parses a .bicep/.bicepparam file (cached); nullptr when unreadable (a diagnostic is recorded).
  const BicepUnit* unit(const std::filesystem::path& path);
  // Parses files into the cache on up to `jobs` threads (before evaluation, which is single-threaded).
  void preload(const std::vector<std::filesystem::path>& paths, std::size_t jobs);
  // Loads a data file for load*Content() or a JSON module (cached); nullptr when unreadable.
  const SourceFile* dataFile(const std::filesystem::path& path);

  const ScanRoot& root() const { return root_; }
  const ReadLimits& limits() const { return limits_; }
  FileModel& out() { return out_; }
  // True once the scan's evaluation budget is spent; reported once.
  bool overBudget(const Span& where, const std::string& path);
  void startBudget();

 private:
  std::unique_ptr<BicepUnit> parseUnit(const std::filesystem::path& path, FileModel& sink) const;

  const ScanRoot& root_;
  ReadLimits limits_;
  FileModel& out_;
  std::map<std::filesystem::path, std::unique_ptr<BicepUnit>> units_;
  std::map<std::filesystem::path, SourceFilePtr> data_files_;
  std::chrono::steady_clock::time_point deadline_;
  bool budget_reported_ = false;
};

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
