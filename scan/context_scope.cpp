#include "scan/context_scope.h"

#include <fmt/format.h>

#include "core/discovery.h"

namespace palisade {

namespace fs = std::filesystem;

std::variant<ChangedLines, std::string> filesToReport(const fs::path& context_dir,
                                                      const std::vector<std::string>& named, const ScanRoot& root) {
  std::error_code ec;
  fs::path context = fs::weakly_canonical(fs::absolute(context_dir), ec);
  if (ec || !fs::is_directory(context, ec)) return fmt::format("--context {}: not a folder", context_dir.string());
  for (const std::string& path : named) {
    if (path == "-") return std::string("--context reads files; standard input (-) cannot be a path to report");
    fs::path absolute = fs::weakly_canonical(fs::absolute(path), ec);
    if (ec || !fs::exists(absolute, ec)) return fmt::format("{}: no such file or folder", path);
    fs::path inside = absolute.lexically_relative(context);
    if (inside.empty() || *inside.begin() == "..") {
      return fmt::format("{} is outside the --context folder {}; name files inside it", path, context_dir.string());
    }
  }
  ChangedLines out;
  for (InputFile& file : discoverInputs(named, root).files) out.whole_files.insert(std::move(file.display));
  return out;
}

}  // namespace palisade
