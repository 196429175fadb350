// parallelFor: runs a function over indexes 0..count-1 on up to `jobs`
// threads, each taking the next index as it finishes one, so uneven work
// (one huge file among small ones) still keeps every core busy.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <functional>
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

// ParallelStream: parallelFor for items that arrive one at a time while the
// producer is still finding the rest (a directory walk). Helper threads
// (jobs - 1) start on the first item at once; the producer joins them in
// finish(). Results come back in arrival order.
template <typename Item, typename Result>
class ParallelStream {
 public:
  ParallelStream(std::size_t jobs, std::function<Result(const Item&)> work) : work_(std::move(work)) {
    for (std::size_t t = 1; t < jobs; ++t) helpers_.emplace_back([this] { drain(); });
  }
  ParallelStream(const ParallelStream&) = delete;
  ParallelStream& operator=(const ParallelStream&) = delete;
  // Without finish() (the producer threw): the helpers stop after their current item.
  ~ParallelStream() {
    {
      std::lock_guard lock(mutex_);
      abandoned_ = true;
    }
    endOfInput();
    joinHelpers();
  }

  // From the producer thread only.
  void push(Item item) {
    {
      std::lock_guard lock(mutex_);
      items_.push_back(std::move(item));
      results_.emplace_back();
    }
    arrived_.notify_one();
  }

  // Works on what is left with the helpers, waits for them, and returns
  // every result (rethrowing the first exception a piece of work threw).
  std::vector<Result> finish() {
    endOfInput();
    drain();
    joinHelpers();
    if (failure_) std::rethrow_exception(failure_);
    return {std::make_move_iterator(results_.begin()), std::make_move_iterator(results_.end())};
  }

 private:
  void drain() {
    for (;;) {
      const Item* item;
      Result* result;
      {
        std::unique_lock lock(mutex_);
        arrived_.wait(lock, [this] { return next_ < items_.size() || closed_; });
        if (next_ == items_.size() || abandoned_) return;
        // A deque keeps its elements in place as it grows: these stay valid after the lock.
        item = &items_[next_];
        result = &results_[next_];
        ++next_;
      }
      try {
        *result = work_(*item);
      } catch (...) {
        std::lock_guard lock(mutex_);
        if (!failure_) failure_ = std::current_exception();
      }
    }
  }

  void endOfInput() {
    {
      std::lock_guard lock(mutex_);
      closed_ = true;
    }
    arrived_.notify_all();
  }

  void joinHelpers() {
    for (std::thread& t : helpers_)
      if (t.joinable()) t.join();
  }

  std::function<Result(const Item&)> work_;
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::deque<Item> items_;
  std::deque<Result> results_;
  std::size_t next_ = 0;
  bool closed_ = false;
  bool abandoned_ = false;
  std::exception_ptr failure_;
  std::vector<std::thread> helpers_;
};

// Threads to use when the user does not say: every core.
std::size_t defaultJobs();

}  // namespace palisade
