#include "parsers/bicep/bicep_session.h"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "core/file_stamp.h"
#include "core/parallel.h"
#include "parsers/arm/azure_files.h"
#include "parsers/bicep/bicep_evaluator.h"
#include "parsers/bicep/bicep_workspace.h"

namespace palisade {

// What a file was when it was read: its given text, or its stat data on disk.
struct BicepFileStamp {
  bool exists = false;
  SourceFilePtr given;
  FileStamp disk;

  bool sameAs(const BicepFileStamp& other) const {
    if (exists != other.exists || static_cast<bool>(given) != static_cast<bool>(other.given)) return false;
    if (given) return given == other.given || given->text() == other.given->text();
    return disk == other.disk;
  }
};

namespace {

bool isLocalBicepModulePath(std::string_view path) {
  return !(path.starts_with("br:") || path.starts_with("br/") || path.starts_with("ts:") || path.starts_with("ts/"));
}

// The local .bicep files a unit calls as modules (resolved, inside the root).
std::vector<std::filesystem::path> localBicepModules(const BicepUnit& unit, const BicepWorkspace& workspace) {
  std::vector<std::filesystem::path> out;
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    if (d.kind != BicepDeclaration::Kind::Module || d.type_text.empty() || !isLocalBicepModulePath(d.type_text)) continue;
    std::filesystem::path target = workspace.resolve(unit.path, d.type_text);
    if (workspace.root().contains(target)) out.push_back(target);
  }
  return out;
}

std::vector<std::string> parametersDeclaredBy(const BicepUnit& unit) {
  std::vector<std::string> names;
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    if (d.kind == BicepDeclaration::Kind::Param) names.push_back(d.name);
  }
  return names;
}

// The first of each (code, file, place, message), in order. Thousands of diagnostics are merged
// on every update: compared in place, by their index, without copying a string.
void dedupeBicepDiagnostics(std::vector<Diagnostic>& diagnostics) {
  auto hash = [&](std::size_t i) {
    const Diagnostic& d = diagnostics[i];
    std::size_t h = std::hash<std::string_view>{}(d.message);
    h = h * 31 + std::hash<std::string_view>{}(d.path);
    return h * 31 + d.span.begin * 7 + static_cast<std::size_t>(d.code);
  };
  auto same = [&](std::size_t a, std::size_t b) {
    const Diagnostic& x = diagnostics[a];
    const Diagnostic& y = diagnostics[b];
    return x.code == y.code && x.span.begin == y.span.begin && x.path == y.path && x.message == y.message;
  };
  std::unordered_set<std::size_t, decltype(hash), decltype(same)> seen(diagnostics.size() * 2, hash, same);
  std::vector<bool> keep(diagnostics.size());
  for (std::size_t i = 0; i < diagnostics.size(); ++i) keep[i] = seen.insert(i).second;
  std::size_t kept = 0;
  for (std::size_t i = 0; i < diagnostics.size(); ++i) {
    if (!keep[i]) continue;
    if (kept != i) diagnostics[kept] = std::move(diagnostics[i]);
    ++kept;
  }
  diagnostics.resize(kept);
}

BicepFileStamp stampBicepFile(const std::filesystem::path& path, const SourceFilePtr* given) {
  BicepFileStamp stamp;
  if (given) {
    stamp.exists = true;
    stamp.given = *given;
    return stamp;
  }
  // One stat(2): a folder (or anything else) at the path counts as being there.
  std::optional<FileStamp> disk = fileStampOf(path);
  std::error_code ec;
  stamp.exists = disk || std::filesystem::exists(path, ec);
  if (disk && !disk->directory) stamp.disk = *disk;
  return stamp;
}

}  // namespace

struct BicepSession::State {
  struct Task {
    std::string key;  // the entry file, or the .bicepparam file and its target
    FileModel output;
    std::vector<std::uint64_t> ids;           // one per resource of output
    std::unordered_set<std::string> used;     // every file its evaluation asked for
    std::size_t lent = 0;                     // resources moved out by the last lend()
  };

