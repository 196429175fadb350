// Reading while the walk goes on: ParallelStream hands items to helper
// threads as they arrive and returns results in arrival order; discovery
// reports each file once, as it meets it, and still returns them sorted.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <thread>

#include "core/discovery.h"
#include "core/parallel.h"

using namespace palisade;
namespace fs = std::filesystem;

TEST_CASE("ParallelStream returns every result in arrival order", "[parallel]") {
  for (std::size_t jobs : {1, 2, 4}) {
    ParallelStream<int, int> stream(jobs, [](const int& x) { return x * x; });
    for (int i = 0; i < 500; ++i) stream.push(i);
    std::vector<int> results = stream.finish();
    REQUIRE(results.size() == 500);
    for (int i = 0; i < 500; ++i) CHECK(results[i] == i * i);
  }
}

TEST_CASE("ParallelStream starts on an item before the producer finishes", "[parallel]") {
  std::mutex mutex;
  std::condition_variable done;
  bool worked = false;
  ParallelStream<int, int> stream(2, [&](const int& x) {
    std::lock_guard lock(mutex);
    worked = true;
    done.notify_all();
    return x;
  });
  stream.push(7);
  {
    // The producer has not called finish(): only a helper can have done the work.
    std::unique_lock lock(mutex);
    CHECK(done.wait_for(lock, std::chrono::seconds(20), [&] { return worked; }));
  }
  CHECK(stream.finish() == std::vector<int>{7});
}

TEST_CASE("ParallelStream rethrows what a piece of work threw, after the rest", "[parallel]") {
  std::atomic<int> ran{0};
  ParallelStream<int, int> stream(2, [&](const int& x) {
    ++ran;
    if (x == 3) throw std::runtime_error("bad item");
    return x;
  });
  for (int i = 0; i < 10; ++i) stream.push(i);
  CHECK_THROWS_WITH(stream.finish(), "bad item");
  CHECK(ran == 10);
}

TEST_CASE("ParallelStream abandoned without finish() stops after the current items", "[parallel]") {
  std::atomic<int> ran{0};
  {
    ParallelStream<int, int> stream(2, [&](const int& x) {
      ++ran;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
      return x;
    });
    for (int i = 0; i < 1000; ++i) stream.push(i);
  }  // the producer gave up (as when it throws): no finish()
  CHECK(ran < 1000);
}

TEST_CASE("discovery reports each file once as it meets it, and returns them sorted", "[discovery]") {
  const fs::path dir = fs::temp_directory_path() / fmt::format("palisade-discovery-{}", ::getpid());
  fs::remove_all(dir);
  fs::create_directories(dir / "b");
  fs::create_directories(dir / "a");
  for (const char* name : {"b/two.yaml", "a/one.yaml", "a/skip.txt", "three.bicep"}) std::ofstream(dir / name) << "x: 1\n";
  fs::create_symlink(dir / "a" / "one.yaml", dir / "b" / "link.yaml");  // the same file again

  std::vector<std::string> met;
  // The folder named twice: overlapping paths, still each file once.
  const std::vector<std::string> paths{dir.string(), (dir / "a").string()};
  Discovery found = discoverInputs(paths, scanRootFor(paths), [&](const InputFile& f) { met.push_back(f.display); });

  std::vector<std::string> sorted;
  for (const InputFile& f : found.files) sorted.push_back(f.display);
  CHECK(sorted == std::vector<std::string>{"a/one.yaml", "b/two.yaml", "three.bicep"});
  std::sort(met.begin(), met.end());
  CHECK(met == sorted);
  fs::remove_all(dir);
}
