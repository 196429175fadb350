#include "core/read_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace palisade {

namespace {

struct Descriptor {
  int fd;
  ~Descriptor() {
    if (fd >= 0) ::close(fd);
  }
};

ReadFailure unreadable(int error) { return ReadFailure{ReadFailure::Kind::Unreadable, std::strerror(error), 0}; }

}  // namespace

std::variant<std::string, ReadFailure> readFileBytes(const std::filesystem::path& path, std::uintmax_t max_bytes) {
  Descriptor file{::open(path.c_str(), O_RDONLY | O_CLOEXEC)};
  if (file.fd < 0) return unreadable(errno);
  struct stat status {};
  if (::fstat(file.fd, &status) != 0) return unreadable(errno);
  if (S_ISDIR(status.st_mode)) return unreadable(EISDIR);
  const auto expected = static_cast<std::uintmax_t>(status.st_size);
  if (expected > max_bytes) return ReadFailure{ReadFailure::Kind::TooLarge, {}, expected};
  std::string text;
  // One byte more than the size, so a file that grew is read to its end (and then measured again).
  text.resize(static_cast<std::size_t>(expected) + 1);
  std::size_t filled = 0;
  for (;;) {
    if (filled == text.size()) {
      if (text.size() > max_bytes) return ReadFailure{ReadFailure::Kind::TooLarge, {}, text.size()};
      text.resize(text.size() * 2);
    }
    const ssize_t got = ::read(file.fd, text.data() + filled, text.size() - filled);
    if (got < 0) {
      if (errno == EINTR) continue;
      return unreadable(errno);
    }
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  if (filled > max_bytes) return ReadFailure{ReadFailure::Kind::TooLarge, {}, filled};
  text.resize(filled);
  return text;
}

}  // namespace palisade
