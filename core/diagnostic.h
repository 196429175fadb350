// Diagnostic: a problem with the input itself (invalid YAML, a duplicate key,
// unsupported Bicep syntax, an unreadable file) found while reading it.
// Diagnostics become findings of the GEN rules, located like any other. The
// facts travel as data: the typed code, and what the problem is about as it
// was written (`subject`), so that no later stage reads the message text.
#pragma once

#include <string>
#include <utility>

#include "core/gen_code.h"
#include "core/span.h"

namespace palisade {

struct Diagnostic {
  Diagnostic() = default;
  Diagnostic(GenCode code_, std::string message_, Span span_, std::string path_, std::string subject_ = {})
      : code(code_), message(std::move(message_)), span(span_), path(std::move(path_)), subject(std::move(subject_)) {}

  GenCode code = GenCode::ParseError;
  std::string message;
  Span span;
  std::string path;     // the file's display path (kept even when no SourceFile could be read)
  std::string subject;  // what it is about, as written: the module path that did not resolve, ...
  std::string help;     // advice beside the message: what to do about it (may be empty)

  std::string_view ruleId() const { return genId(code); }
};

}  // namespace palisade
