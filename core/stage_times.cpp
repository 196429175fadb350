#include "core/stage_times.h"

#include <fmt/format.h>

namespace palisade {

std::string StageTimes::summary() const {
  std::string out;
  double total = 0;
  for (const auto& [stage, ms] : stages_) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {:.1f} ms", stage, ms);
    total += ms;
  }
  return out + fmt::format(" (total {:.1f} ms)", total);
}

}  // namespace palisade
