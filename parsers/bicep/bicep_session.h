// BicepSession: the Bicep front end kept in memory between reads of the same
// scan root (`palisade lsp`). It holds the parsed files, the call graph, the
// evaluation tasks (an entry file with its modules, or a .bicepparam file with
// its `using` target), each task's output and the files each task read; an
// update re-parses only the files whose bytes (or given text) changed and
// re-evaluates only the tasks that read one of them (or that are new). Its
// model is the one readBicepFiles() returns for the same files: readBicepFiles
// is one update of a fresh session.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/stage_times.h"
#include "parsers/arm/arm_reader.h"
#include "parsers/file_model.h"

namespace palisade {

class BicepWorkspace;

// What a persistent cache offers the first update of a session (scan/cache.h: a cold
// process reusing .palisade_cache): parse summaries instead of parsing every file, and
// the output of each evaluation task whose files are all unchanged instead of evaluating it.
class BicepSessionStore {
 public:
  virtual ~BicepSessionStore() = default;
  // Before any file of `files` is parsed: BicepWorkspace::presume() those it has a summary of.
  virtual void presumeFiles(const std::vector<std::filesystem::path>& files, BicepWorkspace& workspace) = 0;
  // After preloading: every file of `files` is parsed or presumed (preloadedUnit(), parsedOutput()).
  virtual void parsedFiles(const std::vector<std::filesystem::path>& files, const BicepWorkspace& workspace) = 0;
  // Before the tasks: the reading's files so far (every listed file's, the parameter files'),
  // which a stored output may point into.
  virtual void tasksStarting(const FileModel& head) = 0;
  // Task `key`'s output and the paths it used, from the store; false when it has none whose
  // files are unchanged. Called on several threads at once.
  virtual bool loadTask(const std::string& key, FileModel& output, std::unordered_set<std::string>& used) = 0;
  // After every loadTask and before any task is evaluated.
  virtual void tasksLoaded(BicepWorkspace& workspace) = 0;
  // Calls `evaluate` (on this thread; it fills the task's output and used paths) and keeps the result.
  virtual void evaluateTask(const std::string& key, const FileModel& output, const std::unordered_set<std::string>& used,
                            const std::function<void()>& evaluate) = 0;
};

class BicepSession {
 public:
  // `options.given_files` is ignored: each update names its given texts. `store`, when
  // given, serves the first update only (and must outlive it).
  BicepSession(ScanRoot root, AzureReadOptions options, BicepSessionStore* store = nullptr);
  ~BicepSession();
  BicepSession(const BicepSession&) = delete;
  BicepSession& operator=(const BicepSession&) = delete;

  struct UpdateStats {
    std::size_t files_parsed = 0;     // .bicep/.bicepparam files (re)parsed by this update
    std::size_t tasks = 0;            // evaluation tasks of the model
    std::size_t tasks_evaluated = 0;  // of which (re)evaluated by this update; the rest kept their output
  };
  // Brings the session to `files` (absolute, canonical), reading `given` (path -> text,
  // unsaved editor buffers) instead of those files on disk.
  // Whether a file on disk may differ from when it was last looked at (a TreeWatch's answer):
  // files it clears keep their stamps unchecked. Empty: every file is stat'ed.
  using MayHaveChanged = std::function<bool(const std::string& path)>;
  // `times`, when given, gets a mark per stage of the update.
  UpdateStats update(const std::vector<std::filesystem::path>& files,
                     const std::vector<std::pair<std::filesystem::path, SourceFilePtr>>& given,
                     const MayHaveChanged& may_have_changed = {}, StageTimes* times = nullptr);

  // The model of the latest update. Its resources are moved out of the session
  // (`ids`, when given, gets one identity per resource: the same id as in an earlier
  // model iff the resource's task was not evaluated again since); hand them back with
  // giveBack() before the next update, or the tasks that are kept lose their resources.
  // With `with_resources` false the model has none: lendResources() moves them out one by one
  // (into a Project, without a vector in between; the tasks keep the moved-from places).
  FileModel lend(std::vector<std::uint64_t>* ids = nullptr, bool with_resources = true);
  void lendResources(const std::function<void(Resource&)>& take);
  // The resources of the last lend(), in the order lent (moved from).
  void giveBack(std::span<Resource> resources);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace palisade
