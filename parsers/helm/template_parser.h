// The parser of Go's text/template language: a template file into its named
// trees (the file's own and each `define`/`block` in it), as Go's
// text/template/parse builds them, with the same parse-time checks (undefined
// variables and functions, `break` outside `range`, misplaced `else`/`end`).
// The first error ends the parse and is located (file, line, column).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/source_file.h"
#include "core/span.h"
#include "parsers/helm/template_ast.h"

namespace palisade::helm {

struct TemplateError {
  Span span;
  std::string message;
};

struct TemplateParseResult {
  // The file's own tree first (named `name`), then its definitions in order.
  std::vector<TemplateDefinition> templates;
  std::optional<TemplateError> error;
};

// Deeper nesting of control structures or parentheses is an error, not a
// stack overflow (Go has no such limit; no real template comes near it).
inline constexpr int kMaxTemplateNesting = 200;

// `is_function` says whether a name is a function the templates may call.
TemplateParseResult parseTemplate(const SourceFilePtr& file, const std::string& name,
                                  const std::function<bool(std::string_view)>& is_function);

}  // namespace palisade::helm
