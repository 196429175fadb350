// The scan pipeline, one pure stage after another:
//   discover → read (parallel per file) → project → rules → findings.
// Filters (config, suppressions, baseline, diff) run on its output.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/discovery.h"
#include "core/finding.h"
#include "core/input_summary.h"
#include "core/project.h"
#include "parsers/bicep/bicep_registry.h"
#include "parsers/file_model.h"
#include "rules/engine/engine.h"
#include "rules/engine/rule_set.h"
#include "scan/cache.h"
#include "scan/helm_scan.h"
#include "scan/pod_spec_paths.h"

namespace palisade {

struct ScanRequest {
  std::vector<std::string> paths;           // files and folders; "-" is standard input
  std::optional<std::string> stdin_text;    // the text of "-", read by the caller
  std::string stdin_filename = "stdin.yaml";
  std::filesystem::path root;               // empty: chosen by discovery
  std::vector<std::filesystem::path> parameter_files;  // --params
  SkipPath skip;  // files and folders not to read (--exclude, the configuration's include/exclude)
  ReadLimits limits;
  std::size_t jobs = 1;
  bool strict = false;
  bool kustomize = true;  // build Kustomize roots (--no-kustomize: read their files as they are)
  HelmScanOptions helm;   // render Helm charts and with what (helm.render false: --no-helm)
  KubernetesVersion kubernetes_version = kDefaultKubernetesVersion;  // defaults of absent component flags
  std::vector<PodSpecLocation> pod_spec_paths;  // custom resources' pod specs (`pod-spec-paths`)
  // Registry module prefixes mapped to folders (--module-path, `module-paths:`); later entries win a tie.
  std::vector<ModulePathMapping> module_paths;
  // Read ARM templates the Bicep compiler wrote beside their .bicep source too (--scan-compiled);
  // by default they are skipped, noted in the summary, and the source is scanned.
  bool scan_compiled = false;
  // The scan cache (scan/cache.h): what reading produced before is reused while
  // its files are unchanged. nullptr: everything is read afresh (--no-cache).
  std::shared_ptr<const ScanCache> cache;
  // Unsaved editor buffers (`palisade lsp`): canonical absolute path -> text, read instead of the file on disk.
  std::map<std::filesystem::path, std::string> overlay;
};

struct ScanResult {
  Project project;
  std::vector<Finding> findings;  // sorted; nothing filtered yet
  std::size_t files_scanned = 0;
  std::size_t bytes_scanned = 0;
  std::vector<InputRecord> inputs;  // every file discovery found (and standard input), in display order
  std::size_t helm_charts = 0;          // charts rendered
  std::size_t helm_rendered_bytes = 0;  // what their templates rendered to
  std::size_t kustomize_roots = 0;      // Kustomize roots built
  // Read by a ScanSession (scan/scan_session.h): one identity per project resource, the same
  // as in the session's earlier reads iff that resource was not read again. Empty otherwise.
  std::vector<std::uint64_t> resource_ids;
};

struct RetainedReading;

// Discovery, reading and evaluation only: the model the rules would see.
// With `retained` (a ScanSession's), what an earlier read kept is reused where its inputs are unchanged.
ScanResult readProject(const ScanRequest& request, RetainedReading* retained = nullptr);
// The inputs palisade recognised and read that yielded neither a resource nor
// a diagnostic: a scan that says nothing about them. Empty is the invariant.
std::vector<const InputRecord*> inputsReadToNothing(const ScanResult& result);
// How the rules run for a request (strict, jobs, Kubernetes version).
EngineOptions engineOptionsOf(const ScanRequest& request);
// The whole pipeline up to unfiltered findings.
ScanResult runScan(const ScanRequest& request, const RuleSet& rules);

// Stamps GitHub's line hash on each finding's start line. Only SARIF and JSON
// carry them and hashing is a pass over every file with a finding, so it runs
// for those outputs, after the filters, on what will be reported.
void addLineHashes(std::vector<Finding>& findings, const Project& project, std::size_t jobs = 1);

}  // namespace palisade
