// The Kustomize builder: a folder with kustomization.yaml (.yml, or
// Kustomization) built as `kustomize build` builds it — resources, bases and
// components, generators, the built-in transformers, patches, replacements
// and vars — into located objects. No external binary and no network: a
// remote resource is a GEN031 note and the build goes on with what is local.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "parsers/file_model.h"
#include "parsers/kustomize/built_object.h"

namespace palisade::kustomize {

// The kustomization file of a folder, or an empty path when it has none.
std::filesystem::path kustomizationFileIn(const std::filesystem::path& dir);

// Files read during builds, shared between them (each file one SourceFile,
// displayed relative to the scan root). Files the scan already read can be
// given up front, so a span means the same file everywhere.
class SourceCache {
 public:
  SourceCache(std::filesystem::path root, ReadLimits limits) : root_(std::move(root)), limits_(limits) {}
  void add(const std::filesystem::path& absolute, SourceFilePtr file);
  // The file, read on first use; nullptr (and a diagnostic) when it cannot be read.
  SourceFilePtr load(const std::filesystem::path& absolute, std::vector<Diagnostic>& diagnostics);
  std::string display(const std::filesystem::path& absolute) const;
  // Files outside the root are never read: a kustomization cannot make palisade read /etc.
  bool inside(const std::filesystem::path& absolute) const;
  const ReadLimits& limits() const { return limits_; }
  const std::map<std::filesystem::path, SourceFilePtr>& files() const { return files_; }

 private:
  std::filesystem::path root_;
  ReadLimits limits_;
  std::map<std::filesystem::path, SourceFilePtr> files_;
};

struct BuildResult {
  std::vector<BuiltObject> objects;
  std::vector<Diagnostic> diagnostics;
  // Every kustomization folder the build read (the root first) and every file it used.
  std::vector<std::filesystem::path> kustomizations;
  std::vector<std::filesystem::path> files;
  std::vector<SourceFilePtr> sources;  // those files, kept alive for the spans of the objects
  SourceFilePtr root_kustomization;  // the root's kustomization file, when it was read
};

// Builds the kustomization in `dir` (absolute, normalised).
BuildResult build(const std::filesystem::path& dir, SourceCache& cache);

// The folders a kustomization names as resources, bases or components (local
// ones that exist), without building anything: what makes a base a base.
std::vector<std::filesystem::path> referencedKustomizations(const std::filesystem::path& dir, SourceCache& cache);

}  // namespace palisade::kustomize
