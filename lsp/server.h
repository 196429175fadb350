// `palisade lsp`: a Language Server over a pair of streams. Three threads:
// the reader (frames in; `$/cancelRequest` takes effect at once), the
// dispatcher (requests and notifications in order, up to `exit`) and the checker, which
// runs a scan of the whole workspace — files from disk, the editor's unsaved
// buffers instead of theirs — after a pause in typing, and publishes
// diagnostics for every file with findings (and clears them where none are
// left). A newer change supersedes a pending or running check: the older
// one's results are never published. Hover and code actions answer from the
// results of the latest text, waiting for its check when one is due.
#pragma once

#include <chrono>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/finding.h"
#include "core/rule_info.h"

namespace palisade::lsp {

// What the server asks of the rest of palisade (cli/lsp_command.cpp builds it from the scan's set-up).
struct Checker {
  // Loads the configuration and rules of the workspace; an error message when they cannot be used.
  std::function<std::optional<std::string>(const std::filesystem::path& root)> configure;
  // The active findings (filters applied) of the workspace read with `overlay` (canonical
  // path -> unsaved text); locations relative to `root`.
  std::function<std::vector<Finding>(const std::filesystem::path& root,
                                     const std::map<std::filesystem::path, std::string>& overlay)>
      check;
  // The editor said files changed on disk (a save, watched-file events): the next check looks at
  // every file itself rather than trust what it watches. May be empty.
  std::function<void()> files_changed;
  // A rule's documentation by id; null when unknown.
  std::function<const RuleInfo*(const std::string& id)> rule;
};

struct ServerOptions {
  std::chrono::milliseconds debounce{150};  // the pause after a change before it is checked
  bool trace = false;                       // each check's publishing time on standard error
};

// Serves until `exit` or the end of input; the process exit code (0 after a `shutdown`, else 1).
int serve(std::istream& in, std::ostream& out, const Checker& checker, const ServerOptions& options = {});

}  // namespace palisade::lsp
