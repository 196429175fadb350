// configMapGenerator and secretGenerator: ConfigMaps and Secrets made from
// literals, files and env files, with generatorOptions, and the name hash
// suffix kustomize computes from their content.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "core/diagnostic.h"
#include "core/sha256.h"
#include "core/source_file.h"
#include "parsers/kustomize/built_object.h"

namespace palisade::kustomize {

// Reads a file a generator names; nullptr (with a diagnostic) when it cannot.
using LoadFile = std::function<SourceFilePtr(const std::filesystem::path& absolute, const Span& named_at)>;

struct GeneratorInput {
  const Value* entry = nullptr;    // one element of configMapGenerator/secretGenerator
  const Value* options = nullptr;  // the kustomization's generatorOptions, or nullptr
  bool secret = false;
  std::filesystem::path dir;       // the kustomization's folder
  const SourceFile* kustomization = nullptr;
};

// The object one generator entry makes; its diagnostics (a missing file, a
// malformed literal) go to `diagnostics`.
BuiltObject generate(const GeneratorInput& input, const LoadFile& load, std::vector<Diagnostic>& diagnostics);

// Merges a generator's data into an existing object (`behavior: merge`).
void mergeGenerated(BuiltObject& into, const BuiltObject& from);

// The suffix kustomize appends to a generated ConfigMap's or Secret's name:
// ten characters of the SHA-256 of its kind, type and data.
std::string contentHashSuffix(const Value& body);

std::string base64(std::string_view bytes);
// The SHA-256 of core/sha256.h, under the name the generators and Helm's sha256sum use.
inline std::string sha256Hex(std::string_view bytes) { return palisade::sha256Hex(bytes); }

}  // namespace palisade::kustomize
