// Reading a whole file under a size limit, as every front end needs: one
// open, one fstat, reads to the end (a file that grows meanwhile is read to
// its end and measured again), the bytes moved out without a copy.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <variant>

namespace palisade {

struct ReadFailure {
  enum class Kind { Unreadable, TooLarge };
  Kind kind = Kind::Unreadable;
  std::string reason;      // Unreadable: what the system said
  std::uintmax_t size = 0;  // TooLarge: the file's size in bytes
};

std::variant<std::string, ReadFailure> readFileBytes(const std::filesystem::path& path, std::uintmax_t max_bytes);

}  // namespace palisade
