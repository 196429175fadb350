// The scan cache (docs/architecture.md, "Cache"): what reading a scan root's
// files produced, kept on disk under `.palisade_cache/` (or --cache-dir) and
// reused while the files it was read from are byte for byte the same.
//
// Entries are content-addressed twice over: the entry's name is a SHA-256 key
// of what the reading was asked (palisade's build, the options that change
// reading, the list of input files), and the entry lists every file the reading
// looked at with the SHA-256 of the bytes it saw (or that it was absent); it is
// used only when each of them still matches. A damaged, truncated or foreign
// entry is a miss, never an error; entries are written to a temporary file and
// renamed, so concurrent runs never see half an entry.
//
// Entry points for other callers (the language server): construct a ScanCache
// and set ScanRequest::cache to it; readProject() then uses it for the Bicep
// files of the scan. Nothing else is needed; the hit and miss counts say what
// happened.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/read_file.h"
#include "core/sha256.h"
#include "parsers/arm/arm_reader.h"
#include "parsers/file_model.h"

namespace palisade {

class ScanCache {
 public:
  // `dir` is created when the first entry is written (never when it cannot be:
  // a read-only tree is simply not cached). `build` names the palisade build
  // whose entries these are; empty: this build's (buildIdentity()).
  explicit ScanCache(std::filesystem::path dir, std::string build = {});

  // palisade's version and the running executable's size and modification time:
  // a rebuilt palisade never reads entries an older build wrote.
  static std::string buildIdentity();
  // The cache folder a scan of `root` uses by default.
  static std::filesystem::path defaultDirFor(const std::filesystem::path& root);

  const std::filesystem::path& dir() const { return dir_; }
  const std::string& build() const { return build_; }

  // The entry's payload, or nothing (absent, damaged, another format).
  std::optional<std::string> load(const std::string& key) const;
  // Writes atomically; a failure (read-only folder, full disk) is silent.
  void store(const std::string& key, std::string_view payload) const;
  // Removes entries unused for `max_age`, then the least recently used ones
  // until the entries take at most `max_bytes`. Run now and then by store().
  void prune(std::chrono::hours max_age, std::uintmax_t max_bytes) const;

  // What happened, for tests, benchmarks and --verbose-like reporting.
  mutable std::atomic<std::size_t> hits{0};
  mutable std::atomic<std::size_t> misses{0};
  mutable std::atomic<std::size_t> stores{0};
  // Bicep reading: files known from their summaries instead of parsed; evaluation tasks reused or evaluated.
  mutable std::atomic<std::size_t> summary_hits{0};
  mutable std::atomic<std::size_t> task_hits{0};
  mutable std::atomic<std::size_t> task_misses{0};

 private:
  std::filesystem::path entryPath(const std::string& key) const;
  std::filesystem::path dir_;
  std::string build_;
  mutable std::atomic<bool> stored_once_{false};
};

// The cache a command uses for a scan of `root`: `dir` (--cache-dir), else the
// environment's PALISADE_CACHE_DIR, else <root>/.palisade_cache; none when
// `disabled` (--no-cache) or PALISADE_NO_CACHE is set to anything but "" or "0".
std::shared_ptr<const ScanCache> openScanCache(const std::filesystem::path& root, const std::string& dir, bool disabled);

// A cache key: the SHA-256 of a purpose, the cache's build, the entry format and
// the pieces added (each length-prefixed, so no two sequences hash alike).
class CacheKey {
 public:
  CacheKey(std::string_view purpose, const ScanCache& cache);
  CacheKey& add(std::string_view piece);
  CacheKey& add(uint64_t number);
  std::string finish();

 private:
  Sha256 hasher_;
};

// readBicepFiles(), through the cache when `cache` is not null: a hit rebuilds
// the model from the entry and the files it names (read again, and checked).
FileModel readBicepFilesCached(const ScanCache* cache, const std::vector<std::filesystem::path>& files, const ScanRoot& root,
                               const AzureReadOptions& options);

}  // namespace palisade
