// Kustomize in the scan: which folders of a scan are build roots, building
// them, and putting the built objects in the model in place of the raw files
// they came from. A kustomization that another one of the scan uses (a base,
// a component) is judged through the builds that use it; one that nothing
// uses is a build of its own; files no build uses are scanned as they are.
#pragma once

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "core/discovery.h"
#include "parsers/file_model.h"

namespace palisade {

struct KustomizeScan {
  FileModel built;                            // built resources, build diagnostics, files only the builds read
  std::set<std::filesystem::path> consumed;   // discovered files whose raw objects the builds replace
  std::size_t roots = 0;
};

// `inputs` and `models` are the discovered files and what reading each gave (same order).
KustomizeScan buildKustomizations(const std::filesystem::path& root, const std::vector<InputFile>& inputs,
                                  const std::vector<FileModel>& models, const ReadLimits& limits);

}  // namespace palisade
