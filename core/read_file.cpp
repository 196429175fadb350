#include "core/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>

#include "core/sha256.h"

namespace palisade {

namespace {

struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

ReadFailure unreadable(int error) { return ReadFailure{ReadFailure::Kind::Unreadable, std::strerror(error), 0}; }

// The live recorders; the count lets reads skip the lock when there is none.
std::mutex g_recorders_mutex;
std::vector<FileReadRecorder*> g_recorders;
std::atomic<int> g_recorder_count{0};

// The recorders of this thread only (FileReadRecorder::Scope::ThisThread).
thread_local std::vector<FileReadRecorder*> t_thread_recorders;

bool anyFileRecorder() { return g_recorder_count.load(std::memory_order_acquire) > 0 || !t_thread_recorders.empty(); }

void recordObservation(const std::filesystem::path& path, const std::string& state) {
  for (FileReadRecorder* recorder : t_thread_recorders) recorder->record(FileObservation{path, state});
  if (g_recorder_count.load(std::memory_order_acquire) == 0) return;
  std::lock_guard lock(g_recorders_mutex);
  for (FileReadRecorder* recorder : g_recorders) recorder->record(FileObservation{path, state});
}

}  // namespace

std::variant<std::string, ReadFailure> readFileBytesUnobserved(const std::filesystem::path& path, std::uintmax_t max_bytes,
                                                               int64_t* mtime_ns) {
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return unreadable(errno);
  struct stat status {};
  if (::fstat(file.fd, &status) != 0) return unreadable(errno);
  if (mtime_ns) *mtime_ns = static_cast<int64_t>(status.st_mtim.tv_sec) * 1'000'000'000 + status.st_mtim.tv_nsec;
  if (S_ISDIR(status.st_mode)) return unreadable(EISDIR);
  const auto expected = static_cast<std::uintmax_t>(status.st_size);
  if (expected > max_bytes) return ReadFailure{ReadFailure::Kind::TooLarge, {}, expected};
  std::string text;
  // One byte more than the size, so a file that grew is read to its end (and then measured again).
  text.resize(static_cast<std::size_t>(expected) + 1);
  std::size_t filled = 0;
  for (;;) {
    if (filled == text.size()) {
      if (text.size() > max_bytes) return ReadFailure{ReadFailure::Kind::TooLarge, {}, text.size()};
      text.resize(text.size() * 2);
    }
    const ssize_t got = ::read(file.fd, text.data() + filled, text.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      return unreadable(errno);
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  if (filled > max_bytes) return ReadFailure{ReadFailure::Kind::TooLarge, {}, filled};
  text.resize(filled);
  return text;
}

std::string readStateOf(const std::variant<std::string, ReadFailure>& result) {
  if (const auto* bytes = std::get_if<std::string>(&result)) return sha256Hex(*bytes);
  const ReadFailure& failure = std::get<ReadFailure>(result);
  return failure.kind == ReadFailure::Kind::TooLarge ? "too-large " + std::to_string(failure.size) : "absent";
}

std::variant<std::string, ReadFailure> readFileBytes(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  std::variant<std::string, ReadFailure> result = readFileBytesUnobserved(path, max_bytes);
  if (anyFileRecorder()) recordObservation(path, readStateOf(result));
  return result;
}

FileReadRecorder::FileReadRecorder(Scope scope) : scope_(scope) {
  if (scope_ == Scope::ThisThread) {
    t_thread_recorders.push_back(this);
    return;
  }
  std::lock_guard lock(g_recorders_mutex);
  g_recorders.push_back(this);
  g_recorder_count.fetch_add(1, std::memory_order_release);
}

FileReadRecorder::~FileReadRecorder() {
  if (scope_ == Scope::ThisThread) {
    std::erase(t_thread_recorders, this);
    return;
  }
  std::lock_guard lock(g_recorders_mutex);
  std::erase(g_recorders, this);
  g_recorder_count.fetch_sub(1, std::memory_order_release);
}

void FileReadRecorder::record(FileObservation observation) {
  std::lock_guard lock(mutex_);
  auto [it, fresh] = merged_.try_emplace(observation.path.native(), observation.state);
  if (!fresh) mergeFileObservation(it->second, observation.state);
  seen_.push_back(std::move(observation));
}

std::string FileReadRecorder::stateOf(const std::filesystem::path& path) const {
  std::lock_guard lock(mutex_);
  auto it = merged_.find(path.native());
  return it == merged_.end() ? std::string() : it->second;
}

void mergeFileObservation(std::string& merged, const std::string& next) {
  if (merged == "file" && next != "absent") {
    merged = next;
  } else if (next != merged && !(next == "file" && merged != "absent")) {
    merged = "changed";
  }
}

void replayFileObservations(const std::vector<FileObservation>& observations) {
  for (FileReadRecorder* recorder : t_thread_recorders) {
    for (const FileObservation& o : observations) recorder->record(o);
  }
}

std::vector<FileObservation> FileReadRecorder::observations() const {
  std::vector<FileObservation> out;
  {
    std::lock_guard lock(mutex_);
    out = seen_;
  }
  // One observation a path (mergeFileObservation): "changed" matches nothing, so such a result is never reused.
  std::stable_sort(out.begin(), out.end(), [](const FileObservation& a, const FileObservation& b) { return a.path < b.path; });
  std::vector<FileObservation> merged;
  for (FileObservation& o : out) {
    if (merged.empty() || merged.back().path != o.path) {
      merged.push_back(std::move(o));
    } else {
      mergeFileObservation(merged.back().state, o.state);
    }
  }
  return merged;
}

std::string directoryListingState(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) return "absent";
  std::vector<std::string> entries;
  for (; it != std::filesystem::directory_iterator(); it.increment(ec)) {
    if (ec) return "absent";
    // palisade's own cache folder appears when the first result is kept: it is never an input.
    if (it->path().filename() == ".palisade_cache") continue;
    std::error_code type_ec;
    // The type as discovery sees it: a symlink, and what it points to.
    char type = it->is_symlink(type_ec) ? (it->is_regular_file(type_ec) ? 'L' : 'l')
                : it->is_directory(type_ec) ? 'd'
                : it->is_regular_file(type_ec) ? 'f'
                                               : 'o';
    entries.push_back(it->path().filename().string() + '\0' + type);
  }
  std::sort(entries.begin(), entries.end());
  Sha256 hasher;
  for (const std::string& e : entries) {
    hasher.update(e);
    hasher.update(std::string_view("\n", 1));
  }
  return "dir " + hasher.finishHex();
}

void noteDirectoryListing(const std::filesystem::path& dir) {
  if (anyFileRecorder()) recordObservation(dir, directoryListingState(dir));
}

void noteFileProbe(const std::filesystem::path& path, bool is_file) {
  if (anyFileRecorder()) recordObservation(path, is_file ? "file" : "absent");
}

}  // namespace palisade
