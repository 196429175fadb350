// Fuzzes the YAML reader and the Kubernetes classifier with small limits, so
// depth and alias budgets are exercised too.
#include <cstdint>
#include <string>

#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  palisade::SourceFile file("fuzz.yaml", std::string(reinterpret_cast<const char*>(data), size));
  palisade::ReadLimits limits;
  limits.max_depth = 64;
  limits.max_alias_expansion = 10000;
  palisade::YamlReadResult result = palisade::readYaml(file, limits);
  for (const auto& d : result.diagnostics) {
    if (d.span.file && d.span.start.line > file.lineCount()) __builtin_trap();  // spans stay inside the file
  }
  palisade::classifyKubernetesDocuments(std::move(result.documents));
  return 0;
}
