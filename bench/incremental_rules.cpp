// incremental_rules: what the rules cost on a project read once, and what an
// incremental run (rules/engine/incremental.h) costs after one file changed.
//   incremental_rules PATH [--jobs N] [--repeat R] [--profile RUNS]
// Prints the best of R runs (wall and CPU seconds) of:
//   full          runRules
//   by kind       runRules with only the assertion rules / resource checks / project checks
//   first         IncrementalRules on a fresh memo (records what it can reuse)
//   unchanged     IncrementalRules again, nothing changed
//   one file      IncrementalRules after the file with the most resources changed (every
//                 resource declared in it or deployed through a module call written in it
//                 gets a new id), and after a file with a median number of resources
// and which checks' evaluations read the project (and so always run again).
// --profile RUNS ends after RUNS more unchanged incremental runs (for perf record).
#include <fmt/format.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <functional>
#include <map>
#include <string>

#include "core/parallel.h"
#include "rules/engine/incremental.h"
#include "rules/engine/rule_set.h"
#include "scan/scanner.h"

namespace {

double benchCpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(u.ru_utime) + seconds(u.ru_stime);
}

struct BenchTiming {
  double wall = 1e30;
  double cpu = 1e30;
  std::size_t findings = 0;
};

// Best of `repeat` runs of `step` (which returns the number of findings); `prepare` runs untimed before each.
BenchTiming bestOf(int repeat, const std::function<std::size_t()>& step, const std::function<void()>& prepare = {}) {
  BenchTiming t;
  for (int r = 0; r < repeat; ++r) {
    if (prepare) prepare();
    auto start = std::chrono::steady_clock::now();
    double cpu_start = benchCpuSeconds();
    t.findings = step();
    t.wall = std::min(t.wall, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    t.cpu = std::min(t.cpu, benchCpuSeconds() - cpu_start);
  }
  return t;
}

void printTiming(std::string_view what, const BenchTiming& t, const std::string& extra = {}) {
  fmt::print("{:<34} ms={:8.2f} cpu_ms={:8.2f} findings={} {}\n", what, t.wall * 1000, t.cpu * 1000, t.findings, extra);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    fmt::print(stderr, "usage: incremental_rules PATH [--jobs N] [--repeat R]\n");
    return 2;
  }
  palisade::ScanRequest request;
  request.paths = {argv[1]};
  request.jobs = palisade::defaultJobs();
  int repeat = 5;
  int profile_runs = 0;
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--jobs") request.jobs = std::strtoul(argv[i + 1], nullptr, 10);
    if (flag == "--repeat") repeat = std::max(1, std::atoi(argv[i + 1]));
    if (flag == "--profile") profile_runs = std::atoi(argv[i + 1]);
  }
  std::vector<palisade::Diagnostic> errors;
  const palisade::RuleSet rules = palisade::RuleSet::load({}, errors);
  const palisade::ScanResult read = palisade::readProject(request);
  const palisade::Project& project = read.project;
  const auto& resources = project.resources();
  const palisade::EngineOptions options{request.strict, request.jobs, 1000, request.kubernetes_version};
  fmt::print("files={} resources={} rules={} jobs={}\n", read.files_scanned, resources.size(), rules.rules().size(), request.jobs);

  printTiming("full runRules", bestOf(repeat, [&] { return palisade::runRules(rules, project, options).size(); }));
  auto only = [&](std::string_view what, auto keep) {
    std::vector<palisade::Diagnostic> ignored;
    palisade::RuleSet subset = palisade::RuleSet::load({}, ignored);
    subset.filter(keep);
    printTiming(what, bestOf(repeat, [&] { return palisade::runRules(subset, project, options).size(); }),
                fmt::format("rules={}", subset.rules().size()));
  };
  only("  assertion rules only", [](const palisade::Rule& r) { return static_cast<bool>(r.assertion); });
  only("  resource checks only", [](const palisade::Rule& r) { return r.check && r.check->per_resource; });
  only("  project checks only", [](const palisade::Rule& r) { return r.check && r.check->per_project; });
  only("  diagnostics only (no rule runs)", [](const palisade::Rule& r) { return !r.assertion && !r.check; });

  // Which evaluations read the project: they are never reused.
  {
    palisade::RuleMemoPass pass;
    palisade::runRulesWithMemo(rules, project, options, &pass);
    std::map<std::string, std::size_t> again;
    std::size_t reusable = 0;
    for (const auto& recorded : pass.recorded) {
      if (!recorded) continue;
      reusable += recorded->reusable;
      for (const auto& e : recorded->evaluations) {
        if (e.run_again) ++again[e.rule->info.id + " " + e.rule->info.name];
      }
    }
    fmt::print("evaluations: {} reusable, {} read the project:\n", reusable, pass.evaluations_run - reusable);
    for (const auto& [rule, count] : again) fmt::print("  {:<60} {}\n", rule, count);
  }

  std::vector<std::uint64_t> ids(resources.size());
  std::uint64_t next_id = 0;
  auto fresh_ids = [&] {
    for (auto& id : ids) id = ++next_id;
  };
  fresh_ids();
  palisade::IncrementalRules incremental;
  auto run_incremental = [&] { return incremental.run(rules, project, options, ids).size(); };
  auto stats = [&] {
    const auto& s = incremental.lastRun();
    return fmt::format("resources_reused={}/{} evaluations_reused={} run={}", s.resources_reused, s.resources,
                       s.evaluations_reused, s.evaluations_run);
  };
  BenchTiming first = bestOf(repeat, run_incremental, [&] { incremental.clear(); });
  printTiming("incremental, first run", first, stats());
  BenchTiming unchanged = bestOf(repeat, run_incremental);
  printTiming("incremental, nothing changed", unchanged, stats());
  if (profile_runs > 0) {
    bestOf(profile_runs, run_incremental);  // for `perf record`: mostly incremental runs
    return 0;
  }

  // Files by how many resources an edit of them gives new ids.
  std::map<const palisade::SourceFile*, std::vector<std::size_t>> by_file;
  for (std::size_t i = 0; i < resources.size(); ++i) {
    std::vector<const palisade::SourceFile*> touched{resources[i].declaration.file};
    for (const auto& call : resources[i].module_chain) touched.push_back(call.span.file);
    std::sort(touched.begin(), touched.end());
    touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
    for (const auto* file : touched) {
      if (file) by_file[file].push_back(i);
    }
  }
  std::vector<std::pair<std::size_t, const palisade::SourceFile*>> sizes;
  for (const auto& [file, list] : by_file) sizes.emplace_back(list.size(), file);
  std::sort(sizes.begin(), sizes.end());
  if (sizes.empty()) return 0;
  auto edit = [&](std::string_view what, const palisade::SourceFile* file) {
    const auto& changed = by_file[file];
    auto prepare = [&] {
      incremental.run(rules, project, options, ids);  // the state before the edit
      for (std::size_t i : changed) ids[i] = ++next_id;
    };
    BenchTiming timing = bestOf(repeat, run_incremental, prepare);
    printTiming(fmt::format("incremental, {} changed", what), timing, fmt::format("{} ({} resources new) ", file->path(), changed.size()) + stats());
  };
  edit("median file", sizes[sizes.size() / 2].second);
  edit("largest file", sizes.back().second);
  return 0;
}
