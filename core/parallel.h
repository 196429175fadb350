// parallelFor: runs a function over indexes 0..count-1 on up to `jobs`
// threads, each taking the next index as it finishes one, so uneven work
// (one huge file among small ones) still keeps every core busy.
#pragma once

#include <atomic>
#include <cstddef>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace palisade {

template <typename Function>
void parallelFor(std::size_t count, std::size_t jobs, Function&& function) {
  if (jobs <= 1 || count <= 1) {
    for (std::size_t i = 0; i < count; ++i) function(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto worker = [&] {
    for (std::size_t i = next++; i < count; i = next++) {
      try {
        function(i);
      } catch (...) {
        std::lock_guard lock(failure_mutex);
        if (!failure) failure = std::current_exception();
      }
    }
  };
  std::vector<std::thread> threads;
  std::size_t n = std::min(jobs, count);
  threads.reserve(n - 1);
  for (std::size_t t = 1; t < n; ++t) threads.emplace_back(worker);
  worker();
  for (auto& t : threads) t.join();
  if (failure) std::rethrow_exception(failure);
}

// Threads to use when the user does not say: every core.
std::size_t defaultJobs();

}  // namespace palisade
