#include "scan/cache_stat_memo.h"

#include <algorithm>
#include <vector>

#include "scan/cache_codec.h"

namespace palisade {

bool FileStateMemo::trusted(const FileStamp& stamp, int64_t written_ns) {
  return stampOlderThan(stamp, written_ns);
}

FileStateMemo::FileStateMemo(const ScanCache* cache) : cache_(cache) {
  if (!cache_) return;
  key_ = CacheKey("stat-memo", *cache_).finish();
  std::optional<std::string> payload = cache_->load(key_);
  if (!payload) return;
  CacheReader in(*payload, 0);
  int64_t written = static_cast<int64_t>(in.varint());
  uint64_t count = in.varint();
  if (!in.has(count)) return;
  std::unordered_map<std::string, Entry> entries;
  entries.reserve(count);
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    std::string path(in.string());
    Entry e;
    e.stamp.size = in.varint();
    e.stamp.mtime_ns = static_cast<int64_t>(in.varint());
    e.stamp.inode = in.varint();
    e.stamp.ctime_ns = static_cast<int64_t>(in.varint());
    e.stamp.directory = in.byte() != 0;
    e.state = in.string();
    entries.emplace(std::move(path), std::move(e));
  }
  if (in.failed() || in.offset() != payload->size()) return;  // damaged: start afresh
  written_ns_ = written;
  entries_ = std::move(entries);
}

std::optional<std::string> FileStateMemo::find(const std::string& path, const FileStamp& stamp) {
  std::lock_guard lock(mutex_);
  auto it = entries_.find(path);
  if (it == entries_.end() || !(it->second.stamp == stamp)) return std::nullopt;
  if (!trusted(stamp, written_ns_)) {
    dirty_ = true;  // racily clean: hashed now; the memo written afresh will trust it once it is old enough
    return std::nullopt;
  }
  ++trusted_hits_;
  return it->second.state;
}

void FileStateMemo::remember(const std::string& path, const FileStamp& stamp, std::string state) {
  std::lock_guard lock(mutex_);
  Entry& e = entries_[path];
  if (e.stamp == stamp && e.state == state) return;
  e.stamp = stamp;
  e.state = std::move(state);
  dirty_ = true;
}

void FileStateMemo::save() {
  std::lock_guard lock(mutex_);
  if (!cache_ || !dirty_) return;
  // The write time is taken before anything is written: a file changed after
  // it is newer than the memo, so never trusted by it.
  const int64_t written = wallClockNanoseconds();
  std::vector<const std::pair<const std::string, Entry>*> sorted;
  sorted.reserve(entries_.size());
  for (const auto& entry : entries_) sorted.push_back(&entry);
  std::sort(sorted.begin(), sorted.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string out;
  putCacheVarint(out, static_cast<uint64_t>(written));
  putCacheVarint(out, sorted.size());
  for (const auto* entry : sorted) {
    const Entry& e = entry->second;
    putCacheString(out, entry->first);
    putCacheVarint(out, e.stamp.size);
    putCacheVarint(out, static_cast<uint64_t>(e.stamp.mtime_ns));
    putCacheVarint(out, e.stamp.inode);
    putCacheVarint(out, static_cast<uint64_t>(e.stamp.ctime_ns));
    out += static_cast<char>(e.stamp.directory ? 1 : 0);
    putCacheString(out, e.state);
  }
  cache_->store(key_, out);
  written_ns_ = written;
  dirty_ = false;
}

}  // namespace palisade
