// Located JSON: reads JSON text straight into Values that carry the span of
// every key and value (nlohmann_json's DOM keeps no positions). Lenient the
// way ARM is: a UTF-8 BOM, `//` and `/* */` comments, trailing commas and raw
// control characters inside strings are accepted.
#pragma once

#include <string>

#include "core/source_file.h"
#include "core/value.h"

namespace palisade {

struct LocatedJsonResult {
  Value value;
  bool ok = false;
  std::string error;  // when !ok
  Span error_span;
};

LocatedJsonResult parseLocatedJson(const SourceFile& file, std::size_t max_depth = 256);

// The span of bytes [begin, end) of a file, with line and column.
Span spanOf(const SourceFile& file, uint32_t begin, uint32_t end);

}  // namespace palisade
