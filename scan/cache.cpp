#include "scan/cache.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <unordered_map>

#include "core/atomic_file.h"
#include "core/parallel.h"
#include "parsers/bicep/bicep_reader.h"
#include "scan/cache_codec.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

// Bump with any change to an entry's layout or to cache_codec.cpp's encoding.
constexpr uint64_t kCacheFormat = 1;
constexpr std::string_view kCacheMagic = "palisade-cache\n";
constexpr std::uintmax_t kCacheMaxBytes = std::uintmax_t(512) << 20;
constexpr std::chrono::hours kCacheMaxAge{24 * 30};

// A checksum of an entry's payload, to tell a damaged entry from a good one
// (not a defence against anyone: whoever can write the cache can write the
// files it describes). 64-bit words, multiply and rotate: gigabytes a second.
uint64_t cachePayloadChecksum(std::string_view bytes) {
  uint64_t h = 0x9e3779b97f4a7c15ULL ^ bytes.size();
  std::size_t i = 0;
  for (; i + 8 <= bytes.size(); i += 8) {
    uint64_t word;
    std::memcpy(&word, bytes.data() + i, 8);
    h = (h ^ word) * 0xff51afd7ed558ccdULL;
    h = (h << 31) | (h >> 33);
  }
  for (; i < bytes.size(); ++i) h = ((h ^ static_cast<uint8_t>(bytes[i])) * 0xc4ceb9fe1a85ec53ULL);
  return h ^ (h >> 29);
}

void putFixed64(std::string& out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

uint64_t fixed64At(std::string_view bytes, std::size_t at) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(static_cast<uint8_t>(bytes[at + static_cast<std::size_t>(i)])) << (8 * i);
  return v;
}

std::string hexKeyOf(Sha256& hasher) { return hasher.finishHex(); }

}  // namespace

ScanCache::ScanCache(fs::path dir, std::string build) : dir_(std::move(dir)), build_(std::move(build)) {
  if (build_.empty()) build_ = buildIdentity();
}

std::string ScanCache::buildIdentity() {
  std::string identity = PALISADE_VERSION;
  struct stat status {};
  if (::stat("/proc/self/exe", &status) == 0) {
    identity += fmt::format("+{}.{}.{}", static_cast<uint64_t>(status.st_size), static_cast<int64_t>(status.st_mtim.tv_sec),
                            static_cast<int64_t>(status.st_mtim.tv_nsec));
  }
  return identity;
}

fs::path ScanCache::defaultDirFor(const fs::path& root) { return root / ".palisade_cache"; }

fs::path ScanCache::entryPath(const std::string& key) const {
  return dir_ / fmt::format("v{}", kCacheFormat) / key.substr(0, 2) / key;
}

std::optional<std::string> ScanCache::load(const std::string& key) const {
  fs::path path = entryPath(key);
  auto read = readFileBytes(path, std::uintmax_t(4) << 30);
  auto* bytes = std::get_if<std::string>(&read);
  const std::size_t header = kCacheMagic.size() + 16;
  if (!bytes || bytes->size() < header || std::string_view(*bytes).substr(0, kCacheMagic.size()) != kCacheMagic) {
    misses.fetch_add(1);
    return std::nullopt;
  }
  uint64_t size = fixed64At(*bytes, kCacheMagic.size());
  uint64_t checksum = fixed64At(*bytes, kCacheMagic.size() + 8);
  std::string_view payload = std::string_view(*bytes).substr(header);
  if (payload.size() != size || cachePayloadChecksum(payload) != checksum) {
    misses.fetch_add(1);
    return std::nullopt;
  }
  // Used now: pruning removes the least recently used entries first.
  std::error_code ec;
  fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
  return std::string(payload);
}

void ScanCache::store(const std::string& key, std::string_view payload) const {
  std::error_code ec;
  bool fresh = !fs::exists(dir_, ec);
  fs::path path = entryPath(key);
  fs::create_directories(path.parent_path(), ec);
  if (ec) return;  // a read-only tree, a file in the way: not cached
  if (fresh) {
    // Git ignores the folder by itself; backup tools that honour CACHEDIR.TAG skip it.
    writeFileAtomically((dir_ / ".gitignore").string(), "# written by palisade: the scan cache is not source\n*\n");
    writeFileAtomically((dir_ / "CACHEDIR.TAG").string(),
                        "Signature: 8a477f597d28d172789f06886806bc55\n# palisade's scan cache (.palisade_cache)\n");
  }
  std::string framed(kCacheMagic);
  putFixed64(framed, payload.size());
  putFixed64(framed, cachePayloadChecksum(payload));
  framed.append(payload);
  if (!writeFileAtomically(path.string(), framed).empty()) return;
  stores.fetch_add(1);
  // Now and then (once a day at most), keep the folder bounded.
  fs::path stamp = dir_ / "last-pruned";
  auto pruned = fs::last_write_time(stamp, ec);
  if (ec || fs::file_time_type::clock::now() - pruned > std::chrono::hours(24)) {
    writeFileAtomically(stamp.string(), "");
    prune(kCacheMaxAge, kCacheMaxBytes);
  }
}

