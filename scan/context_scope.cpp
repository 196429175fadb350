#include "scan/context_scope.h"

#include <fmt/format.h>

#include "core/discovery.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

bool isInside(const fs::path& path, const fs::path& folder) {
  fs::path inside = path.lexically_relative(folder);
  return !inside.empty() && *inside.begin() != "..";
}

}  // namespace

std::variant<ChangedLines, std::string> filesToReport(const fs::path& context_dir,
                                                      const std::vector<std::string>& named, const ScanRoot& root) {
  std::error_code ec;
  fs::path context = fs::absolute(context_dir).lexically_normal();
  fs::path context_resolved = fs::weakly_canonical(context, ec);
  if (ec || !fs::is_directory(context_resolved, ec)) return fmt::format("--context {}: not a folder", context_dir.string());
  ChangedLines out;
  for (const std::string& path : named) {
    if (path == "-") return std::string("--context reads files; standard input (-) cannot be a path to report");
    fs::path absolute = fs::absolute(path).lexically_normal();
    if (!fs::exists(fs::symlink_status(absolute, ec))) return fmt::format("{}: no such file or folder", path);
    // Inside as written or once links are resolved: a link inside the folder
    // to a file outside it is the folder's (the scan reports it as not followed).
    if (!isInside(absolute, context) && !isInside(fs::weakly_canonical(absolute, ec), context_resolved)) {
      return fmt::format("{} is outside the --context folder {}; name files inside it", path, context_dir.string());
    }
    if (!fs::is_directory(absolute, ec)) out.whole_files.insert(root.displayPath(absolute));
  }
  for (InputFile& file : discoverInputs(named, root).files) out.whole_files.insert(std::move(file.display));
  return out;
}

}  // namespace palisade
