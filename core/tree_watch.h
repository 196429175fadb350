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

#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

namespace palisade {

class TreeWatch {
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

  // Whether the folder's listing may differ from when it was last listed (before the last drain).
  bool folderMayHaveChanged(const std::string& folder) const;
  // Whether the file (or a missing file's absence) may differ from when it was last looked at.
  bool fileMayHaveChanged(std::string_view path) const;

  std::size_t watched() const { return covered_.size(); }

 private:
  int fd_ = -1;
  bool everything_ = true;  // an overflow, or nothing drained yet
  std::unordered_map<int, std::string> folder_of_;   // watch descriptor -> folder
  std::unordered_set<std::string> pending_;          // watched since the last drain
  std::unordered_set<std::string> covered_;          // watched before the last drain
  std::unordered_set<std::string> changed_folders_;  // listings changed (an entry added, removed, renamed)
  std::unordered_set<std::string> changed_files_;    // paths written, touched, created, removed, renamed
};

}  // namespace palisade
