#include "scan/scan_memo.h"

#include <fmt/format.h>

#include <atomic>
#include <cstdlib>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/parallel.h"
#include "core/read_file.h"
#include "scan/cache_codec.h"
#include "scan/cache_stat_memo.h"
#include "scan/comment_suppressions.h"

namespace palisade {

namespace fs = std::filesystem;

namespace {

bool isContentState(const std::string& state) { return state.size() == 64 || state.starts_with("too-large "); }

// Whether every observation still holds: the stat memo vouches for unchanged
// files and folders, the rest are read (listed) again and remembered.
bool memoObservationsHold(const std::vector<FileObservation>& seen, FileStateMemo& stats, const ReadLimits& limits,
                          std::size_t jobs, std::size_t& hashed) {
  std::atomic<bool> holds{true};
  std::atomic<std::size_t> reread{0};
  parallelFor(seen.size(), jobs, [&](std::size_t i) {
    if (!holds.load(std::memory_order_relaxed)) return;
    const FileObservation& o = seen[i];
    std::optional<FileStamp> stamp = fileStampOf(o.path);
    bool ok = false;
    if (o.state == "file") {
      ok = stamp && !stamp->directory;
    } else if (o.state == "absent") {
      ok = !stamp || readStateOf(readFileBytes(o.path, limits.max_file_bytes)) == "absent";
    } else if (o.state.starts_with("dir ")) {
      if (stamp && stamp->directory) {
        if (std::optional<std::string> known = stats.find(o.path.native(), *stamp)) {
          ok = *known == o.state;
        } else {
          std::string now = directoryListingState(o.path);
          stats.remember(o.path.native(), *stamp, now);
          reread.fetch_add(1);
          ok = now == o.state;
        }
      }
    } else if (isContentState(o.state) && stamp && !stamp->directory) {
      if (std::optional<std::string> known = stats.find(o.path.native(), *stamp)) {
        ok = *known == o.state;
      } else {
        std::string now = readStateOf(readFileBytes(o.path, limits.max_file_bytes));
        if (now.size() == 64) stats.remember(o.path.native(), *stamp, now);
        reread.fetch_add(1);
        ok = now == o.state;
      }
    }
    if (!ok) holds.store(false, std::memory_order_relaxed);
  });
  hashed = reread.load();
  return holds.load();
}

// After a scan that read its files itself: each file's stamp, for the files
// unchanged since before the scan began (a file changed while it ran might
// have been read before the change and stamped after it).
void rememberStamps(const std::vector<FileObservation>& seen, FileStateMemo& stats, int64_t scan_began_ns) {
  for (const FileObservation& o : seen) {
    if (o.state.size() != 64 && !o.state.starts_with("dir ")) continue;
    std::optional<FileStamp> stamp = fileStampOf(o.path);
    if (!stamp || stamp->directory != o.state.starts_with("dir ")) continue;
    if (!stampOlderThan(*stamp, scan_began_ns)) continue;
    stats.remember(o.path.native(), *stamp, o.state);
  }
}

void putMemoLocation(std::string& out, const Location& l) {
  putCacheString(out, l.uri);
  putCacheVarint(out, l.start_line);
  putCacheVarint(out, l.start_column);
  putCacheVarint(out, l.end_line);
  putCacheVarint(out, l.end_column);
  putCacheString(out, l.snippet);
  putCacheString(out, l.message);
  putCacheString(out, l.line_hash);
  putCacheVarint(out, static_cast<uint64_t>(l.role));
}

Location memoLocationFrom(CacheReader& in) {
  Location l;
  l.uri = in.string();
  l.start_line = static_cast<uint32_t>(in.varint());
  l.start_column = static_cast<uint32_t>(in.varint());
  l.end_line = static_cast<uint32_t>(in.varint());
  l.end_column = static_cast<uint32_t>(in.varint());
  l.snippet = in.string();
  l.message = in.string();
  l.line_hash = in.string();
  uint64_t role = in.varint();
  if (role > static_cast<uint64_t>(Location::Role::ValueFrom)) in.fail();
  l.role = static_cast<Location::Role>(role);
  return l;
}

void putMemoFinding(std::string& out, const Finding& f) {
  putCacheString(out, f.rule_id);
  putCacheString(out, f.rule_name);
  putCacheVarint(out, static_cast<uint64_t>(f.severity));
  putCacheVarint(out, static_cast<uint64_t>(f.level));
  putCacheString(out, f.message);
  putCacheString(out, f.help);
  putCacheVarint(out, f.fix ? 1 : 0);
  if (f.fix) {
    putCacheString(out, f.fix->title);
    putCacheVarint(out, f.fix->safe ? 1 : 0);
    putCacheString(out, f.fix->refused);
    putCacheVarint(out, f.fix->edits.size());
    for (const TextEdit& e : f.fix->edits) {
      putCacheString(out, e.uri);
      putCacheVarint(out, e.begin);
      putCacheVarint(out, e.end);
      putCacheString(out, e.text);
      putCacheVarint(out, e.start_line);
      putCacheVarint(out, e.start_column);
      putCacheVarint(out, e.end_line);
      putCacheVarint(out, e.end_column);
    }
  }
  putMemoLocation(out, f.location);
  putCacheVarint(out, f.related.size());
  for (const Location& l : f.related) putMemoLocation(out, l);
  putCacheString(out, f.resource);
  putCacheString(out, f.fingerprint);
  putCacheString(out, f.strict_reason);
  putCacheVarint(out, f.suppression ? 1 + static_cast<uint64_t>(f.suppression->kind) : 0);
  if (f.suppression) putCacheString(out, f.suppression->justification);
  putCacheVarint(out, f.baselined ? 1 : 0);
}

Finding memoFindingFrom(CacheReader& in) {
  Finding f;
  f.rule_id = in.string();
  f.rule_name = in.string();
  uint64_t severity = in.varint();
  uint64_t level = in.varint();
  if (severity > static_cast<uint64_t>(Severity::Critical) || level > static_cast<uint64_t>(Level::Error)) in.fail();
  f.severity = static_cast<Severity>(severity);
  f.level = static_cast<Level>(level);
  f.message = in.string();
  f.help = in.string();
  if (in.varint() != 0) {
    Fix fix;
    fix.title = in.string();
    fix.safe = in.varint() != 0;
    fix.refused = in.string();
    uint64_t edits = in.varint();
    if (!in.has(edits)) in.fail();
    for (uint64_t i = 0; i < edits && !in.failed(); ++i) {
      TextEdit e;
      e.uri = in.string();
      e.begin = static_cast<uint32_t>(in.varint());
      e.end = static_cast<uint32_t>(in.varint());
      e.text = in.string();
      e.start_line = static_cast<uint32_t>(in.varint());
      e.start_column = static_cast<uint32_t>(in.varint());
      e.end_line = static_cast<uint32_t>(in.varint());
      e.end_column = static_cast<uint32_t>(in.varint());
      fix.edits.push_back(std::move(e));
    }
    f.fix = std::move(fix);
  }
  f.location = memoLocationFrom(in);
  uint64_t related = in.varint();
  if (!in.has(related)) in.fail();
  for (uint64_t i = 0; i < related && !in.failed(); ++i) f.related.push_back(memoLocationFrom(in));
  f.resource = in.string();
  f.fingerprint = in.string();
  f.strict_reason = in.string();
  if (uint64_t suppression = in.varint(); suppression != 0) {
    if (suppression > 2) in.fail();
    f.suppression = Suppression{static_cast<Suppression::Kind>(suppression - 1), std::string(in.string())};
  }
  f.baselined = in.varint() != 0;
  return f;
}

// The file's text with only `lines` kept (the others empty): the lines keep their numbers.
std::string memoSparseText(const SourceFile& file, const std::set<uint32_t>& lines) {
  std::string out;
  const auto count = static_cast<uint32_t>(file.lineCount());
  for (uint32_t line = 1; line <= count; ++line) {
    if (lines.count(line)) out += file.lineText(line);
    if (line < count) out += '\n';
  }
  return out;
}

void putMemoComment(std::string& out, const SuppressionComment& c) {
  putCacheVarint(out, static_cast<uint64_t>(c.style));
  putCacheVarint(out, c.line);
  putCacheVarint(out, c.column);
  putCacheVarint(out, c.end_column);
  putCacheVarint(out, c.covered_lines.size());
  for (uint32_t line : c.covered_lines) putCacheVarint(out, line);
  putCacheVarint(out, c.rules.size());
  for (const std::string& rule : c.rules) putCacheString(out, rule);
  putCacheVarint(out, c.until ? 1 : 0);
  if (c.until) {
    putCacheVarint(out, static_cast<uint64_t>(c.until->year));
    putCacheVarint(out, static_cast<uint64_t>(c.until->month));
    putCacheVarint(out, static_cast<uint64_t>(c.until->day));
  }
  putCacheString(out, c.reason);
  putCacheString(out, c.problem);
  putCacheString(out, c.text);
}

SuppressionComment memoCommentFrom(CacheReader& in) {
  SuppressionComment c;
  uint64_t style = in.varint();
  if (style > static_cast<uint64_t>(SuppressionComment::Style::BicepDisableNextLine)) in.fail();
  c.style = static_cast<SuppressionComment::Style>(style);
  c.line = static_cast<uint32_t>(in.varint());
  c.column = static_cast<uint32_t>(in.varint());
  c.end_column = static_cast<uint32_t>(in.varint());
  uint64_t n = in.varint();
  if (!in.has(n)) in.fail();
  for (uint64_t i = 0; i < n && !in.failed(); ++i) c.covered_lines.push_back(static_cast<uint32_t>(in.varint()));
  n = in.varint();
  if (!in.has(n)) in.fail();
  for (uint64_t i = 0; i < n && !in.failed(); ++i) c.rules.emplace_back(in.string());
  if (in.varint() != 0) {
    CivilDate until;
    until.year = static_cast<int>(in.varint());
    until.month = static_cast<int>(in.varint());
    until.day = static_cast<int>(in.varint());
    c.until = until;
  }
  c.reason = in.string();
  c.problem = in.string();
  c.text = in.string();
  return c;
}

// Whether a scan's result may be kept: what it depends on is all on disk, seen by the recorder.
bool memoizable(const ScanRequest& request, const ScanResult& result, const std::vector<FileObservation>& seen) {
  if (request.stdin_text || !request.overlay.empty() || result.helm_charts > 0 || result.kustomize_roots > 0) return false;
  for (const std::string& p : request.paths) {
    if (p == "-") return false;
  }
  for (const Diagnostic& d : result.project.diagnostics()) {
    if (d.code == GenCode::AnalysisLimit) return false;
  }
  for (const FileObservation& o : seen) {
    if (o.state == "changed") return false;
  }
  return true;
}

std::string encodeScanMemo(const ScanResult& result, const std::vector<FileObservation>& seen) {
  std::string out;
  putCacheVarint(out, seen.size());
  for (const FileObservation& o : seen) {
    putCacheString(out, o.path.native());
    putCacheString(out, o.state);
  }
  const Project& project = result.project;
  putCacheString(out, project.root());
  putCacheVarint(out, result.files_scanned);
  putCacheVarint(out, result.bytes_scanned);
  putCacheVarint(out, result.inputs.size());
  for (const InputRecord& r : result.inputs) {
    putCacheString(out, r.path);
    putCacheVarint(out, static_cast<uint64_t>(r.format));
    putCacheVarint(out, r.named ? 1 : 0);
    putCacheString(out, r.skipped);
    putCacheVarint(out, r.resources);
    putCacheVarint(out, r.diagnostics);
    putCacheVarint(out, r.values_only ? 1 : 0);
  }
  // The files the later stages read lines of: those with suppression comments (their comments are
  // kept, read already), those diagnostics point into; of each only those lines are kept.
  std::unordered_map<const SourceFile*, std::set<uint32_t>> lines_of;
  for (const Diagnostic& d : project.diagnostics()) {
    if (d.span.file) lines_of[d.span.file].insert({d.span.start.line, d.span.stop.line});
  }
  std::vector<const SourceFile*> kept;
  std::vector<std::vector<SuppressionComment>> comments_of_kept;
  std::unordered_map<const SourceFile*, std::size_t> index_of;
  for (const SourceFilePtr& f : project.files()) {
    std::vector<SuppressionComment> comments = suppressionCommentsIn(*f);
    if (!lines_of.count(f.get()) && comments.empty()) continue;
    if (!index_of.emplace(f.get(), kept.size()).second) continue;
    for (const SuppressionComment& c : comments) lines_of[f.get()].insert(c.line);
    kept.push_back(f.get());
    comments_of_kept.push_back(std::move(comments));
  }
  putCacheVarint(out, kept.size());
  for (std::size_t i = 0; i < kept.size(); ++i) {
    const SourceFile& f = *kept[i];
    putCacheString(out, f.path());
    putCacheString(out, memoSparseText(f, lines_of[&f]));
    putCacheVarint(out, comments_of_kept[i].size());
    for (const SuppressionComment& c : comments_of_kept[i]) putMemoComment(out, c);
  }
  putCacheVarint(out, project.diagnostics().size());
  for (const Diagnostic& d : project.diagnostics()) {
    putCacheVarint(out, static_cast<uint64_t>(d.code));
    putCacheString(out, d.message);
    putCacheString(out, d.path);
    putCacheString(out, d.subject);
    putCacheString(out, d.help);
    auto file = d.span.file ? index_of.find(d.span.file) : index_of.end();
    putCacheVarint(out, file == index_of.end() ? 0 : file->second + 1);
    putCacheVarint(out, d.span.begin);
    putCacheVarint(out, d.span.end);
    putCacheVarint(out, d.span.start.line);
    putCacheVarint(out, d.span.start.column);
    putCacheVarint(out, d.span.stop.line);
    putCacheVarint(out, d.span.stop.column);
  }
  putCacheVarint(out, result.findings.size());
  for (const Finding& f : result.findings) putMemoFinding(out, f);
  ResourceSuppressionFacts facts = resourceSuppressionFactsOf(project);
  std::erase_if(facts.extents, [&](const auto& entry) {
    return std::none_of(kept.begin(), kept.end(), [&](const SourceFile* f) { return f->path() == entry.first; });
  });
  putCacheVarint(out, facts.extents.size());
  for (const auto& [path, ranges] : facts.extents) {
    putCacheString(out, path);
    putCacheVarint(out, ranges.size());
    for (const ResourceLineRange& r : ranges) {
      putCacheVarint(out, r.first);
      putCacheVarint(out, r.last);
    }
  }
  putCacheVarint(out, facts.annotations.size());
  for (const AnnotationScope& scope : facts.annotations) {
    putMemoLocation(out, scope.extent);
    putCacheVarint(out, scope.rules.size());
    for (const std::string& rule : scope.rules) putCacheString(out, rule);
    putCacheString(out, scope.reason);
  }
  // GitHub's line hash of each finding's line (it depends on the whole file, which is not kept).
  std::unordered_map<std::string_view, const SourceFile*> file_of;
  for (const SourceFilePtr& f : project.files()) file_of.emplace(f->path(), f.get());
  LineHashes hashes;
  auto hashLine = [&](const std::string& uri, uint32_t line) {
    auto file = file_of.find(uri);
    if (file == file_of.end() || hashes.count({uri, line})) return;
    hashes.emplace(std::make_pair(uri, line), file->second->lineHash(line));
  };
  for (const Finding& f : result.findings) {
    if (f.location.valid()) hashLine(f.location.uri, f.location.start_line);
  }
  // The findings the comment stage adds (an unused or expired suppression) are on the comments' lines.
  for (std::size_t i = 0; i < kept.size(); ++i) {
    for (const SuppressionComment& c : comments_of_kept[i]) hashLine(kept[i]->path(), c.line);
  }
  putCacheVarint(out, hashes.size());
  for (const auto& [at, hash] : hashes) {
    putCacheString(out, at.first);
    putCacheVarint(out, at.second);
    putCacheString(out, hash);
  }
  return out;
}

std::vector<FileObservation> decodeMemoObservations(CacheReader& in) {
  std::vector<FileObservation> seen;
  uint64_t count = in.varint();
  if (!in.has(count)) {
    in.fail();
    return seen;
  }
  seen.reserve(count);
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    FileObservation o;
    o.path = std::string(in.string());
    o.state = in.string();
    seen.push_back(std::move(o));
  }
  return seen;
}

std::optional<MemoizedScan> decodeScanMemoRest(CacheReader& in, std::size_t end) {
  MemoizedScan memo;
  memo.hit = true;
  std::string root(in.string());
  memo.result.project = Project(root);
  memo.result.files_scanned = in.varint();
  memo.result.bytes_scanned = in.varint();
  uint64_t count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    InputRecord r;
    r.path = in.string();
    uint64_t format = in.varint();
    if (format >= kInputFormats) in.fail();
    r.format = static_cast<InputFormat>(format);
    r.named = in.varint() != 0;
    r.skipped = in.string();
    r.resources = in.varint();
    r.diagnostics = in.varint();
    r.values_only = in.varint() != 0;
    memo.result.inputs.push_back(std::move(r));
  }
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  std::vector<SourceFilePtr> files;
  SuppressionCommentsByFile comments;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    std::string path(in.string());
    std::string text(in.string());
    uint64_t n = in.varint();
    if (!in.has(n)) in.fail();
    std::vector<SuppressionComment>& of_file = comments[path];
    for (uint64_t j = 0; j < n && !in.failed(); ++j) of_file.push_back(memoCommentFrom(in));
    files.push_back(std::make_shared<const SourceFile>(std::move(path), std::move(text)));
  }
  for (const SourceFilePtr& f : files) memo.result.project.addFile(f);
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    Diagnostic d;
    d.code = static_cast<GenCode>(in.varint());
    d.message = in.string();
    d.path = in.string();
    d.subject = in.string();
    d.help = in.string();
    uint64_t file = in.varint();
    if (file > files.size()) in.fail();
    d.span.file = file == 0 || in.failed() ? nullptr : files[file - 1].get();
    d.span.begin = static_cast<uint32_t>(in.varint());
    d.span.end = static_cast<uint32_t>(in.varint());
    d.span.start.line = static_cast<uint32_t>(in.varint());
    d.span.start.column = static_cast<uint32_t>(in.varint());
    d.span.stop.line = static_cast<uint32_t>(in.varint());
    d.span.stop.column = static_cast<uint32_t>(in.varint());
    memo.result.project.addDiagnostic(std::move(d));
  }
  memo.result.project.finalize();
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  memo.result.findings.reserve(count);
  for (uint64_t i = 0; i < count && !in.failed(); ++i) memo.result.findings.push_back(memoFindingFrom(in));
  ResourceSuppressionFacts facts;
  facts.comments = std::move(comments);
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    std::vector<ResourceLineRange>& ranges = facts.extents[std::string(in.string())];
    uint64_t n = in.varint();
    if (!in.has(n)) in.fail();
    for (uint64_t j = 0; j < n && !in.failed(); ++j) {
      ResourceLineRange r;
      r.first = static_cast<uint32_t>(in.varint());
      r.last = static_cast<uint32_t>(in.varint());
      ranges.push_back(r);
    }
  }
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    AnnotationScope scope;
    scope.extent = memoLocationFrom(in);
    uint64_t n = in.varint();
    if (!in.has(n)) in.fail();
    for (uint64_t j = 0; j < n && !in.failed(); ++j) scope.rules.emplace_back(in.string());
    scope.reason = in.string();
    facts.annotations.push_back(std::move(scope));
  }
  memo.resource_facts = std::move(facts);
  count = in.varint();
  if (!in.has(count)) return std::nullopt;
  for (uint64_t i = 0; i < count && !in.failed(); ++i) {
    std::string uri(in.string());
    auto line = static_cast<uint32_t>(in.varint());
    memo.line_hashes.emplace(std::make_pair(std::move(uri), line), std::string(in.string()));
  }
  if (in.failed() || in.offset() != end) return std::nullopt;
  return memo;
}

