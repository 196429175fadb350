#include "parsers/bicep/bicep_workspace.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>
#include <mutex>

#include "core/parallel.h"
#include "core/read_file.h"
#include "parsers/arm/azure_files.h"
#include "parsers/json/located_json.h"
#include "parsers/bicep/bicep_module_results.h"

namespace palisade {

// What every view of a workspace shares. Entries are never changed or removed
// while views evaluate (only forget() removes them, between evaluations), so a
// pointer to one stays valid without the lock.
struct BicepWorkspace::Cache {
  struct ParsedUnit {
    std::unique_ptr<BicepUnit> unit;
    // What parsing recorded when the file was parsed on demand, replayed into
    // every view that asks for it so a view's output does not depend on which
    // view parsed it first; empty for preloaded files.
    FileModel output;
    FileModel preloaded;  // what preload() recorded parsing it (parsedOutput())
  };
  struct ModuleConfig {
    BicepModuleConfig config;
    std::vector<FileObservation> seen;  // what reading it looked at, told to every later asker's recorders
  };
  std::mutex mutex;
  // By the path's text: a std::map of paths compares them component by component, and
  // every update looks up each of thousands of files.
  std::unordered_map<std::string, ParsedUnit> units;
  std::map<std::filesystem::path, SourceFilePtr> data_files;
  std::map<std::filesystem::path, SourceFilePtr> given;  // written before any parse, read-only after
  RegistryOptions registry;
  std::mutex config_mutex;
  std::map<std::filesystem::path, std::unique_ptr<ModuleConfig>> configs;
  // presume(): summaries of files not parsed yet; a unit() of one parses it.
  std::map<std::filesystem::path, std::pair<std::unique_ptr<BicepUnit>, FileModel>> presumed;
  std::mutex resolved_mutex;
  std::unordered_map<std::string, std::filesystem::path> resolved;  // folder '\0' written -> target
};

std::filesystem::path BicepWorkspace::resolve(const std::filesystem::path& from_file, const std::string& written) const {
  std::filesystem::path folder = from_file.parent_path();
  std::string key = folder.native();
  key += '\0';
  key += written;
  {
    std::lock_guard lock(cache_->resolved_mutex);
    if (auto it = cache_->resolved.find(key); it != cache_->resolved.end()) return it->second;
  }
  std::filesystem::path target = std::filesystem::weakly_canonical(folder / written);
  std::lock_guard lock(cache_->resolved_mutex);
  cache_->resolved.emplace(std::move(key), target);
  return target;
}

void BicepWorkspace::setRegistry(RegistryOptions options) { cache_->registry = std::move(options); }
const RegistryOptions& BicepWorkspace::registry() const { return cache_->registry; }

const BicepModuleConfig& BicepWorkspace::moduleConfig(const std::filesystem::path& folder) {
  std::lock_guard lock(cache_->config_mutex);
  std::unique_ptr<Cache::ModuleConfig>& config = cache_->configs[folder];
  if (!config) {
    // Read once for every task: a task that asks later depends on the same files (a cached task output is checked against them).
    FileReadRecorder reading(FileReadRecorder::Scope::ThisThread);
    BicepModuleConfig read = readBicepModuleConfig(folder);
    config = std::make_unique<Cache::ModuleConfig>(Cache::ModuleConfig{std::move(read), reading.observations()});
  } else {
    replayFileObservations(config->seen);
  }
  return config->config;
}

BicepWorkspace::BicepWorkspace(const ScanRoot& root, const ReadLimits& limits, FileModel& out)
    : root_(root), limits_(limits), out_(out), cache_(std::make_shared<Cache>()) {
  startBudget();
}

BicepWorkspace::BicepWorkspace(const BicepWorkspace& shared, FileModel& out)
    : root_(shared.root_), limits_(shared.limits_), out_(out), cache_(shared.cache_) {
  startBudget();
}

BicepWorkspace::~BicepWorkspace() = default;

void BicepWorkspace::provide(const std::filesystem::path& path, SourceFilePtr text) {
  std::lock_guard lock(cache_->mutex);
  cache_->given.insert_or_assign(path, std::move(text));
}

ModuleResults& BicepWorkspace::moduleResults() {
  if (!module_results_) module_results_ = std::make_unique<ModuleResults>();
  return *module_results_;
}

void BicepWorkspace::startBudget() {
  // Evaluation (not parsing) of one entry file and its modules gets several parse budgets.
  deadline_ = std::chrono::steady_clock::now() +
              std::chrono::milliseconds(static_cast<int64_t>(limits_.file_time_budget_seconds * 4000));
  budget_reported_ = false;
}

bool BicepWorkspace::overBudget(const Span& where, const std::string& path) {
  if (std::chrono::steady_clock::now() < deadline_) return false;
  if (!budget_reported_) {
    budget_reported_ = true;
    out_.diagnostics.push_back(Diagnostic{
        GenCode::AnalysisLimit,
        fmt::format("not analysed past here: evaluation of this file and its modules is over its time budget of {} s",
                    limits_.file_time_budget_seconds * 4),
        where, path});
  }
  return true;
}

std::unique_ptr<BicepUnit> BicepWorkspace::parseUnit(const std::filesystem::path& path, FileModel& sink) const {
  auto unit = std::make_unique<BicepUnit>();
  unit->path = path;
  unit->bicepparam = path.extension() == ".bicepparam";
  if (auto given = cache_->given.find(path); given != cache_->given.end()) {
    unit->source = given->second;
    sink.files.push_back(unit->source);
  } else {
    unit->source = loadSourceFile(path, root_, limits_, sink);
  }
  if (unit->source) {
    unit->syntax = parseBicep(*unit->source, unit->bicepparam, limits_.file_time_budget_seconds, limits_.max_depth);
    const std::string& display = unit->source->path();
    if (unit->syntax.budget_exceeded) {
      Span whole = spanOf(*unit->source, 0, 0);
      sink.diagnostics.push_back(Diagnostic{
          GenCode::AnalysisLimit, fmt::format("not analysed: parsing is over the time budget of {} s a file", limits_.file_time_budget_seconds),
          whole, display});
      return unit;
    }
    if (!unit->syntax.parse_errors.empty()) {
      // Broken Bicep: an error at the first place, naming what was not checked; the rest was read.
      const BicepParseError& first = unit->syntax.parse_errors.front();
      std::size_t more = unit->syntax.parse_errors.size() - 1;
      sink.diagnostics.push_back(Diagnostic{
          GenCode::ParseError,
          more == 0 ? fmt::format("Bicep does not parse: {}", first.message)
                    : fmt::format("Bicep does not parse: {} ({} more error{} after it)", first.message, more, more == 1 ? "" : "s"),
          first.span, display});
    }
    if (unit->syntax.depth_limit) {
      sink.diagnostics.push_back(Diagnostic{
          GenCode::AnalysisLimit,
          fmt::format("not analysed: an expression nests deeper than {} levels; its value is unknown", limits_.max_depth),
          *unit->syntax.depth_limit, display});
    }
    if (!unit->syntax.error_regions.empty()) {
      const Span& first = unit->syntax.error_regions.front();
      sink.diagnostics.push_back(Diagnostic{
          GenCode::UnsupportedSyntax,
          fmt::format("Bicep syntax the grammar does not know ({} region{}, first at line {}); values that depend on it are unknown",
                      unit->syntax.error_regions.size(), unit->syntax.error_regions.size() == 1 ? "" : "s", first.start.line),
          first, display});
    }
  }
  return unit;
}

const BicepUnit* BicepWorkspace::unit(const std::filesystem::path& path) {
  used_paths_.insert(path.native());
  const Cache::ParsedUnit* entry = nullptr;
  {
    std::lock_guard lock(cache_->mutex);
    if (auto it = cache_->units.find(path.native()); it != cache_->units.end()) entry = &it->second;
  }
  if (!entry) {
    // Parse without the lock; if another view parsed the same file meanwhile, its result is kept.
    Cache::ParsedUnit parsed;
    bool presumed = false;
    {
      std::lock_guard lock(cache_->mutex);
      presumed = cache_->presumed.count(path) != 0;
    }
    parsed.unit = parseUnit(path, presumed ? parsed.preloaded : parsed.output);
    std::lock_guard lock(cache_->mutex);
    entry = &cache_->units.try_emplace(path.native(), std::move(parsed)).first->second;
  }
  if ((!entry->output.diagnostics.empty() || !entry->output.files.empty()) && recorded_units_.insert(path).second) {
    FileModel copy = entry->output;
    out_.append(std::move(copy));
  }
  return entry->unit->source ? entry->unit.get() : nullptr;
}

void BicepWorkspace::preload(const std::vector<std::filesystem::path>& paths, std::size_t jobs) {
  // Parsing is most of the Bicep front end's time and each file's parse is
  // independent: parse on every core, then keep results and diagnostics in
  // input order so the output does not depend on scheduling.
  std::vector<bool> wanted(paths.size());
  {
    std::lock_guard lock(cache_->mutex);
    for (std::size_t i = 0; i < paths.size(); ++i) wanted[i] = !cache_->units.count(paths[i].native()) && !cache_->presumed.count(paths[i]);
  }
  // Largest first, so that one slow file (a grammar's pathological input can take
  // a second) is not started last and left to finish alone on one core.
  std::vector<std::pair<std::uintmax_t, std::size_t>> by_size;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!wanted[i]) continue;
    std::error_code ec;
    std::uintmax_t size = std::filesystem::file_size(paths[i], ec);
    by_size.emplace_back(ec ? 0 : size, i);
  }
  std::stable_sort(by_size.begin(), by_size.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<std::unique_ptr<BicepUnit>> parsed(paths.size());
  std::vector<FileModel> sinks(paths.size());
  parallelFor(by_size.size(), jobs, [&](std::size_t k) {
    std::size_t i = by_size[k].second;
    parsed[i] = parseUnit(paths[i], sinks[i]);
  });
  std::lock_guard lock(cache_->mutex);
  for (std::size_t i = 0; i < paths.size(); ++i) {
    if (!parsed[i] || cache_->units.count(paths[i].native())) continue;
    cache_->units.emplace(paths[i].native(), Cache::ParsedUnit{std::move(parsed[i]), {}, std::move(sinks[i])});
  }
}

