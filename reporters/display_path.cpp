#include "reporters/display_path.h"

namespace palisade {

namespace {

std::string normalisedRoot(std::string root) {
  while (root.starts_with("./")) root.erase(0, 2);
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  if (root == ".") root.clear();
  return root;
}

}  // namespace

std::string displayPath(const Report& report, const std::string& uri) {
  std::string root = normalisedRoot(report.root);
  if (root.empty() || uri.empty()) return uri.empty() ? root : uri;
  if (uri.starts_with('/')) return uri;  // outside the scan root (a registry module in the Bicep cache): as it is
  // A single file given as the root: its URI is its own name.
  if (root == uri || (root.size() > uri.size() && root.ends_with(uri) && root[root.size() - uri.size() - 1] == '/')) {
    return root;
  }
  if (root == "/") return "/" + uri;
  return root + "/" + uri;
}

bool rootIsAbsolute(const Report& report) { return report.root.starts_with('/'); }

}  // namespace palisade
