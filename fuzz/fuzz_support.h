// Helpers shared by the fuzz targets: readers that take a path get the input
// through a file in a private scratch folder.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace palisade::fuzz {

// A per-process scratch folder (on /dev/shm when there is one) holding `name`
// with the fuzzer's bytes; returns the file's path.
inline std::filesystem::path writeInput(const std::string& name, const uint8_t* data, std::size_t size) {
  std::filesystem::path base = std::filesystem::exists("/dev/shm") ? "/dev/shm" : std::filesystem::temp_directory_path();
  std::filesystem::path dir = base / ("palisade-fuzz-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::filesystem::path file = dir / name;
  std::ofstream(file, std::ios::binary | std::ios::trunc).write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  return file;
}

}  // namespace palisade::fuzz
