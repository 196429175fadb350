// Applying fixes (`palisade fix`): scan, copy the files the scan read to a
// working copy, and there take the fixes of the active findings, apply them,
// scan again and roll a file back when its fixes left it unparseable, did not
// remove their findings or brought new ones; repeat while fixes remain that a
// previous pass could not combine (two insertions into one place), so a second
// run finds nothing to do. Only then are the real files written, each once,
// atomically, only inside the scan root and only when it still holds what was
// read; --diff shows the same result and writes nothing.
#pragma once

#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "core/finding.h"
#include "scan/scanner.h"

namespace palisade {

struct FixRun {
  std::vector<std::string> paths;  // what to scan, as named
  // One scan of `paths` as they are now: the real files (root empty), or the
  // working copy under `root`, where nothing is excluded by the command line's globs.
  std::function<ScanResult(const std::vector<std::string>& paths, const std::filesystem::path& root)> scan;
  // The filters (configuration, inline suppressions) over a scan's findings.
  std::function<std::vector<Finding>(const ScanResult&)> filter;
  bool unsafe = false;     // apply unsafe fixes too
  bool diff_only = false;  // leave the real files alone: the caller prints `changed` as a diff
  std::size_t max_passes = 8;
  // Called once the result is known, just before the real files are checked
  // and written: tests change a file here to see it left alone.
  std::function<void()> before_writing;
};

struct FixReport {
  struct Skipped {
    Location at;
    std::string rule_id;
    std::string reason;
  };
  std::size_t applied = 0;              // findings whose fixes were kept
  std::size_t unsafe_left = 0;          // findings with an unsafe fix, not applied without --unsafe-fixes
  std::vector<Skipped> skipped;         // refused, rolled back, or in a file that could not be written
  std::map<std::string, std::pair<std::string, std::string>> changed;  // uri -> (text before, text after)
  std::filesystem::path root;           // the scan root the uris are relative to
  std::vector<Finding> remaining;       // the findings of the last scan
  ScanResult last;                      // that scan
};

FixReport runFixes(const FixRun& run);

}  // namespace palisade
