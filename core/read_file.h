// Reading a whole file under a size limit, as every front end needs: one
// open, one fstat, reads to the end (a file that grows meanwhile is read to
// its end and measured again), the bytes moved out without a copy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string>
#include <unordered_map>
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
// The same, unheard by any FileReadRecorder: for files no result depends on (the scan cache's own entries).
// `mtime_ns`, when given, gets the file's modification time (ns since the epoch).
std::variant<std::string, ReadFailure> readFileBytesUnobserved(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                                               int64_t* mtime_ns = nullptr);

// What a computation looked at on disk, so that a cached result of it can be
// checked later (scan/cache.h). `state` says what was there: the SHA-256 of the
// bytes read, or "absent", "too-large N", "file" (a probe that found a file).
struct FileObservation {
  std::filesystem::path path;
  std::string state;
};

// While a recorder lives, every readFileBytes and noteFileProbe of the process
// (on any thread) is recorded in it. Concurrent computations in one process
// record each other's reads too: more than needed, never less. A recorder made
// with `Scope::ThisThread` hears only the thread that made it (one evaluation
// task among several running at once); it must die on that thread.
class FileReadRecorder {
 public:
  enum class Scope { Process, ThisThread };
  explicit FileReadRecorder(Scope scope = Scope::Process);
  ~FileReadRecorder();
  FileReadRecorder(const FileReadRecorder&) = delete;
  FileReadRecorder& operator=(const FileReadRecorder&) = delete;
  // Everything recorded so far, one observation a path, in path order.
  std::vector<FileObservation> observations() const;
  // What has been recorded for `path` so far (the observations merged), or "" when nothing.
  std::string stateOf(const std::filesystem::path& path) const;
  void record(FileObservation observation);

 private:
  Scope scope_;
  mutable std::mutex mutex_;
  std::vector<FileObservation> seen_;
  std::unordered_map<std::string, std::string> merged_;  // by native path: stateOf()
};

// One observation a path out of several of it, in the order made: a read says
// more than a probe that found the file; two reads that saw different bytes
// (the file changed meanwhile) say "changed", which matches nothing.
void mergeFileObservation(std::string& merged, const std::string& next);
// Tells the recorders of this thread (only) what an earlier computation observed: a
// memoised result (a bicepconfig.json read once for every task) depends on it.
void replayFileObservations(const std::vector<FileObservation>& observations);

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
