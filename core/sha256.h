// SHA-256 (FIPS 180-4): kustomize's generated-name suffixes, Helm's
// sha256sum, and the scan cache's content keys. Incremental, so a key can be
// built from many pieces without joining them first.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace palisade {

class Sha256 {
 public:
  Sha256();
  void update(std::string_view bytes);
  // The digest of everything given so far; the hasher is spent afterwards.
  std::array<uint8_t, 32> finish();
  std::string finishHex();

 private:
  void block(const uint8_t* data);
  std::array<uint32_t, 8> state_;
  std::array<uint8_t, 64> pending_{};
  std::size_t pending_size_ = 0;
  uint64_t total_bytes_ = 0;
};

std::string sha256Hex(std::string_view bytes);

}  // namespace palisade
