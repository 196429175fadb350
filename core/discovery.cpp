#include "core/discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>

namespace palisade {

namespace fs = std::filesystem;

std::optional<InputKind> inputKindOf(const fs::path& name) {
  std::string ext = name.extension().string();
  for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (ext == ".yaml" || ext == ".yml") return InputKind::Yaml;
  if (ext == ".bicep") return InputKind::Bicep;
  if (ext == ".bicepparam") return InputKind::BicepParams;
  if (ext == ".json" || ext == ".jsonc") return InputKind::Json;
  return std::nullopt;
}

namespace {

bool isSkippedDirectory(const fs::path& dir) {
  std::string name = dir.filename().string();
  return name == ".git" || name == "node_modules" || name == ".terraform";
}

fs::path commonAncestor(const std::vector<fs::path>& paths) {
  if (paths.empty()) return fs::current_path();
  fs::path common = paths.front();
  for (const fs::path& p : paths) {
    fs::path next;
    auto a = common.begin();
    auto b = p.begin();
    for (; a != common.end() && b != p.end() && *a == *b; ++a, ++b) next /= *a;
    common = next;
  }
  return common;
}

class Walker {
 public:
  explicit Walker(Discovery& out) : out_(out) {}

  void problem(const std::string& path, std::string message) {
    out_.problems.push_back(Diagnostic{"GEN005", std::move(message), {}, path});
  }

  // `walked`: found by walk() as a regular file, not a symlink, so its path is
  // already canonical (walk starts from a canonical folder and follows no
  // symlinks); resolving it again cost a readlink per path component per file.
  void addFile(const fs::path& path, bool named_explicitly, bool walked = false) {
    std::error_code ec;
    fs::path canonical = walked ? path : fs::canonical(path, ec);
    std::string display = out_.root.displayPath(fs::absolute(path).lexically_normal());
    if (ec) {
      problem(display, fmt::format("cannot resolve {}: {}", path.string(), ec.message()));
      return;
    }
    if (!out_.root.contains(canonical)) {
      problem(display, fmt::format("{} is a symlink to {}, outside the scan root; not followed", display, canonical.string()));
      return;
    }
    auto kind = inputKindOf(path);
    if (!kind) {
      if (named_explicitly) kind = InputKind::Yaml;  // a file named on the command line is read as YAML
      else return;
    }
    out_.files.push_back(InputFile{canonical, out_.root.displayPath(canonical), *kind});
  }

  void walk(const fs::path& dir) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      problem(out_.root.displayPath(dir), fmt::format("cannot read directory: {}", ec.message()));
      return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
      if (ec) break;
      entries.push_back(*it);
    }
    for (const fs::directory_entry& entry : entries) {
      std::error_code type_ec;
      // Symlinked directories are not followed: they could loop or leave the root.
      if (entry.is_symlink(type_ec)) {
        if (entry.is_regular_file(type_ec)) addFile(entry.path(), false);
        continue;
      }
      if (entry.is_directory(type_ec)) {
        if (!isSkippedDirectory(entry.path())) walk(entry.path());
      } else if (entry.is_regular_file(type_ec)) {
        addFile(entry.path(), false, true);
      }
    }
  }

 private:
  Discovery& out_;
};

}  // namespace

Discovery discoverInputs(const std::vector<std::string>& paths, const fs::path& root) {
  Discovery out;
  std::vector<fs::path> absolute;
  for (const std::string& p : paths) absolute.push_back(fs::absolute(p).lexically_normal());
  std::error_code ec;
  if (!root.empty()) {
    out.root.directory = fs::weakly_canonical(fs::absolute(root), ec);
  } else {
    fs::path cwd = fs::current_path();
    bool all_inside = std::all_of(absolute.begin(), absolute.end(), [&](const fs::path& p) {
      fs::path rel = p.lexically_relative(cwd);
      return !rel.empty() && *rel.begin() != "..";
    });
    if (all_inside) {
      out.root.directory = fs::weakly_canonical(cwd, ec);
    } else {
      std::vector<fs::path> folders;
      for (const fs::path& p : absolute) folders.push_back(fs::is_directory(p, ec) ? p : p.parent_path());
      out.root.directory = fs::weakly_canonical(commonAncestor(folders), ec);
    }
  }
  Walker walker(out);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const fs::path& p = absolute[i];
    std::error_code status_ec;
    fs::file_status status = fs::status(p, status_ec);
    if (status_ec || !fs::exists(status)) {
      walker.problem(paths[i], fmt::format("{}: no such file or directory", paths[i]));
    } else if (fs::is_directory(status)) {
      walker.walk(fs::weakly_canonical(p, ec));
    } else {
      walker.addFile(p, true);
    }
  }
  std::sort(out.files.begin(), out.files.end(), [](const InputFile& a, const InputFile& b) { return a.display < b.display; });
  out.files.erase(std::unique(out.files.begin(), out.files.end(),
                              [](const InputFile& a, const InputFile& b) { return a.absolute == b.absolute; }),
                  out.files.end());
  return out;
}

}  // namespace palisade
