// `palisade baseline PATH... --output FILE`: a scan (same paths, config and
// rule options) whose findings' fingerprints are written to FILE instead of
// a report. `scan --baseline FILE` then reports only what is new.
#include <fmt/format.h>

#include "cli/commands.h"

namespace palisade {

int runBaselineCommand(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    std::string name = arg.substr(0, arg.find('='));
    if (name == "--format" || name == "-f" || name == "--baseline" || name == "--diff-base") {
      fmt::print(stderr, "palisade baseline: {} does not apply to recording a baseline\n", name);
      return 2;
    }
  }
  return runScanCommand(args, ScanPurpose::RecordBaseline);
}

}  // namespace palisade
