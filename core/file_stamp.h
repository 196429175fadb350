// FileStamp: what one stat(2) says about a file or folder — size, times,
// inode — compared to tell whether it may have changed since it was read.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

namespace palisade {

struct FileStamp {
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint64_t inode = 0;
  int64_t ctime_ns = 0;
  bool directory = false;

  bool operator==(const FileStamp&) const = default;
};

// stat(2) of a path (symlinks followed, as reads follow them); nothing when it
// is neither a regular file nor a folder, or cannot be stat'ed.
std::optional<FileStamp> fileStampOf(const std::filesystem::path& path);

// Nanoseconds since the epoch on the clock file systems stamp files with.
int64_t wallClockNanoseconds();

// git's "racily clean" rule: what was read at `read_ns` may be trusted by its stat data only when
// the file was last changed (mtime, or ctime, which a program cannot set back) a margin before that;
// a change in the same clock tick (or a coarse file system's) would leave the stamp the same.
inline constexpr int64_t kRacyMarginNs = 2'000'000'000;
inline bool stampOlderThan(const FileStamp& stamp, int64_t read_ns) {
  return (stamp.mtime_ns > stamp.ctime_ns ? stamp.mtime_ns : stamp.ctime_ns) + kRacyMarginNs < read_ns;
}

}  // namespace palisade
