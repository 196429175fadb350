// Fuzzes the CIDR parser: a parsed network must contain itself and its own
// canonical network.
#include <cstdint>
#include <string>

#include "parsers/calico/cidr.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = palisade::calico::parseCidr(text);
  if (parsed.cidr) {
    auto network = parsed.cidr->network();
    if (!network.contains(*parsed.cidr) || !network.contains(network)) __builtin_trap();
  }
  return 0;
}
