// Atomic output: a report is written to a temporary file beside its target
// and renamed over it, so a failed or interrupted run never leaves a
// truncated report behind.
#pragma once

#include <string>
#include <string_view>

namespace palisade {

// Returns an error message, or empty on success. A missing directory is an
// error (not created), so a typo in --output does not scatter files.
std::string writeFileAtomically(const std::string& path, std::string_view bytes);

}  // namespace palisade
