// ScanSession: one scan root read again and again (`palisade lsp`), reusing
// what did not change. It keeps each YAML/JSON input's read model (read again
// when its bytes or its unsaved buffer changed, a JSON file also when a file
// of its folder did: ARM parameter files and a compiled template's source
// live beside it), the Kustomize builds and Helm renders (built again only
// when a non-Bicep input changed, appeared or went), and a BicepSession
// (parsers/bicep/bicep_session.h). Each read lends the kept resources to the
// Project it returns and gets them back with giveBack(): nothing is copied.
// Every resource carries an identity (ScanResult::resource_ids) that stays
// the same across reads iff its file or Bicep task was not read again.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/file_stamp.h"
#include "core/stage_times.h"
#include "core/tree_watch.h"
#include "rules/engine/incremental.h"
#include "scan/scanner.h"

namespace palisade {

class BicepSession;

// What readProject() keeps between the reads of a ScanSession.
struct RetainedReading {
  struct Stamp {
    bool overlay = false;
    std::string text;  // the unsaved buffer's text
    FileStamp disk;    // else the file's stat data
    bool operator==(const Stamp&) const = default;
  };
  struct Input {
    Stamp stamp;
    InputFormat format = InputFormat::Unrecognised;
    std::string skipped;
    FileModel model;
    std::vector<std::uint64_t> ids;  // one per model resource
  };
  // Watches the tree's folders (a session's, unless it chose not to): unchanged files are not stat'ed.
  std::unique_ptr<TreeWatch> watch;
  WalkMemo walk;                                  // the folders discovery listed (walk.watch: the watch)
  std::unordered_map<std::string, Input> inputs;  // YAML and JSON inputs by absolute path
  std::unordered_set<std::string> bicep_inputs;   // .bicep/.bicepparam inputs of the last read
  bool have_builds = false;  // kustomize and helm below are from an earlier read
  FileModel kustomize_built;
  std::vector<std::uint64_t> kustomize_ids;
  std::set<std::filesystem::path> kustomize_consumed;
  std::size_t kustomize_roots = 0;
  HelmScan helm;
  std::vector<std::uint64_t> helm_ids;
  std::unique_ptr<BicepSession> bicep;
  // The files each Bicep resource's values and module calls reach, by resource identity (recordInputs).
  std::unordered_map<std::uint64_t, std::vector<const SourceFile*>> files_reached_by;
  std::uint64_t next_id = 1;  // Bicep resources' ids come from the BicepSession, with the top bit set
  // Where the runs of the last project's resources go back, in order.
  struct Loan {
    FileModel* owner = nullptr;  // nullptr: not kept (dropped)
    bool bicep = false;          // the BicepSession's
    std::size_t count = 0;
  };
  std::vector<Loan> loans;
  // What the last read did again.
  std::size_t inputs_read = 0;
  bool builds_redone = false;
  std::size_t bicep_files_parsed = 0, bicep_tasks = 0, bicep_tasks_evaluated = 0;
  StageTimes times;  // the last read's, stage by stage

  RetainedReading();
  ~RetainedReading();
};

class ScanSession {
 public:
  // `request` without its overlay: each read names the unsaved buffers. `watch_files`: learn what
  // changed from a TreeWatch (core/tree_watch.h) rather than by stat'ing every file and folder.
  explicit ScanSession(ScanRequest request, bool watch_files = true);

  // The project as runScan would read it with `overlay`, only changed inputs read again;
  // result.resource_ids has each resource's identity. Hand it back with giveBack() before
  // the next read.
  ScanResult read(const std::map<std::filesystem::path, std::string>& overlay);
  // read() and the rules: what runScan(request with overlay, rules) gives. The rules run
  // incrementally (rules/engine/incremental.h): unchanged resources' findings are reused.
  ScanResult check(const std::map<std::filesystem::path, std::string>& overlay, const RuleSet& rules);
  // Takes the resources of `result` (a read of this session) back; `result.project` has none after.
  void giveBack(ScanResult& result);

  const RetainedReading& retained() const { return retained_; }
  // The next read checks every file and folder itself, as if nothing were watched (any thread).
  void distrustWatchOnce() {
    if (retained_.watch) retained_.watch->distrustOnce();
  }

 private:
  ScanRequest request_;
  RetainedReading retained_;
  IncrementalRules rules_memo_;
};

}  // namespace palisade
