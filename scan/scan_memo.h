// The scan memo (docs/architecture.md, "Cache"): a whole scan's result kept
// in the scan cache, so that a run over files that are all unchanged (a
// pre-commit hook with the repository as context, run again) neither reads
// nor checks anything.
//
// One entry per key: the caller's CacheKey names everything besides the files
// that decides the unfiltered findings (the build, the paths, the rules
// selected and their packs' bytes, the configuration's bytes, every reading
// option). The entry lists every file the scan looked at (each read with the
// SHA-256 of its bytes, each probe, and each folder discovery listed, so a
// file added anywhere in the tree is a miss) and holds what the stages after
// runScan need: the unfiltered findings, the input records and counts, the
// project's diagnostics, each file's suppression comments, the lines of the
// files that comments and diagnostics are on, what the suppression stages read
// from resources (scan/filters.h, ResourceSuppressionFacts), and GitHub's line
// hash of every line a finding can be on.
// Checking the files uses the stat memo (scan/cache_stat_memo.h).
//
// Not kept (always scanned afresh): standard input, editor buffers, scans
// that built a Kustomize root or rendered a Helm chart (those readers look at
// files the recorder does not see), a result with an analysis limit (a time
// budget depends on the machine), a scan during which a file changed.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "scan/cache.h"
#include "scan/filters.h"
#include "scan/scanner.h"

namespace palisade {

using LineHashes = std::map<std::pair<std::string, uint32_t>, std::string>;

struct MemoizedScan {
  ScanResult result;
  bool hit = false;
  // On a hit the project holds no resources, and of the files the later
  // stages read (those with suppression comments or diagnostics) only the
  // lines they read; these stand in for the rest:
  std::optional<ResourceSuppressionFacts> resource_facts;
  LineHashes line_hashes;  // (uri, line) -> hash, for every unfiltered finding
  std::size_t checked = 0;  // files and folders checked on a lookup
  std::size_t hashed = 0;   // of which read again (the stat memo could not vouch for them)
};

// runScan(request, rules) through the memo when request.cache is set; `key`
// holds what the scan depends on besides the files (see above).
MemoizedScan runScanMemoized(const ScanRequest& request, const RuleSet& rules, CacheKey key);

// addLineHashes for a memoized result: the kept files hash their findings'
// lines; the others take the hash remembered for their line.
void addMemoizedLineHashes(std::vector<Finding>& findings, const MemoizedScan& scan, std::size_t jobs);

}  // namespace palisade
