// Fuzzes the .palisade.yaml reader: any input gives a config or located errors.
#include <cstdint>
#include <memory>
#include <string>

#include "scan/config_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto file = std::make_shared<const palisade::SourceFile>(".palisade.yaml",
                                                          std::string(reinterpret_cast<const char*>(data), size));
  palisade::parseConfig(file, "/nonexistent-base");
  return 0;
}
