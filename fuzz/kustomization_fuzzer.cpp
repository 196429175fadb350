// Fuzzes the Kustomize builder: the input is a kustomization.yaml in a scratch
// folder (inline patches, generators, replacements, vars all come from it;
// the build may not read outside that folder), then the same bytes as a
// two-document stream merged (strategic merge) and applied as a JSON patch.
#include <cstdint>

#include "fuzz/fuzz_support.h"
#include "parsers/kustomize/builder.h"
#include "parsers/kustomize/json_patch.h"
#include "parsers/kustomize/strategic_merge.h"
#include "parsers/yaml/yaml_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  auto path = palisade::fuzz::writeInput("kustomization.yaml", data, size);
  palisade::ReadLimits limits;
  limits.max_alias_expansion = 2000;
  palisade::kustomize::SourceCache cache(path.parent_path(), limits);
  palisade::kustomize::build(path.parent_path(), cache);

  palisade::SourceFile file("stream.yaml", std::string(reinterpret_cast<const char*>(data), size));
  palisade::YamlReadResult yaml = palisade::readYaml(file, limits);
  if (yaml.documents.size() >= 2) {
    palisade::Value target = yaml.documents[0].root;
    palisade::kustomize::strategicMerge(target, yaml.documents[1].root);
    palisade::Value other = yaml.documents[0].root;
    palisade::kustomize::applyJsonPatch(other, yaml.documents[1].root);
  }
  return 0;
}
