#include "core/atomic_file.h"

#include <fmt/format.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

namespace palisade {

namespace fs = std::filesystem;

std::string writeFileAtomically(const std::string& path, std::string_view bytes) {
  AtomicFileWriter writer;
  if (std::string error = writer.open(path); !error.empty()) return error;
  writer.write(bytes);
  return writer.commit();
}

std::string AtomicFileWriter::open(const std::string& path) {
  target_ = fs::path(path);
  fs::path dir = target_.has_parent_path() ? target_.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return fmt::format("cannot write {}: directory {} does not exist", path, dir.string());
  if (fs::is_directory(target_, ec)) return fmt::format("cannot write {}: it is a directory", path);
  // Unique per process and per writer, so two threads writing one target never share a temporary file.
  static std::atomic<unsigned> writers{0};
  temp_ = dir / fmt::format(".{}.{}.{}.tmp", target_.filename().string(), ::getpid(), writers.fetch_add(1));
  out_.open(temp_, std::ios::binary | std::ios::trunc);
  if (!out_) {
    temp_.clear();
    return fmt::format("cannot write {}: {}", path, std::strerror(errno));
  }
  return {};
}

void AtomicFileWriter::write(std::string_view bytes) {
  if (out_.is_open()) out_.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string AtomicFileWriter::commit() {
  if (temp_.empty()) return fmt::format("cannot write {}: not open", target_.string());
  std::error_code ec;
  out_.flush();
  bool written = static_cast<bool>(out_);
  int error_number = errno;
  out_.close();
  fs::path temp = std::exchange(temp_, fs::path());
  if (!written) {
    fs::remove(temp, ec);
    return fmt::format("cannot write {}: {}", target_.string(), std::strerror(error_number));
  }
  fs::rename(temp, target_, ec);
  if (ec) {
    fs::remove(temp, ec);
    return fmt::format("cannot write {}: {}", target_.string(), ec.message());
  }
  return {};
}

AtomicFileWriter::~AtomicFileWriter() {
  if (temp_.empty()) return;
  out_.close();
  std::error_code ec;
  fs::remove(temp_, ec);
}

}  // namespace palisade
