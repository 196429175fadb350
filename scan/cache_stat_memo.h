// The stat memo: what a file's (or a folder listing's) FileObservation state
// was, remembered by the file's stat data, so that checking a kept scan result
// (scan/scan_memo.h) does not read and hash every file again: on the AVM
// repository that is 11 MB, about 80 ms of SHA-256 on one core
// (core/sha256.h measured 120-145 MB/s on a loaded machine).
//
// An entry is (path, size, mtime, inode, ctime) -> state. It is trusted only
// when the file's mtime and ctime are older than the memo's own write time by
// a safety margin: git's "racily clean" rule. A file written in the same clock
// tick as the memo (or within the margin, for file systems with coarse
// timestamps) could change again without changing its stat data, so such an
// entry is hashed again on every use until the memo is rewritten well after it.
// ctime is in the stamp because a program can set mtime back (touch -d, cp -p,
// tar) but not ctime.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "core/file_stamp.h"
#include "scan/cache.h"

namespace palisade {

class FileStateMemo {
 public:

  // Loaded from `cache` (one entry per cache folder); empty when there is none
  // or it is damaged. A null cache: an empty memo that is never saved.
  explicit FileStateMemo(const ScanCache* cache);

  // The state remembered for `path` at exactly this stamp, when trusted.
  std::optional<std::string> find(const std::string& path, const FileStamp& stamp);
  // `state` was read from `path` whose stamp (taken before reading) was `stamp`.
  void remember(const std::string& path, const FileStamp& stamp, std::string state);
  // Writes the memo when something changed (or an entry could not be trusted
  // yet: rewritten later, it will be).
  void save();

  // The racily-clean rule: a stamp may be trusted by a memo written at `written_ns`.
  static bool trusted(const FileStamp& stamp, int64_t written_ns);

  std::size_t size() const { return entries_.size(); }
  std::size_t trustedHits() const { return trusted_hits_; }

 private:
  struct Entry {
    FileStamp stamp;
    std::string state;
  };
  const ScanCache* cache_;
  std::string key_;
  int64_t written_ns_ = 0;
  std::unordered_map<std::string, Entry> entries_;
  bool dirty_ = false;
  std::size_t trusted_hits_ = 0;
  std::mutex mutex_;
};

}  // namespace palisade
