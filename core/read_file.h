// Reading a whole file under a size limit, as every front end needs: one
// open, one fstat, reads to the end (a file that grows meanwhile is read to
// its end and measured again), the bytes moved out without a copy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace palisade {

struct ReadFailure {
  enum class Kind { Unreadable, TooLarge };
  Kind kind = Kind::Unreadable;
  std::string reason;      // Unreadable: what the system said
  std::uintmax_t size = 0;  // TooLarge: the file's size in bytes
};

std::variant<std::string, ReadFailure> readFileBytes(const std::filesystem::path& path, std::uintmax_t max_bytes);

// What a computation looked at on disk, so that a cached result of it can be
// checked later (scan/cache.h). `state` says what was there: the SHA-256 of the
// bytes read, or "absent", "too-large N", "file" (a probe that found a file).
struct FileObservation {
  std::filesystem::path path;
  std::string state;
};

// While a recorder lives, every readFileBytes and noteFileProbe of the process
// (on any thread) is recorded in it. Concurrent computations in one process
// record each other's reads too: more than needed, never less.
class FileReadRecorder {
 public:
  FileReadRecorder();
  ~FileReadRecorder();
  FileReadRecorder(const FileReadRecorder&) = delete;
  FileReadRecorder& operator=(const FileReadRecorder&) = delete;
  // Everything recorded so far, one observation a path (the first), in path order.
  std::vector<FileObservation> observations() const;
  void record(FileObservation observation);

 private:
  mutable std::mutex mutex_;
  std::vector<FileObservation> seen_;
};

// A computation asked whether `path` is a regular file (and acted on the answer).
void noteFileProbe(const std::filesystem::path& path, bool is_file);
// The state a FileObservation records for the result of readFileBytes.
std::string readStateOf(const std::variant<std::string, ReadFailure>& result);

// A computation listed a folder (discovery walking it): a file added, removed or
// renamed in it changes what it found. Recorded as directoryListingState(dir).
void noteDirectoryListing(const std::filesystem::path& dir);
// "dir " and the SHA-256 of the folder's entries (name and type, sorted by
// name), or "absent" when it cannot be listed.
std::string directoryListingState(const std::filesystem::path& dir);

}  // namespace palisade
