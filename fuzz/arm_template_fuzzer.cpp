// Fuzzes the ARM JSON reader (positions pass, template expressions, copy loops).
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "parsers/arm/arm_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto path = palisade::fuzz::writeInput("azuredeploy.json", data, size);
  palisade::ScanRoot root{path.parent_path()};
  palisade::AzureReadOptions options;
  options.limits.max_loop_expansion = 200;
  palisade::readArmTemplate(path, root, options);
  return 0;
}
