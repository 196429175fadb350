#include "scan/diff_filter.h"

#include <charconv>
#include <optional>

namespace palisade {

namespace {

std::optional<uint32_t> number(std::string_view& text) {
  uint32_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc()) return std::nullopt;
  text.remove_prefix(static_cast<std::size_t>(end - text.data()));
  return value;
}

// "@@ -a,b +c,d @@" → (c, d); d defaults to 1.
std::optional<std::pair<uint32_t, uint32_t>> newSideOfHunk(std::string_view line) {
  std::size_t plus = line.find(" +");
  if (plus == std::string_view::npos) return std::nullopt;
  std::string_view rest = line.substr(plus + 2);
  auto start = number(rest);
  if (!start) return std::nullopt;
  uint32_t count = 1;
  if (!rest.empty() && rest.front() == ',') {
    rest.remove_prefix(1);
    auto n = number(rest);
    if (!n) return std::nullopt;
    count = *n;
  }
  return std::pair{*start, count};
}

}  // namespace

bool ChangedLines::touches(const std::string& file, uint32_t line) const {
  if (whole_files.count(file)) return true;
  auto it = ranges.find(file);
  if (it == ranges.end()) return false;
  for (const auto& [first, last] : it->second) {
    if (first <= line && line <= last) return true;
  }
  return false;
}

bool ChangedLines::touchesFile(const std::string& file) const { return whole_files.count(file) || ranges.count(file); }

ChangedLines parseUnifiedDiff(std::string_view diff, std::string_view root_prefix) {
  ChangedLines out;
  std::string prefix(root_prefix);
  if (!prefix.empty() && !prefix.ends_with("/")) prefix += "/";
  std::string current;  // "" while outside the scan root or for a deleted file
  while (!diff.empty()) {
    std::size_t eol = diff.find('\n');
    std::string_view line = diff.substr(0, eol);
    diff.remove_prefix(eol == std::string_view::npos ? diff.size() : eol + 1);
    if (line.starts_with("diff --git ")) {
      current.clear();
    } else if (line.starts_with("+++ ")) {
      std::string_view path = line.substr(4);
      while (!path.empty() && (path.back() == '\r' || path.back() == '\t')) path.remove_suffix(1);
      current.clear();
      if (path.starts_with("b/")) {
        std::string repo_path(path.substr(2));
        if (repo_path.starts_with(prefix)) current = repo_path.substr(prefix.size());
      }
    } else if (line.starts_with("@@ ") && !current.empty()) {
      auto hunk = newSideOfHunk(line);
      if (!hunk) continue;
      auto [start, count] = *hunk;
      if (count > 0) {
        out.ranges[current].push_back({start, start + count - 1});
      } else {
        out.ranges[current].push_back({start == 0 ? 1 : start, start + 1});  // a deletion after line `start`
      }
    }
  }
  return out;
}

std::vector<Finding> applyDiff(std::vector<Finding> findings, const ChangedLines& changed) {
  auto changedAt = [&](const Location& at) {
    if (!at.valid()) return changed.touchesFile(at.uri);
    return changed.touches(at.uri, at.start_line);
  };
  std::erase_if(findings, [&](const Finding& f) {
    if (f.location.uri.empty()) return false;
    if (changedAt(f.location)) return false;
    for (const Location& related : f.related) {
      if (!related.uri.empty() && related.valid() && changed.touches(related.uri, related.start_line)) return false;
    }
    return true;
  });
  return findings;
}

}  // namespace palisade
