// Fuzzes the rule-file reader (users bring their own packs with --rules).
#include <cstdint>
#include <string>
#include <vector>

#include "rules/engine/rule_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  palisade::SourceFile file("rule.yaml", std::string(reinterpret_cast<const char*>(data), size));
  std::vector<palisade::Diagnostic> errors;
  auto rule = palisade::loadRule(file, "fuzz", errors);
  if (!rule && errors.empty()) __builtin_trap();  // a refused rule file always says why
  return 0;
}
