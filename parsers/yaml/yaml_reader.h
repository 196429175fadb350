// The YAML reader: libyaml's event parser turned into located Values.
// libyaml only tokenizes and parses; this reader owns the rest — duplicate
// keys, merge keys, aliases (expanded, with a budget), nesting depth, BOM,
// scalar resolution — and recovers after an invalid document so the rest of
// a multi-document stream is still read.
#pragma once

#include <optional>
#include <vector>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "core/value.h"
#include "parsers/file_model.h"

namespace palisade {

struct YamlDocument {
  Value root;
  uint32_t index = 0;  // 0-based position in the stream
  // The first mapping key that was itself a mapping or sequence (`{{ x }}:` or
  // `name: {{ .Values.name }}` parse that way): legal YAML, but in practice
  // an unrendered template.
  std::optional<Span> complex_key;
};

struct YamlReadResult {
  std::vector<YamlDocument> documents;
  std::vector<Diagnostic> diagnostics;  // GEN001 invalid YAML / limits, GEN002 duplicate key
};

YamlReadResult readYaml(const SourceFile& file, const ReadLimits& limits);

}  // namespace palisade
