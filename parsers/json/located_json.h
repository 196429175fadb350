// Located JSON: reads JSON text straight into Values that carry the span of
// every key and value (nlohmann_json's DOM keeps no positions). Lenient the
// way ARM is: a UTF-8 BOM, `//` and `/* */` comments, trailing commas and raw
// control characters inside strings are accepted.
#pragma once

#include <string>

#include "core/diagnostic.h"
#include "core/source_file.h"
#include "core/value.h"

namespace palisade {

struct LocatedJsonResult {
  Value value;
  bool ok = false;
  std::string error;  // when !ok
  Span error_span;
  bool over_limit = false;  // valid as far as read, but nested past the depth limit
};

// The finding for a file that was not read: GEN001 "invalid JSON: ...", or
// GEN015 when only the depth limit stopped it (the JSON is not wrong).
Diagnostic jsonReadDiagnostic(const LocatedJsonResult& result, const std::string& path);

LocatedJsonResult parseLocatedJson(const SourceFile& file, std::size_t max_depth = 256);

// The span of bytes [begin, end) of a file, with line and column.
Span spanOf(const SourceFile& file, uint32_t begin, uint32_t end);

}  // namespace palisade
