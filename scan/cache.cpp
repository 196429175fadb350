#include "scan/cache.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_map>

#include "core/atomic_file.h"
#include "core/parallel.h"
#include "parsers/bicep/bicep_reader.h"
#include "parsers/bicep/bicep_session.h"
#include "parsers/bicep/bicep_workspace.h"
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
  int64_t written_ns = 0;
  auto read = readFileBytesUnobserved(path, std::uintmax_t(4) << 30, &written_ns);  // never hashed: no result depends on it
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
  // Used now: pruning removes the least recently used entries first (by the day: a cold run loads thousands of
  // entries, and a time set on each would be as many more system calls).
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  if (std::chrono::nanoseconds(written_ns) < now - std::chrono::hours(24)) {
    std::error_code ec;
    fs::last_write_time(path, fs::file_time_type::clock::now(), ec);
  }
  return std::string(payload);
}

void ScanCache::store(const std::string& key, std::string_view payload) const {
  std::error_code ec;
  // The folder's own files and the pruning check, on this object's first store only (a cold Bicep reading stores
  // thousands of entries).
  const bool first = !stored_once_.exchange(true);
  bool fresh = first && !fs::exists(dir_, ec);
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
  if (!first) return;
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

// Bicep reading through the cache: two kinds of entries serve a BicepSession's first update.
//
// A file summary, keyed by the file's path and SHA-256 (and the options that change parsing):
// what the call graph and the task list need from parsing it (its module and parameter
// declarations) and what parsing it recorded (GEN001 and the like). A file with a summary is
// presumed (BicepWorkspace::presume), not parsed, unless a task that is evaluated uses it.
//
// A task entry, keyed by the task (an entry file, or a .bicepparam file and its target) and the
// reading options: the task's output, the paths it used, and every file it looked at with the
// SHA-256 of the bytes (or that it was absent, or a file): its reads and probes, heard on its own
// thread, and the state of every path it used as the whole reading saw it. A hit is an entry all
// of whose files are unchanged.

constexpr std::string_view kSummaryPurpose = "bicep-file-summary";
constexpr std::string_view kTaskPurpose = "bicep-task";

bool isBicepProbeState(const std::string& state) { return state == "file" || state == "absent"; }
bool isBicepBytesState(const std::string& state) {
  return !state.empty() && !isBicepProbeState(state) && state != "changed" && !state.starts_with("too-large") && !state.starts_with("dir ");
}

// The reading options every Bicep entry depends on.
std::string bicepOptionsKey(const ScanCache& cache, const ScanRoot& root, const AzureReadOptions& options) {
  CacheKey key("bicep-options", cache);
  key.add(root.directory.native());
  const ReadLimits& l = options.limits;
  key.add(l.max_file_bytes).add(l.max_depth).add(l.max_alias_expansion).add(l.max_loop_expansion).add(l.max_module_depth);
  key.add(fmt::format("{}", l.file_time_budget_seconds));
  key.add(options.report_unknown_parameters ? 1 : 0);
  key.add(options.parameter_files.size());
  for (const fs::path& p : options.parameter_files) key.add(p.native());
  key.add(options.registry.module_paths.size());
  for (const ModulePathMapping& m : options.registry.module_paths) key.add(m.prefix).add(m.folder.native());
  key.add(options.registry.cache_root.native());
  // Where registry modules restored by `bicep restore` are looked up.
  for (const char* name : {"BICEP_CACHE_DIRECTORY", "HOME"}) {
    const char* value = std::getenv(name);
    key.add(value ? value : "");
  }
  return key.finish();
}

class BicepCacheStore final : public BicepSessionStore {
 public:
  BicepCacheStore(const ScanCache& cache, const ScanRoot& root, const AzureReadOptions& options, const FileReadRecorder& recorder)
      : cache_(cache), root_(root), options_(options), recorder_(recorder), options_key_(bicepOptionsKey(cache, root, options)) {}

  void presumeFiles(const std::vector<fs::path>& files, BicepWorkspace& workspace) override {
    workspace_ = &workspace;
    states_.assign(files.size(), {});
    std::vector<SourceFilePtr> sources(files.size());
    std::vector<std::unique_ptr<BicepUnit>> summaries(files.size());
    std::vector<FileModel> parsed(files.size());
    parallelFor(files.size(), options_.jobs, [&](std::size_t i) {
      auto read = readFileBytes(files[i], options_.limits.max_file_bytes);
      if (!std::holds_alternative<std::string>(read)) return;  // preload reads it again and says why
      states_[i] = recorder_.stateOf(files[i]);
      std::vector<Diagnostic> problems;
      sources[i] = sourceFromBytes(std::move(std::get<std::string>(read)), root_.displayPath(files[i]), problems);
      if (!sources[i] || !problems.empty() || !isBicepBytesState(states_[i])) {
        sources[i] = nullptr;
        return;
      }
      if (std::optional<std::string> payload = cache_.load(summaryKey(files[i], states_[i]))) {
        summaries[i] = decodeSummary(*payload, files[i], sources[i], parsed[i]);
      }
    });
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (!sources[i]) continue;
      units_.emplace(files[i].native(), sources[i]);
      held_.insert(sources[i].get());
      if (summaries[i]) {
        ++presumed_;
        workspace.presume(std::move(summaries[i]), std::move(parsed[i]));
      } else {
        workspace.provide(files[i], sources[i]);  // parsed from the bytes read here: one SourceFile per file
      }
    }
    cache_.summary_hits.fetch_add(presumed_);
  }

  void parsedFiles(const std::vector<fs::path>& files, const BicepWorkspace& workspace) override {
    parallelFor(files.size(), options_.jobs, [&](std::size_t i) {
      auto listed = units_.find(files[i].native());
      if (states_[i].empty() || listed == units_.end()) return;
      const BicepUnit* unit = workspace.preloadedUnit(files[i]);
      const FileModel* parsed = workspace.parsedOutput(files[i]);
      if (!unit || unit->summary_only || !parsed || unit->source != listed->second) return;
      if (std::optional<std::string> entry = encodeSummary(*unit, *parsed)) cache_.store(summaryKey(files[i], states_[i]), *entry);
    });
  }

  void tasksStarting(const FileModel& head) override {
    // What the parameter files' evaluation loaded (a .bicepparam file's target outside the listed files): a stored
    // output that points into one of these points into the very object the result holds.
    for (const SourceFilePtr& f : head.files) {
      if (held_.insert(f.get()).second) {
        if (std::optional<FileRole> role = roleOf(f)) filesOf(*role).try_emplace(absoluteOf(*f), f);
      }
    }
  }

  bool loadTask(const std::string& task, FileModel& output, std::unordered_set<std::string>& used) override {
    if (std::optional<std::string> payload = cache_.load(taskKey(task))) {
      if (decodeTask(*payload, output, used)) {
        cache_.task_hits.fetch_add(1);
        return true;
      }
      output = FileModel{};
      used.clear();
    }
    return false;
  }

  void tasksLoaded(BicepWorkspace& workspace) override {
    // Files rebuilt for stored outputs: a task evaluated now uses the same SourceFiles (the result lists each once, as
    // a reading without the cache does).
    std::lock_guard lock(files_mutex_);
    for (const auto& [path, file] : units_) {
      if (!held_.count(file.get())) workspace.provide(path, file);
    }
    for (const auto& [path, file] : data_files_) {
      if (!held_.count(file.get())) workspace.provideDataFile(path, file);
    }
  }

  void evaluateTask(const std::string& task, const FileModel& output, const std::unordered_set<std::string>& used,
                    const std::function<void()>& evaluate) override {
    cache_.task_misses.fetch_add(1);
    std::vector<FileObservation> seen;
    {
      FileReadRecorder own(FileReadRecorder::Scope::ThisThread);
      evaluate();
      seen = own.observations();
    }
    if (std::optional<std::string> entry = encodeTask(output, used, std::move(seen))) cache_.store(taskKey(task), *entry);
  }

  std::size_t presumed() const { return presumed_; }

 private:
  std::string taskKey(const std::string& task) {
    return CacheKey(kTaskPurpose, cache_).add(options_key_).add(parameterFilesState()).add(task).finish();
  }

  std::string summaryKey(const fs::path& file, const std::string& state) const {
    const ReadLimits& l = options_.limits;
    return CacheKey(kSummaryPurpose, cache_)
        .add(file.native())
        .add(state)
        .add(l.max_depth)
        .add(l.max_file_bytes)
        .add(fmt::format("{}", l.file_time_budget_seconds))
        .add(root_.directory.native())
        .finish();
  }

  // The state of the --params files (their bytes decide every task's parameters).
  std::string parameterFilesState() {
    std::call_once(parameter_files_once_, [&] {
      for (const fs::path& p : options_.parameter_files) parameter_files_state_ += recorder_.stateOf(p) + '\n';
    });
    return parameter_files_state_;
  }

  static std::optional<std::string> encodeSummary(const BicepUnit& unit, const FileModel& parsed) {
    for (const Diagnostic& d : parsed.diagnostics) {
      if (d.code == GenCode::AnalysisLimit) return std::nullopt;  // a parse budget depends on the machine
    }
    if (parsed.files.size() != 1 || parsed.files[0] != unit.source) return std::nullopt;
    std::string out;
    std::size_t count = 0;
    for (const BicepDeclaration& d : unit.syntax.declarations) count += d.kind == BicepDeclaration::Kind::Param || d.kind == BicepDeclaration::Kind::Module;
    putCacheVarint(out, count);
    for (const BicepDeclaration& d : unit.syntax.declarations) {
      if (d.kind != BicepDeclaration::Kind::Param && d.kind != BicepDeclaration::Kind::Module) continue;
      putCacheVarint(out, d.kind == BicepDeclaration::Kind::Module ? 1 : 0);
      putCacheString(out, d.name);
      putCacheString(out, d.type_text);
    }
    if (!encodeFileModel(parsed, out)) return std::nullopt;
    return out;
  }

  static std::unique_ptr<BicepUnit> decodeSummary(std::string_view payload, const fs::path& file, const SourceFilePtr& source,
                                                  FileModel& parsed) {
    auto unit = std::make_unique<BicepUnit>();
    unit->path = file;
    unit->source = source;
    unit->bicepparam = file.extension() == ".bicepparam";
    CacheReader in(payload, 0);
    uint64_t count = in.varint();
    if (!in.has(count)) return nullptr;
    unit->syntax.declarations.reserve(count);
    for (uint64_t i = 0; i < count && !in.failed(); ++i) {
      BicepDeclaration d;
      d.kind = in.byte() == 1 ? BicepDeclaration::Kind::Module : BicepDeclaration::Kind::Param;
      d.name = in.string();
      d.type_text = in.string();
      unit->syntax.declarations.push_back(std::move(d));
    }
    if (in.failed()) return nullptr;
    std::size_t offset = in.offset();
    std::optional<FileModel> model = decodeFileModel(payload, offset, {source});
    if (!model || offset != payload.size()) return nullptr;
    parsed = std::move(*model);
    return unit;
  }

  std::string absoluteOf(const SourceFile& file) const {
    fs::path display(file.path());
    return (display.is_absolute() ? display : (root_.directory / display)).native();
  }

  // A SourceFile of the reading is a parsed Bicep file's or a data file's (load*Content(), a JSON module): a file
  // read both ways is two SourceFiles, as without the cache.
  enum class FileRole : uint8_t { Unit = 0, Data = 1 };
  std::unordered_map<std::string, SourceFilePtr>& filesOf(FileRole role) { return role == FileRole::Unit ? units_ : data_files_; }
  std::optional<FileRole> roleOf(const SourceFilePtr& f) const {
    const std::string path = absoluteOf(*f);
    if (const BicepUnit* unit = workspace_->preloadedUnit(path); unit && unit->source == f) return FileRole::Unit;
    if (workspace_->loadedDataFile(path) == f) return FileRole::Data;
    return std::nullopt;
  }

  // The state of `path` now, as this reading sees it: from what was read or probed already, else looked at now.
  std::string currentState(const FileObservation& o) const {
    std::string now = recorder_.stateOf(o.path);
    if (o.state == "file" && !now.empty()) return now == "absent" || now == "changed" ? now : "file";
    if (!now.empty() && now != "file") return now;
    if (o.state == "file" || (o.state == "absent" && now.empty())) {
      std::error_code ec;
      bool is_file = fs::is_regular_file(o.path, ec);
      noteFileProbe(o.path, is_file);  // a scan memo recording this reading depends on it too
      if (o.state == "file" || !is_file) return is_file ? "file" : "absent";
    }
    (void)readFileBytes(o.path, options_.limits.max_file_bytes);
    return recorder_.stateOf(o.path);
  }

  // The SourceFile of `absolute` in `role` for a decoded model: the one this reading has, else one made from its
  // bytes (shared by every task, and by those evaluated: tasksLoaded()).
  SourceFilePtr sourceFor(const std::string& absolute, FileRole role, const std::string& display, const std::string& state) {
    {
      std::lock_guard lock(files_mutex_);
      auto& files = filesOf(role);
      if (auto it = files.find(absolute); it != files.end()) return it->second;
    }
    auto read = readFileBytes(absolute, options_.limits.max_file_bytes);
    auto* bytes = std::get_if<std::string>(&read);
    if (!bytes || sha256Hex(*bytes) != state) return nullptr;
    std::vector<Diagnostic> problems;
    SourceFilePtr made = sourceFromBytes(std::move(*bytes), display, problems);
    if (!made || !problems.empty()) return nullptr;
    std::lock_guard lock(files_mutex_);
    return filesOf(role).try_emplace(absolute, std::move(made)).first->second;
  }

  bool decodeTask(std::string_view payload, FileModel& output, std::unordered_set<std::string>& used) {
    CacheReader in(payload, 0);
    std::vector<FileObservation> seen;
    uint64_t count = in.varint();
    if (!in.has(count)) return false;
    for (uint64_t i = 0; i < count && !in.failed(); ++i) {
      FileObservation o;
      o.path = std::string(in.string());
      o.state = in.string();
      seen.push_back(std::move(o));
    }
    if (in.failed()) return false;
    for (const FileObservation& o : seen) {
      if (currentState(o) != o.state) return false;
    }
    std::vector<SourceFilePtr> table;
    count = in.varint();
    if (!in.has(count)) return false;
    for (uint64_t i = 0; i < count && !in.failed(); ++i) {
      std::string display(in.string());
      uint64_t observation = in.varint();
      uint8_t role = in.byte();
      if (in.failed() || observation >= seen.size() || role > 1) return false;
      SourceFilePtr file = sourceFor(seen[observation].path.native(), static_cast<FileRole>(role), display, seen[observation].state);
      if (!file || file->path() != display) return false;
      table.push_back(std::move(file));
    }
    std::vector<SourceFilePtr> files;
    std::vector<char> owned(table.size(), 0);
    count = in.varint();
    if (!in.has(count)) return false;
    for (uint64_t i = 0; i < count && !in.failed(); ++i) {
      uint64_t at = in.varint();
      if (at >= table.size()) return false;
      files.push_back(table[at]);
      owned[at] = 1;
    }
    // A span may point only into the output's own files or into those the result holds already.
    for (std::size_t i = 0; i < table.size(); ++i) {
      if (!owned[i] && !held_.count(table[i].get())) return false;
    }
    std::vector<std::string> used_paths;
    count = in.varint();
    if (!in.has(count)) return false;
    for (uint64_t i = 0; i < count && !in.failed(); ++i) used_paths.emplace_back(in.string());
    if (in.failed()) return false;
    std::size_t offset = in.offset();
    std::optional<FileModel> model = decodeFileModel(payload, offset, table);
    if (!model || offset != payload.size()) return false;
    output = std::move(*model);
    output.files = std::move(files);
    used.insert(used_paths.begin(), used_paths.end());
    return true;
  }

  std::optional<std::string> encodeTask(const FileModel& output, const std::unordered_set<std::string>& used,
                                        std::vector<FileObservation> seen) {
    for (const Diagnostic& d : output.diagnostics) {
      // A limit (a time budget above all) depends on the machine, not only on the files.
      if (d.code == GenCode::AnalysisLimit) return std::nullopt;
    }
    // What the task heard on its thread, and every path it used as the whole reading saw it (another task may have read it first).
    std::unordered_map<std::string, std::size_t> observation_of;
    for (std::size_t i = 0; i < seen.size(); ++i) observation_of.emplace(seen[i].path.native(), i);
    for (const std::string& p : used) {
      std::string state = recorder_.stateOf(p);
      if (state.empty()) return std::nullopt;
      auto [it, fresh] = observation_of.try_emplace(p, seen.size());
      if (fresh) {
        seen.push_back(FileObservation{p, std::move(state)});
      } else {
        mergeFileObservation(seen[it->second].state, state);
      }
    }
    const std::string cache_prefix = (cache_.dir() / "").string();
    std::string out;
    putCacheVarint(out, seen.size());
    for (const FileObservation& o : seen) {
      if (o.state == "changed" || o.path.native().starts_with(cache_prefix)) return std::nullopt;
      putCacheString(out, o.path.native());
      putCacheString(out, o.state);
    }
    // The files the output's spans may point into: its own, and the reading's files it used (a span into
    // any other file fails the encoding: such an output is not kept).
    std::vector<SourceFilePtr> table = output.files;
    {
      std::lock_guard lock(files_mutex_);
      for (const std::string& p : used) {
        if (auto it = units_.find(p); it != units_.end() && held_.count(it->second.get())) table.push_back(it->second);
      }
    }
    std::sort(table.begin() + static_cast<std::ptrdiff_t>(output.files.size()), table.end());
    table.erase(std::unique(table.begin() + static_cast<std::ptrdiff_t>(output.files.size()), table.end()), table.end());
    std::unordered_map<const SourceFile*, std::size_t> place;
    std::vector<SourceFilePtr> unique_table;
    for (SourceFilePtr& f : table) {
      if (place.emplace(f.get(), unique_table.size()).second) unique_table.push_back(std::move(f));
    }
    putCacheVarint(out, unique_table.size());
    for (const SourceFilePtr& f : unique_table) {
      auto it = observation_of.find(absoluteOf(*f));
      std::optional<FileRole> role = roleOf(f);
      if (it == observation_of.end() || !isBicepBytesState(seen[it->second].state) || !role) return std::nullopt;
      putCacheString(out, f->path());
      putCacheVarint(out, it->second);
      out += static_cast<char>(*role);
    }
    putCacheVarint(out, output.files.size());
    for (const SourceFilePtr& f : output.files) putCacheVarint(out, place.at(f.get()));
    putCacheVarint(out, used.size());
    std::vector<std::string> used_sorted(used.begin(), used.end());
    std::sort(used_sorted.begin(), used_sorted.end());
    for (const std::string& p : used_sorted) putCacheString(out, p);
    if (!encodeFileModel(output, unique_table, out)) return std::nullopt;
    return out;
  }

  const ScanCache& cache_;
  const ScanRoot& root_;
  const AzureReadOptions& options_;
  const FileReadRecorder& recorder_;
  const std::string options_key_;
  std::vector<std::string> states_;  // of each listed file, as read by presumeFiles
  BicepWorkspace* workspace_ = nullptr;
  // By absolute path, the SourceFiles of parsed Bicep files and of data files that models point into: the listed
  // files', those the parameter files' evaluation loaded, and those rebuilt for stored outputs.
  std::mutex files_mutex_;
  std::unordered_map<std::string, SourceFilePtr> units_;
  std::unordered_map<std::string, SourceFilePtr> data_files_;
  std::unordered_set<const SourceFile*> held_;  // those the result holds before any task (listed, parameter files'); set before the tasks
  std::size_t presumed_ = 0;
  std::once_flag parameter_files_once_;
  std::string parameter_files_state_;
};

}  // namespace

FileModel readBicepFilesCached(const ScanCache* cache, const std::vector<fs::path>& files, const ScanRoot& root,
                               const AzureReadOptions& options) {
  if (!cache || !options.given_files.empty()) return readBicepFiles(files, root, options);
  // Hears every read of the process while it lives (the states the entries record and are checked against).
  FileReadRecorder recorder;
  BicepCacheStore store(*cache, root, options, recorder);
  const std::size_t task_hits = cache->task_hits.load(), task_misses = cache->task_misses.load();
  BicepSession session(root, options, &store);
  session.update(files, {});
  if (const char* trace = std::getenv("PALISADE_CACHE_TRACE"); trace && std::string_view(trace) == "1") {
    fmt::print(stderr, "palisade: bicep cache: {} of {} files known from their summaries, {} tasks reused, {} evaluated\n",
               store.presumed(), files.size(), cache->task_hits.load() - task_hits, cache->task_misses.load() - task_misses);
  }
  return session.lend();
}

}  // namespace palisade