const BicepUnit* BicepWorkspace::preloadedUnit(const std::filesystem::path& path) const {
  std::lock_guard lock(cache_->mutex);
  auto it = cache_->units.find(path.native());
  if (it == cache_->units.end()) {
    auto summary = cache_->presumed.find(path);
    return summary == cache_->presumed.end() ? nullptr : summary->second.first.get();
  }
  return !it->second.unit->source ? nullptr : it->second.unit.get();
}

const FileModel* BicepWorkspace::parsedOutput(const std::filesystem::path& path) const {
  std::lock_guard lock(cache_->mutex);
  auto it = cache_->units.find(path.native());
  if (it == cache_->units.end()) {
    auto summary = cache_->presumed.find(path);
    return summary == cache_->presumed.end() ? nullptr : &summary->second.second;
  }
  return &it->second.preloaded;
}

void BicepWorkspace::presume(std::unique_ptr<BicepUnit> summary, FileModel parsed) {
  std::lock_guard lock(cache_->mutex);
  summary->summary_only = true;
  cache_->given.insert_or_assign(summary->path, summary->source);
  std::filesystem::path path = summary->path;
  cache_->presumed.insert_or_assign(std::move(path), std::make_pair(std::move(summary), std::move(parsed)));
}

void BicepWorkspace::forget(const std::vector<std::filesystem::path>& paths) {
  std::lock_guard lock(cache_->mutex);
  for (const std::filesystem::path& p : paths) {
    cache_->units.erase(p.native());
    cache_->presumed.erase(p);
    cache_->data_files.erase(p);
    cache_->given.erase(p);
    recorded_units_.erase(p);
    recorded_data_files_.erase(p);
  }
}

