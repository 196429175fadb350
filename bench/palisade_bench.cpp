// palisade_bench: times one mode of the pipeline over a folder, in-process,
// and prints one line of figures. Run each mode in its own process so peak
// memory is that mode's own:
//   palisade_bench parse PATH [--jobs N]   discovery + reading + evaluation
//   palisade_bench scan PATH [--jobs N]    the same plus every rule (what the text report needs)
//   palisade_bench sarif PATH [--jobs N]   the scan plus GitHub line hashes (what SARIF and JSON need)
// A folder of Helm charts also gets a line of charts/s and rendered MB/s.
// The best of --repeat R runs is reported; --min-seconds S keeps repeating
// until S seconds have gone by, so a 10 ms run is not judged on three tries.
#include <fmt/format.h>
#include <sys/resource.h>

#include <chrono>
#include <cstdlib>
#include <string>

#include "core/parallel.h"
#include "rules/engine/rule_set.h"
#include "scan/scanner.h"

int main(int argc, char** argv) {
  if (argc < 3) {
    fmt::print(stderr, "usage: palisade_bench parse|scan|sarif PATH [--jobs N] [--repeat R] [--min-seconds S]\n");
    return 2;
  }
  std::string mode = argv[1];
  palisade::ScanRequest request;
  request.paths = {argv[2]};
  request.jobs = palisade::defaultJobs();
  int repeat = 1;
  double min_seconds = 0;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--jobs") request.jobs = std::strtoul(argv[i + 1], nullptr, 10);
    if (flag == "--repeat") repeat = std::atoi(argv[i + 1]);
    if (flag == "--min-seconds") min_seconds = std::atof(argv[i + 1]);
  }
  std::vector<palisade::Diagnostic> errors;
  palisade::RuleSet rules = palisade::RuleSet::load({}, errors);

  // CPU time (user + system, all threads) beside wall time: on a shared machine
  // wall time depends on the neighbours, the work done much less.
  auto cpuSeconds = [] {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(u.ru_utime) + seconds(u.ru_stime);
  };
  double best = 1e30;
  double best_cpu = 1e30;
  std::size_t files = 0, bytes = 0, resources = 0, findings = 0, charts = 0, rendered_bytes = 0;
  int runs = 0;
  const auto bench_start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - bench_start).count(); };
  for (; runs < repeat || elapsed() < min_seconds; ++runs) {
    auto start = std::chrono::steady_clock::now();
    double cpu_start = cpuSeconds();
    palisade::ScanResult result = mode != "parse" ? palisade::runScan(request, rules) : palisade::readProject(request);
    if (mode == "sarif") palisade::addLineHashes(result.findings, result.project, request.jobs);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = std::min(best, seconds);
    best_cpu = std::min(best_cpu, cpuSeconds() - cpu_start);
    files = result.files_scanned;
    bytes = result.bytes_scanned;
    resources = result.project.resources().size();
    findings = result.findings.size();
    charts = result.helm_charts;
    rendered_bytes = result.helm_rendered_bytes;
  }
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  double mb = static_cast<double>(bytes) / 1e6;
  fmt::print("{:<5} jobs={} runs={} files={} MB={:.2f} resources={} findings={} seconds={:.3f} cpu_seconds={:.3f} MB/s={:.1f} files/s={:.0f} peakRSS_MB={:.1f}\n",
             mode, request.jobs, runs, files, mb, resources, findings, best, best_cpu, mb / best, static_cast<double>(files) / best,
             static_cast<double>(usage.ru_maxrss) / 1024.0);
  // Helm charts: how many were rendered per second, and how much YAML they rendered to.
  if (charts > 0) {
    double rendered_mb = static_cast<double>(rendered_bytes) / 1e6;
    fmt::print("{:<10} charts={} charts/s={:.1f} rendered_MB={:.2f} rendered_MB/s={:.1f} ms/chart={:.1f}\n", "", charts,
               static_cast<double>(charts) / best, rendered_mb, rendered_mb / best, best * 1000.0 / static_cast<double>(charts));
  }
  return 0;
}
