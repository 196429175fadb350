// StageTimes: where the time of one pass went, stage by stage, for a trace
// line (`palisade lsp` prints one per check under PALISADE_LSP_TRACE=1).
#pragma once

#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace palisade {

class StageTimes {
 public:
  StageTimes() : last_(Clock::now()) {}

  // The stage that ends now, named; its time is what passed since the last mark.
  void mark(std::string stage) {
    Clock::time_point now = Clock::now();
    stages_.emplace_back(std::move(stage), std::chrono::duration<double, std::milli>(now - last_).count());
    last_ = now;
  }

  // "walk 12.1 ms, bicep 30.4 ms, ... (total 80.2 ms)"
  std::string summary() const;
  const std::vector<std::pair<std::string, double>>& stages() const { return stages_; }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point last_;
  std::vector<std::pair<std::string, double>> stages_;
};

}  // namespace palisade
