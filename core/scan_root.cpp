#include "core/scan_root.h"

#include <optional>
#include <string_view>

namespace palisade {

namespace {

// The part of `absolute` below `directory` when it is plainly there: a prefix
// followed by '/', with no '.', '..' or empty segment that normalising could
// change. Anything else (nullopt) takes the general path. Discovery asks this
// for every file it walks, and the fs::path way parses every component twice.
std::optional<std::string_view> plainlyBelow(const std::string& absolute, const std::string& directory) {
  if (absolute.size() <= directory.size() + 1 || absolute.compare(0, directory.size(), directory) != 0 ||
      absolute[directory.size()] != '/' || directory.empty() || directory.back() == '/') {
    return std::nullopt;
  }
  std::string_view rest(absolute);
  rest.remove_prefix(directory.size() + 1);
  if (rest.front() == '.' || rest.front() == '/' || rest.back() == '/' || rest.find("/.") != std::string_view::npos ||
      rest.find("//") != std::string_view::npos) {
    return std::nullopt;
  }
  return rest;
}

}  // namespace

std::string ScanRoot::displayPath(const std::filesystem::path& absolute) const {
  if (auto rest = plainlyBelow(absolute.native(), directory.native())) return std::string(*rest);
  std::filesystem::path rel = absolute.lexically_normal().lexically_relative(directory);
  if (rel.empty() || *rel.begin() == "..") return absolute.generic_string();
  return rel.generic_string();
}

bool ScanRoot::contains(const std::filesystem::path& absolute) const {
  if (plainlyBelow(absolute.native(), directory.native())) return true;
  std::filesystem::path rel = absolute.lexically_normal().lexically_relative(directory);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace palisade
