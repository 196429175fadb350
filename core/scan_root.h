// ScanRoot: the folder a scan is rooted at. Reports show paths relative to
// it, and readers refuse to load files (Bicep modules, loadTextContent) that
// resolve outside it.
#pragma once

#include <filesystem>
#include <string>

namespace palisade {

struct ScanRoot {
  std::filesystem::path directory;  // absolute, canonical
  // Display path of an absolute file path: relative to the root, '/'-separated.
  std::string displayPath(const std::filesystem::path& absolute) const;
  // True when `absolute` (canonical) is inside the root.
  bool contains(const std::filesystem::path& absolute) const;
};

}  // namespace palisade