  State(ScanRoot r, AzureReadOptions o, BicepSessionStore* st) : root(std::move(r)), options(std::move(o)), store(st) {
    options.given_files.clear();
    workspace = std::make_unique<BicepWorkspace>(root, options.limits, unused_output);
    workspace->setRegistry(options.registry);
  }

  ScanRoot root;
  AzureReadOptions options;
  BicepSessionStore* store = nullptr;  // the first update's, then none
  FileModel unused_output;  // the shared workspace's own output: only views record
  std::unique_ptr<BicepWorkspace> workspace;
  std::vector<std::filesystem::path> files;
  std::unordered_map<std::string, BicepFileStamp> stamps;  // every file read, by native path
  std::unordered_map<std::string, std::vector<std::filesystem::path>> modules_of;
  std::vector<Task> tasks;  // in task order
  FileModel head;           // parse diagnostics and parameter files' output, before the tasks'
  std::uint64_t next_id = 1;
};

BicepSession::BicepSession(ScanRoot root, AzureReadOptions options, BicepSessionStore* store)
    : state_(std::make_unique<State>(std::move(root), std::move(options), store)) {}

BicepSession::~BicepSession() = default;

BicepSession::UpdateStats BicepSession::update(const std::vector<std::filesystem::path>& files,
                                               const std::vector<std::pair<std::filesystem::path, SourceFilePtr>>& given,
                                               const MayHaveChanged& may_have_changed, StageTimes* times) {
  auto mark = [&](const char* stage) {
    if (times) times->mark(stage);
  };
  State& s = *state_;
  BicepWorkspace& workspace = *s.workspace;
  const std::size_t jobs = s.options.jobs;
  BicepSessionStore* const store = std::exchange(s.store, nullptr);
  UpdateStats stats;

  // What changed since the last update: files whose stamp differs, and files that joined or left the list.
  std::unordered_map<std::string, const SourceFilePtr*> given_of;
  for (const auto& [path, text] : given) given_of[path.native()] = &text;
  std::unordered_set<std::string> changed;
  bool structure_changed = false;
  auto stampNow = [&](const std::string& path, const BicepFileStamp* old) {
    auto g = given_of.find(path);
    // A file the watch vouches for keeps its stamp unchecked (not one that was an editor's buffer).
    if (g == given_of.end() && old && !old->given && may_have_changed && !may_have_changed(path)) return *old;
    return stampBicepFile(path, g == given_of.end() ? nullptr : g->second);
  };
  const bool same_list = files.size() == s.files.size() &&
                         std::equal(files.begin(), files.end(), s.files.begin(),
                                    [](const auto& a, const auto& b) { return a.native() == b.native(); });
  if (same_list) {
    // The usual update (an edit): the same files, so only stamps can differ. Every listed file was stamped.
    for (const auto& [path, text] : given_of) s.stamps.try_emplace(path);  // a buffer of a file never read
    std::vector<std::pair<const std::string*, BicepFileStamp*>> entries;
    entries.reserve(s.stamps.size());
    for (auto& [path, stamp] : s.stamps) entries.emplace_back(&path, &stamp);
    std::vector<BicepFileStamp> now(entries.size());
    parallelFor(entries.size(), jobs, [&](std::size_t i) { now[i] = stampNow(*entries[i].first, entries[i].second); });
    for (std::size_t i = 0; i < entries.size(); ++i) {
      BicepFileStamp& old = *entries[i].second;
      if (!old.sameAs(now[i])) changed.insert(*entries[i].first);
      if (old.exists != now[i].exists) structure_changed = true;
      old = std::move(now[i]);
    }
  } else {
    std::vector<std::string> to_stamp;
    std::unordered_set<std::string> listed;
    for (const std::filesystem::path& f : files) {
      if (listed.insert(f.native()).second) to_stamp.push_back(f.native());
    }
    for (const auto& [path, stamp] : s.stamps) {
      if (!listed.count(path)) to_stamp.push_back(path);
    }
    for (const auto& [path, text] : given_of) {
      if (!listed.count(path) && !s.stamps.count(path)) to_stamp.push_back(path);
    }
    std::vector<BicepFileStamp> now(to_stamp.size());
    parallelFor(to_stamp.size(), jobs, [&](std::size_t i) {
      auto old = s.stamps.find(to_stamp[i]);
      now[i] = stampNow(to_stamp[i], old == s.stamps.end() ? nullptr : &old->second);
    });
    std::unordered_set<std::string> was_listed;
    for (const std::filesystem::path& f : s.files) was_listed.insert(f.native());
    structure_changed = s.files.size() != listed.size();
    for (std::size_t i = 0; i < to_stamp.size(); ++i) {
      auto old = s.stamps.find(to_stamp[i]);
      bool differs = old == s.stamps.end() || !old->second.sameAs(now[i]);
      if (differs) changed.insert(to_stamp[i]);
      if (old != s.stamps.end() && old->second.exists != now[i].exists) structure_changed = true;
      if (listed.count(to_stamp[i]) != was_listed.count(to_stamp[i])) {
        changed.insert(to_stamp[i]);
        structure_changed = true;
      }
    }
    for (std::size_t i = 0; i < to_stamp.size(); ++i) s.stamps[to_stamp[i]] = std::move(now[i]);
  }
  mark("bicep:stamps");

  std::vector<std::filesystem::path> forget(changed.begin(), changed.end());
  workspace.forget(forget);
  if (structure_changed) {
    workspace.forgetResolutions();
    s.modules_of.clear();
  }
  for (const std::filesystem::path& f : forget) {
    s.modules_of.erase(f.native());
    if (auto g = given_of.find(f.native()); g != given_of.end()) workspace.provide(f, *g->second);
  }
  s.files = files;
  for (const std::filesystem::path& f : files) {
    if (changed.count(f.native())) ++stats.files_parsed;
  }
  if (store) store->presumeFiles(files, workspace);
  workspace.preload(files, jobs);
  if (store) store->parsedFiles(files, workspace);
  mark("bicep:parse");

  ParameterValues command_line;
  s.head = FileModel{};
  s.head.files.reserve(files.size());
  for (const std::filesystem::path& f : files) {
    if (const FileModel* parsed = workspace.parsedOutput(f)) {
      s.head.resources.insert(s.head.resources.end(), parsed->resources.begin(), parsed->resources.end());
      s.head.diagnostics.insert(s.head.diagnostics.end(), parsed->diagnostics.begin(), parsed->diagnostics.end());
      s.head.files.insert(s.head.files.end(), parsed->files.begin(), parsed->files.end());
    }
  }
  std::vector<std::filesystem::path> param_entries;
  for (const std::filesystem::path& p : s.options.parameter_files) {
    if (p.extension() == ".bicepparam") {
      param_entries.push_back(p);
    } else {
      for (auto& [name, value] : readArmParameterFile(p, s.root, s.options.limits, s.head)) command_line.insert_or_assign(name, value);
    }
  }
  std::vector<std::filesystem::path> templates;
  for (const std::filesystem::path& f : files) {
    if (f.extension() == ".bicepparam") {
      param_entries.push_back(f);
    } else {
      templates.push_back(f);
    }
  }
  std::sort(param_entries.begin(), param_entries.end());
  param_entries.erase(std::unique(param_entries.begin(), param_entries.end()), param_entries.end());

  // The call graph: which files are called by others or targeted by a .bicepparam file.
  // Keyed by the path's text: comparing std::filesystem::paths goes component by component.
  // Resolving module paths is a system call per path component: on every core, for the files
  // parsed since the last update.
  mark("bicep:head");
  std::vector<std::size_t> unresolved;
  for (std::size_t i = 0; i < templates.size(); ++i) {
    if (!s.modules_of.count(templates[i].native())) unresolved.push_back(i);
  }
  std::vector<std::vector<std::filesystem::path>> resolved(unresolved.size());
  parallelFor(unresolved.size(), jobs, [&](std::size_t k) {
    if (const BicepUnit* unit = workspace.preloadedUnit(templates[unresolved[k]])) resolved[k] = localBicepModules(*unit, workspace);
  });
  for (std::size_t k = 0; k < unresolved.size(); ++k) s.modules_of[templates[unresolved[k]].native()] = std::move(resolved[k]);
  std::unordered_set<std::string> in_files;
  for (const std::filesystem::path& f : templates) in_files.insert(f.native());
  std::unordered_set<std::string> called;
  for (const std::filesystem::path& f : templates) {
    for (const std::filesystem::path& m : s.modules_of[f.native()]) {
      if (in_files.count(m.native()) && m != f) called.insert(m.native());
    }
  }

  mark("bicep:graph");
  // Parameter files are evaluated on every update (they are few and small), in one view
  // whose output goes before the tasks'; the files they read count as used by their tasks.
  struct ParamRun {
    const BicepUnit* unit;
    ParameterValues values;
    std::string parameter_file;  // the .bicepparam file, for --dump-model
    std::string key;
  };
  std::vector<ParamRun> param_runs;
  FileModel param_output;
  BicepWorkspace params_view(workspace, param_output);
  for (const std::filesystem::path& p : param_entries) {
    const BicepUnit* unit = params_view.unit(p);
    if (!unit) continue;
    if (unit->syntax.using_path.empty() || !isLocalBicepModulePath(unit->syntax.using_path)) {
      if (!unit->syntax.using_path.empty()) {
        param_output.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, fmt::format("'{}' is not a local file and is not evaluated", unit->syntax.using_path),
                                                      unit->syntax.using_span, unit->source->path(), unit->syntax.using_path});
      }
      continue;
    }
    std::filesystem::path target = workspace.resolve(p, unit->syntax.using_path);
    if (!s.root.contains(target)) {
      param_output.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, fmt::format("'{}' escapes the scan root and is refused", unit->syntax.using_path),
                                                    unit->syntax.using_span, unit->source->path(), unit->syntax.using_path});
      continue;
    }
    const BicepUnit* using_unit = params_view.unit(target);
    if (!using_unit) {
      param_output.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, fmt::format("'{}' not found", unit->syntax.using_path),
                                                    unit->syntax.using_span, unit->source->path(), unit->syntax.using_path});
      continue;
    }
    params_view.startBudget();
    // Parameter files name parameters as Azure matches them: without regard to case. A .bicepparam
    // value (or a --params value, when one template is scanned) that names no parameter is GEN016.
    std::vector<std::string> declared = parametersDeclaredBy(*using_unit);
    ParameterValues values = matchParameterNames(evaluateBicepParamFile(params_view, *unit), declared,
                                                 using_unit->source->path(), &param_output.diagnostics);
    for (auto& [name, value] : matchParameterNames(command_line, declared, using_unit->source->path(),
                                                   s.options.report_unknown_parameters ? &param_output.diagnostics : nullptr)) {
      values.try_emplace(name, std::move(value));
    }
    param_runs.push_back(ParamRun{using_unit, std::move(values), unit->source->path(), p.native() + '\n' + target.native()});
    called.insert(target.native());
  }
  s.head.append(std::move(param_output));

  // Entry files: those no other file calls; then any file left unreached (a cycle of modules).
  std::unordered_set<std::string> reached;
  std::vector<std::string> stack;
  auto reach = [&](const std::filesystem::path& from) {
    stack.push_back(from.native());
    while (!stack.empty()) {
      std::string f = std::move(stack.back());
      stack.pop_back();
      if (!reached.insert(f).second) continue;
      if (auto it = s.modules_of.find(f); it != s.modules_of.end())
        for (const std::filesystem::path& m : it->second) stack.push_back(m.native());
    }
  };
  std::vector<std::filesystem::path> entries;
  for (const std::filesystem::path& f : templates) {
    if (!called.count(f.native())) {
      entries.push_back(f);
      reach(f);
    }
  }
  for (const ParamRun& run : param_runs) reach(run.unit->path);
  for (const std::filesystem::path& f : templates) {
    if (!reached.count(f.native())) {
      entries.push_back(f);
      reach(f);
    }
  }

  // Each entry file (and each .bicepparam run) is evaluated with its modules as one task, on
  // every core; each task records into its own output, merged in task order, so the result is
  // the same for any number of jobs. A task whose files are all unchanged keeps its output.
  struct EvaluationTask {
    const BicepUnit* unit;
    ParameterValues parameters;
    std::string parameter_file;
    std::string key;
  };
  std::vector<EvaluationTask> tasks;
  for (const std::filesystem::path& f : entries) {
    const BicepUnit* unit = workspace.preloadedUnit(f);
    if (!unit || unit->bicepparam) continue;
    // Without --params values there is nothing to match (and no declared names to list, per entry file).
    ParameterValues parameters =
        command_line.empty() ? ParameterValues{}
                             : matchParameterNames(command_line, parametersDeclaredBy(*unit), unit->source->path(),
                                                   s.options.report_unknown_parameters ? &s.head.diagnostics : nullptr);
    tasks.push_back(EvaluationTask{unit, std::move(parameters), {}, f.native()});
  }
  for (ParamRun& run : param_runs) tasks.push_back(EvaluationTask{run.unit, std::move(run.values), run.parameter_file, std::move(run.key)});

  mark("bicep:params");
  std::unordered_map<std::string, std::size_t> previous;
  for (std::size_t i = 0; i < s.tasks.size(); ++i) previous.emplace(s.tasks[i].key, i);
  std::vector<State::Task> next(tasks.size());
  std::vector<std::size_t> redo;
  for (std::size_t i = 0; i < tasks.size(); ++i) {
    next[i].key = tasks[i].key;
    auto old = previous.find(tasks[i].key);
    bool keep = old != previous.end() && !s.tasks[old->second].key.empty() &&
                std::none_of(s.tasks[old->second].used.begin(), s.tasks[old->second].used.end(),
                             [&](const std::string& p) { return changed.count(p) != 0; });
    if (keep) {
      next[i] = std::move(s.tasks[old->second]);
      s.tasks[old->second].key.clear();  // a key names one task; a second one with it is evaluated
    } else {
      redo.push_back(i);
    }
  }
  // Biggest entry files first (a rough measure of their work), so the last task
  // to finish is a small one; outputs stay in task order.
  std::stable_sort(redo.begin(), redo.end(), [&](std::size_t a, std::size_t b) {
    return tasks[a].unit->source->text().size() > tasks[b].unit->source->text().size();
  });
  mark("bicep:plan");
  const std::unordered_set<std::string>& params_used = params_view.usedPaths();
  // A first update with a store (a cold process reusing the scan cache) takes the outputs it has
  // and evaluates the rest.
  std::vector<char> stored(next.size(), 0);
  if (store) {
    store->tasksStarting(s.head);
    parallelFor(redo.size(), jobs, [&](std::size_t k) {
      const std::size_t i = redo[k];
      stored[i] = store->loadTask(next[i].key, next[i].output, next[i].used);
    });
    store->tasksLoaded(workspace);
  }
  parallelFor(redo.size(), jobs, [&](std::size_t k) {
    const std::size_t i = redo[k];
    State::Task& task = next[i];
    if (stored[i]) return;
    auto evaluate = [&] {
      BicepWorkspace view(workspace, task.output);
      // An entry file known from a summary (BicepSessionStore) is parsed now, as its task is evaluated.
      const BicepUnit* unit = tasks[i].unit->summary_only ? view.unit(tasks[i].unit->path) : tasks[i].unit;
      if (unit) {
        BicepInstanceResult result = evaluateBicepUnit(view, *unit, tasks[i].parameters, {}, {});
        task.output.resources = std::move(result.resources);
      }
      if (!tasks[i].parameter_file.empty()) {
        for (Resource& r : task.output.resources) r.parameter_file = tasks[i].parameter_file;
        task.used.insert(params_used.begin(), params_used.end());
      }
      task.used.insert(view.usedPaths().begin(), view.usedPaths().end());
      task.used.insert(tasks[i].unit->path.native());
    };
    if (store) {
      store->evaluateTask(task.key, task.output, task.used, evaluate);
    } else {
      evaluate();
    }
  });
  for (std::size_t i : redo) {
    for (std::size_t r = 0; r < next[i].output.resources.size(); ++r) next[i].ids.push_back(s.next_id++);
  }
  s.tasks = std::move(next);
  stats.tasks = s.tasks.size();
  stats.tasks_evaluated = redo.size() - static_cast<std::size_t>(std::count(stored.begin(), stored.end(), 1));
  mark("bicep:evaluate");

  // Files read for the first time by this update are stamped now (a change after it was
  // read and before this is missed until the file changes again).
  std::vector<std::string> unstamped;
  auto stampLater = [&](const std::string& p) {
    if (!s.stamps.count(p)) {
      s.stamps.emplace(p, BicepFileStamp{});
      unstamped.push_back(p);
    }
  };
  for (const std::string& p : params_used) stampLater(p);
  for (std::size_t i : redo) {
    for (const std::string& p : s.tasks[i].used) stampLater(p);
  }
  std::vector<BicepFileStamp> later(unstamped.size());
  parallelFor(unstamped.size(), jobs, [&](std::size_t i) {
    auto g = given_of.find(unstamped[i]);
    later[i] = stampBicepFile(unstamped[i], g == given_of.end() ? nullptr : g->second);
  });
  for (std::size_t i = 0; i < unstamped.size(); ++i) s.stamps[unstamped[i]] = std::move(later[i]);
  mark("bicep:stamp-new");
  return stats;
}

