#include "scan/path_glob.h"

namespace palisade {

namespace {

// Matches one character against a bracket set starting at glob[i] == '['.
// Returns the index after the closing ']' and whether `c` is in the set.
std::pair<std::size_t, bool> matchSet(std::string_view glob, std::size_t i, char c) {
  std::size_t j = i + 1;
  bool negate = j < glob.size() && (glob[j] == '!' || glob[j] == '^');
  if (negate) ++j;
  bool found = false;
  bool first = true;
  for (; j < glob.size() && (glob[j] != ']' || first); ++j) {
    first = false;
    if (j + 2 < glob.size() && glob[j + 1] == '-' && glob[j + 2] != ']') {
      if (glob[j] <= c && c <= glob[j + 2]) found = true;
      j += 2;
    } else if (glob[j] == c) {
      found = true;
    }
  }
  return {j + 1, found != negate};
}

bool matchFrom(std::string_view glob, std::size_t g, std::string_view path, std::size_t p) {
  while (g < glob.size()) {
    char c = glob[g];
    if (c == '*') {
      bool double_star = g + 1 < glob.size() && glob[g + 1] == '*';
      if (double_star) {
        std::size_t after = g + 2;
        // `**/` also matches no folder at all.
        if (after < glob.size() && glob[after] == '/') {
          if (matchFrom(glob, after + 1, path, p)) return true;
        }
        for (std::size_t k = p; k <= path.size(); ++k) {
          if (matchFrom(glob, after, path, k)) return true;
        }
        return false;
      }
      for (std::size_t k = p; k <= path.size(); ++k) {
        if (matchFrom(glob, g + 1, path, k)) return true;
        if (k < path.size() && path[k] == '/') break;
      }
      return false;
    }
    if (p >= path.size()) return false;
    if (c == '?') {
      if (path[p] == '/') return false;
    } else if (c == '[') {
      auto [next, in_set] = matchSet(glob, g, path[p]);
      if (!in_set || path[p] == '/') return false;
      g = next;
      ++p;
      continue;
    } else if (c != path[p]) {
      return false;
    }
    ++g;
    ++p;
  }
  return p == path.size();
}

}  // namespace

std::string globSyntaxError(std::string_view glob) {
  if (glob.empty()) return "an empty glob matches nothing";
  for (std::size_t i = 0; i < glob.size(); ++i) {
    if (glob[i] != '[') continue;
    std::size_t close = glob.find(']', i + 2);
    if (close == std::string_view::npos) return "'[' without a closing ']'";
    i = close;
  }
  if (glob.starts_with("/")) return "globs are relative paths: drop the leading '/'";
  return {};
}

bool globMatchesPath(std::string_view glob, std::string_view path) {
  std::string pattern(glob);
  if (pattern.starts_with("./")) pattern.erase(0, 2);
  while (pattern.size() > 1 && pattern.back() == '/') pattern.pop_back();
  if (pattern.find('/') == std::string::npos) pattern = "**/" + pattern;
  // The path itself, then every folder above it.
  std::string_view candidate = path;
  while (!candidate.empty()) {
    if (matchFrom(pattern, 0, candidate, 0)) return true;
    std::size_t slash = candidate.rfind('/');
    if (slash == std::string_view::npos) break;
    candidate = candidate.substr(0, slash);
  }
  return false;
}

bool anyGlobMatches(const std::vector<std::string>& globs, std::string_view path) {
  for (const std::string& glob : globs) {
    if (globMatchesPath(glob, path)) return true;
  }
  return false;
}

}  // namespace palisade
