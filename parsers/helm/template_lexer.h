// The lexer of Go's text/template language: a template's bytes into text and
// the tokens of its actions, with `{{-`/`-}}` trimming and `{{/* */}}`
// comments applied as Go's lexer applies them. Every token keeps its byte
// range, so the parser can give each node a Span.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace palisade::helm {

struct TemplateToken {
  enum class Type : uint8_t {
    Text,        // bytes outside actions (already trimmed)
    LeftDelim,   // {{
    RightDelim,  // }}
    Identifier,  // a function name or a keyword (if, range, end, ...)
    Field,       // .Name
    Dot,         // .
    Variable,    // $ or $name
    String,      // "..." or `...` (value holds the unquoted text)
    Char,        // 'x' (value holds the rune as decimal text)
    Number,      // 12, -1.5e3, 0x1F
    Bool,        // true, false
    Nil,         // nil
    Pipe,        // |
    LeftParen,
    RightParen,
    Declare,  // :=
    Assign,   // =
    Comma,
  };
  Type type = Type::Text;
  uint32_t begin = 0;  // byte range in the template
  uint32_t end = 0;
  std::string value;         // Text, String, Char: the content; others: the bytes as written
  bool space_before = false;  // whitespace separates it from the previous token of the action
};

struct TemplateLexResult {
  std::vector<TemplateToken> tokens;
  // The first lexical error, if any (tokens stop there).
  std::optional<std::pair<uint32_t, std::string>> error;  // byte offset, message
};

TemplateLexResult lexTemplate(const std::string& text);

}  // namespace palisade::helm
