#include "scan/shard.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>

#include "core/finding.h"

namespace palisade {

std::optional<Shard> parseShard(std::string_view text) {
  std::size_t slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  Shard s;
  auto a = std::from_chars(text.data(), text.data() + slash, s.index);
  auto b = std::from_chars(text.data() + slash + 1, text.data() + text.size(), s.count);
  if (a.ec != std::errc() || a.ptr != text.data() + slash || b.ec != std::errc() || b.ptr != text.data() + text.size()) {
    return std::nullopt;
  }
  if (s.count == 0 || s.index == 0 || s.index > s.count) return std::nullopt;
  return s;
}

namespace {

// The repository's normalised path: "./a/b/" and "a/b" are one repository.
std::string normalised(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  while (path.starts_with("./") && path.size() > 2) path.erase(0, 2);
  return path;
}

}  // namespace

std::vector<std::string> shardRepositories(std::vector<std::string> repositories, const Shard& shard) {
  for (std::string& r : repositories) r = normalised(r);
  std::sort(repositories.begin(), repositories.end());
  repositories.erase(std::unique(repositories.begin(), repositories.end()), repositories.end());
  std::vector<std::string> mine;
  for (const std::string& r : repositories) {
    // The fingerprint hash is stable across machines and releases.
    uint64_t hash = std::stoull(fingerprintOf("shard", r, "", ""), nullptr, 16);
    if (hash % shard.count == shard.index - 1) mine.push_back(r);
  }
  return mine;
}

std::vector<std::string> repositoryFileNames(const std::vector<std::string>& repositories) {
  std::vector<std::string> names;
  std::map<std::string, int> seen;
  for (const std::string& repo : repositories) {
    std::string name;
    for (char c : repo) {
      bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
      name.push_back(keep ? c : '_');
    }
    while (!name.empty() && (name.front() == '.' || name.front() == '_')) name.erase(name.begin());
    if (name.empty()) name = "repository";
    if (int n = seen[name]++; n > 0) name += fmt::format("-{}", n + 1);
    names.push_back(name);
  }
  return names;
}

}  // namespace palisade
