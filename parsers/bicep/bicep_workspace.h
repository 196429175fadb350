// BicepWorkspace: the parsed Bicep files and loaded data files of one scan,
// shared by every evaluation of it, and where evaluation records its output.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <map>
#include <string>
#include <vector>

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

}  // namespace palisade
