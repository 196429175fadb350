// Kubernetes and Calico objects written as JSON (`kubectl apply -f x.json`
// takes them as it takes YAML): the same Resources, spans and rules. A .json
// file is classified by its content, never by its extension alone.
#pragma once

#include <string_view>
#include <vector>

#include "core/diagnostic.h"
#include "core/resource.h"
#include "core/source_file.h"
#include "parsers/file_model.h"

namespace palisade {

enum class JsonContent { ArmTemplate, ArmParameters, Manifest, Other };

// What a JSON text holds, from its `$schema` (deployment template or
// parameters) or its top-level `apiVersion` and `kind`. Cheap: reads no more
// than it must; Manifest is a guess the parse confirms.
JsonContent classifyJsonText(std::string_view text);

struct JsonManifestResult {
  std::vector<Resource> resources;
  std::vector<Diagnostic> diagnostics;  // GEN001 invalid JSON
  bool is_manifest = false;  // the top level is a Kubernetes/Calico object or List
};

// Reads one JSON object (or List) into Resources, as the YAML path does.
JsonManifestResult readJsonManifest(const SourceFile& file, const ReadLimits& limits);

}  // namespace palisade