void ScanCache::prune(std::chrono::hours max_age, std::uintmax_t max_bytes) const {
  struct Entry {
    fs::path path;
    fs::file_time_type used;
    std::uintmax_t size;
  };
  std::vector<Entry> entries;
  std::error_code ec;
  const auto now = fs::file_time_type::clock::now();
  for (fs::recursive_directory_iterator it(dir_ / fmt::format("v{}", kCacheFormat), ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    Entry e{it->path(), it->last_write_time(ec), it->file_size(ec)};
    if (now - e.used > max_age) {
      fs::remove(e.path, ec);
    } else {
      entries.push_back(std::move(e));
    }
  }
  // Entries of other formats are never read again.
  for (fs::directory_iterator it(dir_, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (it->is_directory(ec) && name.size() > 1 && name[0] == 'v' && name != fmt::format("v{}", kCacheFormat)) fs::remove_all(it->path(), ec);
  }
  std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.used > b.used; });
  std::uintmax_t total = 0;
  for (const Entry& e : entries) {
    total += e.size;
    if (total > max_bytes) fs::remove(e.path, ec);
  }
}

std::shared_ptr<const ScanCache> openScanCache(const fs::path& root, const std::string& dir, bool disabled) {
  if (disabled) return nullptr;
  if (const char* off = std::getenv("PALISADE_NO_CACHE"); off && *off && std::string_view(off) != "0") return nullptr;
  if (!dir.empty()) return std::make_shared<const ScanCache>(fs::absolute(dir));
  if (const char* env = std::getenv("PALISADE_CACHE_DIR"); env && *env) return std::make_shared<const ScanCache>(fs::absolute(env));
  if (root.empty()) return nullptr;
  return std::make_shared<const ScanCache>(ScanCache::defaultDirFor(root));
}

CacheKey::CacheKey(std::string_view purpose, const ScanCache& cache) {
  add(purpose);
  add(cache.build());
  add(kCacheFormat);
}

CacheKey& CacheKey::add(std::string_view piece) {
  std::string length;
  putFixed64(length, piece.size());
  hasher_.update(length);
  hasher_.update(piece);
  return *this;
}

CacheKey& CacheKey::add(uint64_t number) {
  std::string bytes;
  putFixed64(bytes, number);
  hasher_.update(bytes);
  return *this;
}

std::string CacheKey::finish() { return hexKeyOf(hasher_); }

