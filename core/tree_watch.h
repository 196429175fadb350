// TreeWatch: the folders of a tree watched with Linux inotify, so that a tree
// read again and again (the language server's checks) need not stat every
// file and list every folder to learn what changed. drain() takes what
// happened since the last drain; between drains the answers stay fixed, so
// readers on several threads may ask while one walker adds folders.
//
// It never vouches for what it cannot know: a folder it did not watch when
// the last drain ran (new, or inotify refused it), a file in such a folder, a
// queue overflow, no inotify at all — each "may have changed", so a caller
// that stats whatever may have changed sees every change a full walk would.
// A change made before drain() returns is seen by it (inotify queues events
// as the write happens). Remote changes on network file systems are not
// reported by inotify; that is the one case a watch misses.
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace palisade {

class TreeWatch {
  // Looked up by string_view, without building a string for each question.
  struct PathHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view path) const { return std::hash<std::string_view>{}(path); }
  };
  using PathSet = std::unordered_set<std::string, PathHash, std::equal_to<>>;

 public:
  TreeWatch();
  ~TreeWatch();
  TreeWatch(const TreeWatch&) = delete;
  TreeWatch& operator=(const TreeWatch&) = delete;

  // Watches `folder` (canonical) from now on: call it before listing the folder, so an entry
  // added meanwhile is an event. Counts from the next drain().
  void watch(const std::string& folder);
  // Takes the events since the last call.
  void drain();
  // The next drain vouches for nothing (so the next reading stats everything): for changes a watch
  // cannot see, like another machine's on a network file system, when the editor says files changed.
  void distrustOnce() { distrust_ = true; }

  // Whether the folder's listing may differ from when it was last listed (before the last drain).
  bool folderMayHaveChanged(const std::string& folder) const;
  // Whether the file (or a missing file's absence) may differ from when it was last looked at.
  bool fileMayHaveChanged(std::string_view path) const;

  std::size_t watched() const { return covered_.size(); }
  // Whether the system gave it inotify at all (else it vouches for nothing, ever).
  bool available() const { return fd_ >= 0; }
  // No folder's listing changed since the last drain, no event was lost, and every folder
  // ever asked for is watched: a walk of the watched folders would list what it listed before.
  bool noFolderChanged() const { return !everything_ && changed_folders_.empty() && !refused_ && pending_.empty(); }

 private:
  int fd_ = -1;
  bool everything_ = true;  // an overflow, or nothing drained yet
  bool refused_ = false;    // a folder could not be watched (the limit of watches)
  std::atomic<bool> distrust_{false};
  std::unordered_map<int, std::string> folder_of_;   // watch descriptor -> folder
  PathSet pending_;          // watched since the last drain
  PathSet covered_;          // watched before the last drain
  PathSet changed_folders_;  // listings changed (an entry added, removed, renamed)
  PathSet changed_files_;    // paths written, touched, created, removed, renamed
};

}  // namespace palisade
