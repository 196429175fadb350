#include "core/scan_root.h"

namespace palisade {

std::string ScanRoot::displayPath(const std::filesystem::path& absolute) const {
  std::filesystem::path rel = absolute.lexically_normal().lexically_relative(directory);
  if (rel.empty() || *rel.begin() == "..") return absolute.generic_string();
  return rel.generic_string();
}

bool ScanRoot::contains(const std::filesystem::path& absolute) const {
  std::filesystem::path rel = absolute.lexically_normal().lexically_relative(directory);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace palisade