namespace {

// What a Bicep entry holds besides the model: the files it looked at, and how
// to rebuild the model's SourceFiles (each from one of those files' bytes).
struct CachedFileRef {
  std::string display;
  std::size_t observation;  // index into the observations: the bytes it was read from
};

bool isProbeState(const std::string& state) { return state == "file" || state == "absent"; }

// Every observation still holds; the bytes of those that were read are kept for rebuilding files.
bool observationsHold(const std::vector<FileObservation>& seen, std::vector<std::string>& bytes, const ReadLimits& limits,
                      std::size_t jobs) {
  bytes.assign(seen.size(), {});
  std::vector<char> holds(seen.size(), 0);
  parallelFor(seen.size(), jobs, [&](std::size_t i) {
    const FileObservation& o = seen[i];
    if (isProbeState(o.state) && o.state == "file") {
      std::error_code ec;
      holds[i] = fs::is_regular_file(o.path, ec);
      noteFileProbe(o.path, holds[i] != 0);  // a scan memo (scan/scan_memo.h) recording this reading depends on it too
      return;
    }
    auto read = readFileBytes(o.path, limits.max_file_bytes);
    holds[i] = readStateOf(read) == o.state;
    if (holds[i] && std::holds_alternative<std::string>(read)) bytes[i] = std::move(std::get<std::string>(read));
  });
  return std::all_of(holds.begin(), holds.end(), [](char h) { return h != 0; });
}

std::string bicepKey(const ScanCache& cache, const std::vector<fs::path>& files, const ScanRoot& root,
                     const AzureReadOptions& options) {
  CacheKey key("bicep-files", cache);
  key.add(root.directory.native());
  const ReadLimits& l = options.limits;
  key.add(l.max_file_bytes).add(l.max_depth).add(l.max_alias_expansion).add(l.max_loop_expansion).add(l.max_module_depth);
  key.add(fmt::format("{}", l.file_time_budget_seconds));
  key.add(options.report_unknown_parameters ? 1 : 0);
  key.add(options.parameter_files.size());
  for (const fs::path& p : options.parameter_files) key.add(p.native());
  key.add(options.registry.module_paths.size());
  for (const ModulePathMapping& m : options.registry.module_paths) key.add(m.prefix).add(m.folder.native());
  // Where registry modules restored by `bicep restore` are looked up.
  for (const char* name : {"BICEP_CACHE_DIRECTORY", "HOME"}) {
    const char* value = std::getenv(name);
    key.add(value ? value : "");
  }
  key.add(files.size());
  for (const fs::path& f : files) key.add(f.native());
  return key.finish();
}

std::optional<FileModel> decodeBicepEntry(std::string_view payload, const ReadLimits& limits, std::size_t jobs) {
  CacheReader in(payload, 0);
  std::vector<FileObservation> seen;
  uint64_t count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    FileObservation o;
    o.path = std::string(in.string());
    o.state = in.string();
    seen.push_back(std::move(o));
  }
  std::vector<CachedFileRef> refs;
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    CachedFileRef ref;
    ref.display = in.string();
    ref.observation = in.varint();
    if (ref.observation >= seen.size()) in.fail();
    refs.push_back(std::move(ref));
  }
  if (in.failed()) return std::nullopt;
  std::vector<std::string> bytes;
  if (!observationsHold(seen, bytes, limits, jobs)) return std::nullopt;
  std::vector<SourceFilePtr> files(refs.size());
  std::vector<char> built(refs.size(), 0);
  parallelFor(refs.size(), jobs, [&](std::size_t i) {
    std::vector<Diagnostic> ignored;
    files[i] = sourceFromBytes(bytes[refs[i].observation], refs[i].display, ignored);
    built[i] = files[i] != nullptr && ignored.empty();
  });
  if (!std::all_of(built.begin(), built.end(), [](char b) { return b != 0; })) return std::nullopt;
  std::size_t offset = in.offset();
  std::optional<FileModel> model = decodeFileModel(payload, offset, files);
  if (!model || offset != payload.size()) return std::nullopt;
  return model;
}

// The entry for `model`, or nothing when it cannot be rebuilt from files alone.
std::optional<std::string> encodeBicepEntry(const FileModel& model, const std::vector<FileObservation>& seen, const ScanRoot& root) {
  for (const Diagnostic& d : model.diagnostics) {
    // A limit (a time budget above all) depends on the machine, not only on the files.
    if (d.code == GenCode::AnalysisLimit) return std::nullopt;
  }
  std::unordered_map<std::string, std::size_t> observation_of;
  std::string out;
  putCacheVarint(out, seen.size());
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (seen[i].state == "changed") return std::nullopt;
    observation_of.emplace(seen[i].path.native(), i);
    putCacheString(out, seen[i].path.native());
    putCacheString(out, seen[i].state);
  }
  putCacheVarint(out, model.files.size());
  for (const SourceFilePtr& f : model.files) {
    fs::path display(f->path());
    fs::path absolute = display.is_absolute() ? display : (root.directory / display);
    auto it = observation_of.find(absolute.native());
    if (it == observation_of.end() || isProbeState(seen[it->second].state) || seen[it->second].state.starts_with("too-large")) {
      return std::nullopt;
    }
    putCacheString(out, f->path());
    putCacheVarint(out, it->second);
  }
  if (!encodeFileModel(model, out)) return std::nullopt;
  return out;
}

}  // namespace

FileModel readBicepFilesCached(const ScanCache* cache, const std::vector<fs::path>& files, const ScanRoot& root,
                               const AzureReadOptions& options) {
  if (!cache || !options.given_files.empty()) return readBicepFiles(files, root, options);
  const std::string key = bicepKey(*cache, files, root, options);
  if (std::optional<std::string> payload = cache->load(key)) {
    if (std::optional<FileModel> model = decodeBicepEntry(*payload, options.limits, options.jobs)) {
      cache->hits.fetch_add(1);
      return std::move(*model);
    }
    cache->misses.fetch_add(1);
  }
  std::vector<FileObservation> seen;
  FileModel model;
  {
    FileReadRecorder recorder;
    model = readBicepFiles(files, root, options);
    seen = recorder.observations();
  }
  // The recorder hears every thread of the process, so it may have heard another scan look up its own
  // entry: the cache's files are never what a model depends on (recorded, they would make it stale at once).
  const std::string cache_prefix = (cache->dir() / "").string();
  std::erase_if(seen, [&](const FileObservation& o) { return o.path.string().starts_with(cache_prefix); });
  if (std::optional<std::string> entry = encodeBicepEntry(model, seen, root)) cache->store(key, *entry);
  return model;
}

}  // namespace palisade
