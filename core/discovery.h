// Discovery: the paths a user names → the files palisade will read, each
// classified by extension (content decides later whether a YAML file holds
// Kubernetes objects or a JSON file an ARM template). Skips .git and
// node_modules, never follows a symlink out of the scan root, and reports
// unreadable paths instead of failing.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/diagnostic.h"
#include "core/file_stamp.h"
#include "core/scan_root.h"
#include "core/tree_watch.h"

namespace palisade {

enum class InputKind { Yaml, Bicep, BicepParams, Json };

struct InputFile {
  std::filesystem::path absolute;  // canonical; empty for standard input
  std::string display;             // relative to the root, '/'-separated
  InputKind kind = InputKind::Yaml;
  bool named = false;  // named on the command line, not met while walking a folder
};

struct Discovery {
  ScanRoot root;
  std::vector<InputFile> files;      // sorted by display path, no duplicates
  std::vector<Diagnostic> problems;  // GEN005: a path that does not exist or cannot be read
};

// The kind a file name implies, if palisade reads such files.
std::optional<InputKind> inputKindOf(const std::filesystem::path& name);

// The scan root for these paths: `root` when given; else the current
// directory if every path is inside it, else the deepest folder holding them all.
ScanRoot scanRootFor(const std::vector<std::string>& paths, const std::filesystem::path& root = {});

// Files and folders not to read (`--exclude`, the configuration's
// include/exclude): called with a canonical path and whether it is a folder;
// true skips it (a folder with everything below it) before anything is read.
using SkipPath = std::function<bool(const std::filesystem::path& absolute, bool is_directory)>;

// The configuration file's name; such a file is never read as a manifest.
inline constexpr const char* kConfigFileName = ".palisade.yaml";

// What a walk keeps for the next walk of the same tree with the same `skip` (a
// language server checks one tree again and again): each folder's inputs and
// subfolders, reused while the folder's stat data is unchanged, since adding,
// removing or renaming an entry changes a folder's mtime. A folder changed
// within FileStamp's racy margin of its listing is listed again (git's
// "racily clean" rule). With a `watch`, folders are watched as they are
// listed and a folder the watch vouches for is not even stat'ed. Files'
// contents are not covered: readers compare their own stamps.
struct WalkMemo {
  TreeWatch* watch = nullptr;  // drained by the caller before each walk
  struct Folder {
    FileStamp stamp;
    int64_t listed_ns = 0;
    std::vector<InputFile> files;               // its regular files that are inputs
    std::vector<std::filesystem::path> links;   // symlinks: resolved on every walk
    std::vector<std::filesystem::path> folders; // subfolders walked
  };
  std::unordered_map<std::string, Folder> folders;  // by the folder's canonical path
  std::size_t listed = 0, reused = 0;              // the last walk's folders
  // The last walk's result (one without problems), returned whole while the watch saw no folder change.
  std::vector<std::string> last_paths;
  std::vector<InputFile> last_files;
  bool last_valid = false;
  bool last_reused = false;  // the last walk was that
};

// Walks the paths under `root`. `on_file`, when given, is called with each
// file as soon as the walk meets it (each file once, in walk order), so
// reading can start while the walk goes on.
// `memo` (kept between walks of one tree with the same `skip`) spares listing unchanged folders.
Discovery discoverInputs(const std::vector<std::string>& paths, const ScanRoot& root,
                         const std::function<void(const InputFile&)>& on_file = {}, const SkipPath& skip = {},
                         WalkMemo* memo = nullptr);
// The same, under scanRootFor(paths, root).
Discovery discoverInputs(const std::vector<std::string>& paths, const std::filesystem::path& root = {});

}  // namespace palisade