bool memoTraceWanted() {
  const char* trace = std::getenv("PALISADE_CACHE_TRACE");
  return trace && *trace && std::string_view(trace) != "0";
}

}  // namespace

MemoizedScan runScanMemoized(const ScanRequest& request, const RuleSet& rules, CacheKey key) {
  const ScanCache* cache = request.cache.get();
  bool usable = cache && !request.stdin_text && request.overlay.empty();
  for (const std::string& p : request.paths) usable = usable && p != "-";
  if (!usable) return MemoizedScan{runScan(request, rules), false, std::nullopt, {}, 0, 0};
  const std::string memo_key = key.finish();
  FileStateMemo stats(cache);
  if (std::optional<std::string> payload = cache->load(memo_key)) {
    CacheReader in(*payload, 0);
    std::vector<FileObservation> seen = decodeMemoObservations(in);
    std::size_t hashed = 0;
    if (!in.failed() && memoObservationsHold(seen, stats, request.limits, request.jobs, hashed)) {
      if (std::optional<MemoizedScan> memo = decodeScanMemoRest(in, payload->size())) {
        stats.save();
        memo->checked = seen.size();
        memo->hashed = hashed;
        cache->hits.fetch_add(1);
        if (memoTraceWanted()) {
          fmt::print(stderr, "palisade: scan memo hit: {} files and folders unchanged ({} read again)\n", seen.size(), hashed);
        }
        return std::move(*memo);
      }
    }
    cache->misses.fetch_add(1);
  }
  if (memoTraceWanted()) fmt::print(stderr, "palisade: scan memo miss: scanning\n");
  const int64_t began = wallClockNanoseconds();
  MemoizedScan scanned;
  std::vector<FileObservation> seen;
  {
    FileReadRecorder recorder;
    scanned.result = runScan(request, rules);
    seen = recorder.observations();
  }
  // The cache's own files are never what a result depends on (its entries are read and written meanwhile).
  const std::string cache_dir = cache->dir().string();
  const std::string cache_prefix = (cache->dir() / "").string();
  std::erase_if(seen, [&](const FileObservation& o) {
    const std::string& p = o.path.native();
    return p == cache_dir || p.starts_with(cache_prefix);
  });
  if (memoizable(request, scanned.result, seen)) {
    cache->store(memo_key, encodeScanMemo(scanned.result, seen));
    rememberStamps(seen, stats, began);
    stats.save();
  }
  return scanned;
}

void addMemoizedLineHashes(std::vector<Finding>& findings, const MemoizedScan& scan, std::size_t jobs) {
  if (!scan.hit) {
    addLineHashes(findings, scan.result.project, jobs);
    return;
  }
  // A hit's files hold only some lines: every hash was taken from the whole file when the result was kept.
  for (Finding& f : findings) {
    if (!f.location.valid()) continue;
    auto it = scan.line_hashes.find({f.location.uri, f.location.start_line});
    if (it != scan.line_hashes.end()) f.location.line_hash = it->second;
  }
}

}  // namespace palisade
