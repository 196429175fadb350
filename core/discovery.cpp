#include "core/discovery.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <unordered_set>

#include "core/read_file.h"

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
  // .palisade_cache: palisade's own scan cache (scan/cache.h), never source.
  return name == ".git" || name == "node_modules" || name == ".terraform" || name == ".palisade_cache";
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
  Walker(Discovery& out, const std::function<void(const InputFile&)>& on_file, const SkipPath& skip, WalkMemo* memo)
      : out_(out), on_file_(on_file), skip_(skip), memo_(memo) {
    if (memo_) memo_->listed = memo_->reused = 0;
  }

  void problem(const std::string& path, std::string message) {
    out_.problems.push_back(Diagnostic{GenCode::InputNotScanned, std::move(message), {}, path});
  }

  // `is_canonical`: a regular file met while walking a canonical directory
  // is its own canonical path; resolving it again (a system call per path
  // component) was most of discovery's time.
  void addFile(const fs::path& path, bool named_explicitly, bool is_canonical = false) {
    if (std::optional<InputFile> input = inputAt(path, named_explicitly, is_canonical)) offer(std::move(*input));
  }

  // The input file at `path`, if it is one (a problem noted when it cannot be).
  std::optional<InputFile> inputAt(const fs::path& path, bool named_explicitly, bool is_canonical) {
    std::error_code ec;
    fs::path canonical = is_canonical ? path : fs::canonical(path, ec);
    auto display = [&] { return out_.root.displayPath(fs::absolute(path).lexically_normal()); };
    if (ec) {
      problem(display(), fmt::format("cannot resolve {}: {}", path.string(), ec.message()));
      return std::nullopt;
    }
    if (!out_.root.contains(canonical)) {
      problem(display(), fmt::format("{} is a symlink to {}, outside the scan root; not followed", display(), canonical.string()));
      return std::nullopt;
    }
    if (canonical.filename() == kConfigFileName) return std::nullopt;  // palisade's own configuration, not a manifest
    if (skip_ && skip_(canonical, false)) return std::nullopt;
    auto kind = inputKindOf(path);
    if (!kind) {
      if (named_explicitly) kind = InputKind::Yaml;  // a file named on the command line is read as YAML
      else return std::nullopt;
    }
    return InputFile{canonical, out_.root.displayPath(canonical), *kind, named_explicitly};
  }

  // The same file reached twice (a symlink to it, overlapping paths) is read once.
  void offer(InputFile input) {
    if (!seen_.insert(input.absolute.native()).second) return;
    out_.files.push_back(std::move(input));
    if (on_file_) on_file_(out_.files.back());
  }

  void walk(const fs::path& dir) {
    noteDirectoryListing(dir);  // a result kept for these files (scan/scan_memo.h) is stale once a file is added here
    if (!memo_) {
      listFolder(dir, nullptr);
      return;
    }
    TreeWatch* watch = memo_->watch;
    auto kept = memo_->folders.find(dir.native());
    std::optional<FileStamp> stamp;
    bool reuse = false;
    if (kept != memo_->folders.end() && watch && !watch->folderMayHaveChanged(dir.native())) {
      reuse = true;
      stamp = kept->second.stamp;
    } else {
      if (watch) watch->watch(dir.native());  // before looking: a change after this is an event
      stamp = fileStampOf(dir);
      reuse = stamp && kept != memo_->folders.end() && kept->second.stamp == *stamp &&
              stampOlderThan(*stamp, kept->second.listed_ns);
    }
    WalkMemo::Folder folder;
    if (reuse) {
      folder = std::move(kept->second);
      ++memo_->reused;
      for (const InputFile& file : folder.files) offer(file);
      for (const fs::path& link : folder.links) addFile(link, false);
      for (const fs::path& sub : folder.folders) walk(sub);
    } else {
      folder.listed_ns = wallClockNanoseconds();  // before listing: a change during it is after this
      if (!listFolder(dir, &folder) || !stamp) return;
      folder.stamp = *stamp;
      ++memo_->listed;
    }
    next_.insert_or_assign(dir.native(), std::move(folder));
  }

  // The memo's folders are those of this walk.
  void finish() {
    if (memo_) memo_->folders = std::move(next_);
  }

 private:
  // Lists `dir` and walks what it holds; `folder`, when given, records it. False when it cannot be read.
  bool listFolder(const fs::path& dir, WalkMemo::Folder* folder) {
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
      problem(out_.root.displayPath(dir), fmt::format("cannot read directory: {}", ec.message()));
      return false;
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
        if (folder) folder->links.push_back(entry.path());
        if (entry.is_regular_file(type_ec)) addFile(entry.path(), false);
        continue;
      }
      if (entry.is_directory(type_ec)) {
        if (!isSkippedDirectory(entry.path()) && !(skip_ && skip_(entry.path(), true))) {
          if (folder) folder->folders.push_back(entry.path());
          walk(entry.path());
        }
      } else if (entry.is_regular_file(type_ec)) {
        if (std::optional<InputFile> input = inputAt(entry.path(), false, true)) {
          if (folder) folder->files.push_back(*input);
          offer(std::move(*input));
        }
      }
    }
    return true;
  }

  Discovery& out_;
  const std::function<void(const InputFile&)>& on_file_;
  const SkipPath& skip_;
  WalkMemo* memo_;
  std::unordered_map<std::string, WalkMemo::Folder> next_;
  std::unordered_set<std::string> seen_;
};

}  // namespace

