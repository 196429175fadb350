// Fuzzes the Bicep front end: normaliser, tree-sitter parse and evaluator.
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "parsers/bicep/bicep_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto path = palisade::fuzz::writeInput("main.bicep", data, size);
  palisade::ScanRoot root{path.parent_path()};
  palisade::AzureReadOptions options;
  options.limits.max_loop_expansion = 200;
  palisade::readBicepFiles({path}, root, options);
  return 0;
}