SourceFilePtr BicepWorkspace::loadedDataFile(const std::filesystem::path& path) const {
  std::lock_guard lock(cache_->mutex);
  auto it = cache_->data_files.find(path);
  return it == cache_->data_files.end() ? nullptr : it->second;
}

void BicepWorkspace::provideDataFile(const std::filesystem::path& path, SourceFilePtr file) {
  std::lock_guard lock(cache_->mutex);
  cache_->data_files.try_emplace(path, std::move(file));
}

void BicepWorkspace::forgetResolutions() {
  std::lock_guard lock(cache_->resolved_mutex);
  cache_->resolved.clear();
}

const SourceFile* BicepWorkspace::dataFile(const std::filesystem::path& path) {
  used_paths_.insert(path.native());
  SourceFilePtr source;
  bool cached = false;
  {
    std::lock_guard lock(cache_->mutex);
    if (auto it = cache_->data_files.find(path); it != cache_->data_files.end()) {
      source = it->second;
      cached = true;
    }
  }
  if (!cached) {
    FileModel scratch;
    SourceFilePtr loaded = loadSourceFile(path, root_, limits_, scratch);
    std::lock_guard lock(cache_->mutex);
    source = cache_->data_files.try_emplace(path, std::move(loaded)).first->second;
  }
  if (source && recorded_data_files_.insert(path).second) out_.files.push_back(source);
  return source.get();
}

}  // namespace palisade
