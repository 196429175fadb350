// Diagnostic: a problem with the input itself (invalid YAML, a duplicate key,
// unsupported Bicep syntax, an unreadable file) found while reading it.
// Diagnostics become findings of the GEN rules, located like any other.
#pragma once

#include <string>

#include "core/span.h"

namespace palisade {

struct Diagnostic {
  std::string rule_id;  // GEN001 parse error, GEN002 duplicate key, GEN003 unsupported syntax, ...
  std::string message;
  Span span;
  std::string path;  // the file's display path (kept even when no SourceFile could be read)
};

}  // namespace palisade