ScanRoot scanRootFor(const std::vector<std::string>& paths, const fs::path& root) {
  ScanRoot out;
  std::error_code ec;
  if (!root.empty()) {
    out.directory = fs::weakly_canonical(fs::absolute(root), ec);
    return out;
  }
  // Compared as resolved paths: a named path through a symlinked folder (`shared/corpus` where
  // shared is a link) is walked at its resolved place, which must be inside the root.
  std::vector<fs::path> resolved;
  for (const std::string& p : paths) resolved.push_back(fs::weakly_canonical(fs::absolute(p).lexically_normal(), ec));
  fs::path cwd = fs::weakly_canonical(fs::current_path(), ec);
  bool all_inside = std::all_of(resolved.begin(), resolved.end(), [&](const fs::path& p) {
    fs::path rel = p.lexically_relative(cwd);
    return !rel.empty() && *rel.begin() != "..";
  });
  if (all_inside) {
    out.directory = cwd;
  } else {
    std::vector<fs::path> folders;
    for (const fs::path& p : resolved) folders.push_back(fs::is_directory(p, ec) ? p : p.parent_path());
    out.directory = commonAncestor(folders);
  }
  return out;
}

Discovery discoverInputs(const std::vector<std::string>& paths, const fs::path& root) {
  return discoverInputs(paths, scanRootFor(paths, root));
}

Discovery discoverInputs(const std::vector<std::string>& paths, const ScanRoot& root,
                         const std::function<void(const InputFile&)>& on_file, const SkipPath& skip, WalkMemo* memo) {
  Discovery out;
  out.root = root;
  if (memo) {
    memo->last_reused = memo->last_valid && memo->watch && memo->watch->noFolderChanged() && memo->last_paths == paths;
    if (memo->last_reused) {
      out.files = memo->last_files;
      if (on_file) {
        for (const InputFile& file : out.files) on_file(file);
      }
      memo->listed = 0;
      memo->reused = memo->folders.size();
      return out;
    }
  }
  std::vector<fs::path> absolute;
  for (const std::string& p : paths) absolute.push_back(fs::absolute(p).lexically_normal());
  std::error_code ec;
  Walker walker(out, on_file, skip, memo);
  bool every_path_a_folder = true;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    const fs::path& p = absolute[i];
    std::error_code status_ec;
    fs::file_status status = fs::status(p, status_ec);
    if (status_ec || !fs::exists(status)) {
      noteDirectoryListing(p.parent_path());  // the path appearing later changes its folder's listing
      // Located at the path as the report shows paths (relative to the root), so it is not printed twice.
      walker.problem(root.displayPath(p), "no such file or directory; not scanned");
    } else if (fs::is_directory(status)) {
      walker.walk(fs::weakly_canonical(p, ec));
    } else {
      walker.addFile(p, true);
      every_path_a_folder = false;  // a named file: no watched folder would tell its removal
    }
  }
  walker.finish();
  std::sort(out.files.begin(), out.files.end(), [](const InputFile& a, const InputFile& b) { return a.display < b.display; });
  if (memo) {
    memo->last_valid = out.problems.empty() && every_path_a_folder;
    memo->last_paths = paths;
    memo->last_files = memo->last_valid ? out.files : std::vector<InputFile>{};
  }
  return out;
}

}  // namespace palisade
