// Atomic output: a report is written to a temporary file beside its target
// and renamed over it, so a failed or interrupted run never leaves a
// truncated report behind.
#pragma once

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace palisade {

// Returns an error message, or empty on success. A missing directory is an
// error (not created), so a typo in --output does not scatter files.
std::string writeFileAtomically(const std::string& path, std::string_view bytes);

// The same promise for output too large to hold in memory: written piece by
// piece to the temporary file, renamed over the target by commit(). Dropped
// without commit() (an error, an exception), the temporary file is removed.
class AtomicFileWriter {
 public:
  // An error message, or empty when the temporary file is open for writing.
  std::string open(const std::string& path);
  void write(std::string_view bytes);
  // Flushes, renames; an error message or empty. The writer is closed either way.
  std::string commit();
  ~AtomicFileWriter();

 private:
  std::filesystem::path target_;
  std::filesystem::path temp_;
  std::ofstream out_;
};

}  // namespace palisade
