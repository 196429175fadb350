// BicepWorkspace: the parsed Bicep files and loaded data files of one scan,
// shared by every evaluation of it, and where evaluation records its output.
// Task views let entry files be evaluated on several threads.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <unordered_set>
#include <vector>

#include "parsers/bicep/bicep_registry.h"
#include "parsers/bicep/bicep_syntax.h"
#include "parsers/file_model.h"

namespace palisade {

class ModuleResults;

struct BicepUnit {
  std::filesystem::path path;  // absolute, canonical
  SourceFilePtr source;
  BicepSyntax syntax;
  bool bicepparam = false;
  // Known from a parse summary (BicepWorkspace::presume): `syntax` holds only the module
  // and parameter declarations' kinds, names and paths, enough to find the evaluation tasks.
  bool summary_only = false;
};

// Parsed files and loaded data files of one scan; records diagnostics once per file.
// A workspace made from another (a task view) shares its parsed and data files,
// safely across threads, but records into its own FileModel and has its own
// budget, so entry files can be evaluated concurrently and their outputs merged
// in a fixed order.
class BicepWorkspace {
 public:
  BicepWorkspace(const ScanRoot& root, const ReadLimits& limits, FileModel& out);
  // A task view of `shared` that records into `out`; its budget starts now.
  BicepWorkspace(const BicepWorkspace& shared, FileModel& out);
  ~BicepWorkspace();

  // A file whose text is already known (standard input named by --stdin-filename, a file the scan cache read):
  // parsed from here, not read from the disk.
  void provide(const std::filesystem::path& path, SourceFilePtr text);
  // Loads and parses a .bicep/.bicepparam file (cached); nullptr when unreadable (a diagnostic is recorded).
  const BicepUnit* unit(const std::filesystem::path& path);
  // Parses the files not in the cache yet on up to `jobs` threads; what parsing each recorded
  // (diagnostics, the file) is kept for parsedOutput(), not recorded into any output.
  void preload(const std::vector<std::filesystem::path>& paths, std::size_t jobs);
  // The preloaded unit of `path` without recording its use (safe on several threads at once); nullptr when
  // it was not preloaded or could not be read.
  const BicepUnit* preloadedUnit(const std::filesystem::path& path) const;
  // What preloading `path` recorded; nullptr when it was not preloaded.
  const FileModel* parsedOutput(const std::filesystem::path& path) const;
  // A file of the scan known from a summary instead of parsed (a cold process reusing the
  // scan cache, scan/cache.h): preloadedUnit() answers with `summary` (summary_only) and
  // parsedOutput() with `parsed` until the file is used; unit() then parses it, from
  // `summary.source` (so every span points into that one SourceFile), and keeps what parsing
  // recorded as preload() would instead of recording it into the view that asked first.
  // preload() leaves it alone.
  void presume(std::unique_ptr<BicepUnit> summary, FileModel parsed);
  // Drops the cached parse, data file and given text of each path (their files changed), so the next
  // use reads them again. Only between evaluations: no view may be evaluating.
  void forget(const std::vector<std::filesystem::path>& paths);
  // Drops the memo of resolved module paths (files appeared or disappeared).
  void forgetResolutions();
  // Every .bicep/.bicepparam and data file path this workspace asked for (found or not), by native text.
  const std::unordered_set<std::string>& usedPaths() const { return used_paths_; }
  // Loads a data file for load*Content() or a JSON module (cached); nullptr when unreadable.
  const SourceFile* dataFile(const std::filesystem::path& path);
  // The data file loaded for `path` so far; nullptr when none (or unreadable).
  SourceFilePtr loadedDataFile(const std::filesystem::path& path) const;
  // A data file whose text is already known (the scan cache rebuilt it): dataFile() gives this one.
  void provideDataFile(const std::filesystem::path& path, SourceFilePtr file);

  // `written` (a module, import or loaded file path) resolved against the
  // folder of `from_file`, symlinks and `..` removed. Memoised: the same call
  // is resolved for every instance of a module, and each resolution is a
  // system call per path component.
  std::filesystem::path resolve(const std::filesystem::path& from_file, const std::string& written) const;

  // Where registry and template-spec modules are found (set before evaluating; shared by views).
  void setRegistry(RegistryOptions options);
  const RegistryOptions& registry() const;
  // The module settings of the bicepconfig.json nearest to `folder` (memoised).
  const BicepModuleConfig& moduleConfig(const std::filesystem::path& folder);

  const ScanRoot& root() const { return root_; }
  const ReadLimits& limits() const { return limits_; }
  FileModel& out() { return out_; }
  // True once the scan's evaluation budget is spent; reported once.
  bool overBudget(const Span& where, const std::string& path);
  void startBudget();
  // True once overBudget has cut evaluation short in this workspace.
  bool budgetSpent() const { return budget_reported_; }
  // This workspace's memo of module calls (bicep_module_results.h); views have their own.
  ModuleResults& moduleResults();

 private:
  struct Cache;
  std::unique_ptr<BicepUnit> parseUnit(const std::filesystem::path& path, FileModel& sink) const;

  const ScanRoot& root_;
  ReadLimits limits_;
  FileModel& out_;
  std::shared_ptr<Cache> cache_;
  // Files parsed or loaded on demand whose output this workspace has recorded.
  std::set<std::filesystem::path> recorded_units_;
  std::set<std::filesystem::path> recorded_data_files_;
  std::unordered_set<std::string> used_paths_;
  std::unique_ptr<ModuleResults> module_results_;
  std::chrono::steady_clock::time_point deadline_;
  bool budget_reported_ = false;
};

}  // namespace palisade
