#include "core/parallel.h"

namespace palisade {

std::size_t defaultJobs() {
  unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

}  // namespace palisade
