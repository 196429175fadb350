// Fuzzes Calico's selector parser: parse, print canonically, re-parse, and the
// canonical form must be stable.
#include <cstdint>
#include <string>

#include "parsers/calico/selector.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto parsed = palisade::calico::parseSelector(text);
  if (!parsed.ok()) {
    if (!parsed.error || parsed.error->offset > text.size()) __builtin_trap();
    return 0;
  }
  std::string canonical = palisade::calico::canonicalForm(*parsed.root);
  auto again = palisade::calico::parseSelector(canonical);
  if (!again.ok() || palisade::calico::canonicalForm(*again.root) != canonical) __builtin_trap();
  palisade::calico::matches(*parsed.root, palisade::calico::Labels{{"app", "web"}, {"tier", ""}});
  return 0;
}
