// ARM template expressions: a JSON string `"[concat(parameters('a'), 'x')]"`
// is parsed into an Expr (function calls, string/number literals, `.member`
// and `[index]` access) for the shared evaluator. Every node carries the span
// of the whole JSON string.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parsers/expression/expr.h"

namespace palisade {

// True when a JSON string is a template expression: `[...]` but not `[[...`.
bool isTemplateExpression(std::string_view text);
// `[[x]` is the literal string `[x]`.
std::string unescapeTemplateLiteral(std::string_view text);

struct TemplateExpressionResult {
  std::optional<Expr> expr;
  std::string error;  // set when expr is empty
  bool over_limit = false;  // the expression nests past the depth limit (not analysed, not wrong)
};

// Parses a whole `[...]` string.
TemplateExpressionResult parseTemplateExpression(std::string_view text, const Span& span, std::size_t max_depth = 256);

}  // namespace palisade
