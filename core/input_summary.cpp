#include "core/input_summary.h"

namespace palisade {

std::string_view inputFormatName(InputFormat format) {
  switch (format) {
    case InputFormat::Bicep: return "Bicep";
    case InputFormat::Arm: return "ARM";
    case InputFormat::Manifest: return "Kubernetes/Calico";
    case InputFormat::ArmParameters: return "ARM parameter";
    case InputFormat::Unrecognised: return "other";
  }
  return "other";
}

void InputSummary::add(const InputSummary& other) {
  for (std::size_t i = 0; i < read.size(); ++i) read[i] += other.read[i];
  resources += other.resources;
  skipped.insert(skipped.end(), other.skipped.begin(), other.skipped.end());
  known = known || other.known;
}

InputSummary summarise(const std::vector<InputRecord>& records) {
  InputSummary out;
  out.known = true;
  for (const InputRecord& r : records) {
    if (!r.skipped.empty()) {
      out.skipped.emplace_back(r.path, r.skipped);
      continue;
    }
    ++out.read[static_cast<std::size_t>(r.format)];
    out.resources += r.resources;
  }
  return out;
}

}  // namespace palisade