FileModel BicepSession::lend(std::vector<std::uint64_t>* ids) {
  State& s = *state_;
  FileModel out = s.head;
  std::size_t resources = 0;
  for (const State::Task& task : s.tasks) resources += task.output.resources.size();
  out.resources.reserve(resources);
  if (ids) ids->reserve(ids->size() + resources);
  std::unordered_set<const SourceFile*> files_seen(out.files.size() * 2);
  for (const SourceFilePtr& f : out.files) files_seen.insert(f.get());
  for (State::Task& task : s.tasks) {
    task.lent = task.output.resources.size();
    for (Resource& r : task.output.resources) out.resources.push_back(std::move(r));
    task.output.resources.clear();
    if (ids) ids->insert(ids->end(), task.ids.begin(), task.ids.end());
    out.diagnostics.insert(out.diagnostics.end(), task.output.diagnostics.begin(), task.output.diagnostics.end());
    for (const SourceFilePtr& f : task.output.files) {
      if (files_seen.insert(f.get()).second) out.files.push_back(f);
    }
  }
  dedupeBicepDiagnostics(out.diagnostics);
  return out;
}

void BicepSession::giveBack(std::span<Resource> resources) {
  std::size_t at = 0;
  for (State::Task& task : state_->tasks) {
    task.output.resources.reserve(task.lent);
    for (std::size_t i = 0; i < task.lent && at < resources.size(); ++i) task.output.resources.push_back(std::move(resources[at++]));
    task.lent = 0;
  }
}

}  // namespace palisade
