// The syntax tree of a Go text/template: what template_parser builds and
// template_exec walks. Every node keeps the Span it was written at, so output
// and errors can be traced to a template file, line and column.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/source_file.h"
#include "core/span.h"

namespace palisade::helm {

struct Pipeline;

// One operand of a command: `.A.B`, `$x.y`, `fn`, `.`, `nil`, a literal, or
// `(pipeline).field`.
struct Operand {
  enum class Kind : uint8_t { Field, Variable, Function, Dot, Nil, Bool, Int, Float, String, Pipe };
  Kind kind = Kind::Nil;
  Span span;
  std::string name;                 // Variable ($x), Function (printf); String: the unquoted text
  std::vector<std::string> fields;  // the field chain after it (.A.B -> {A, B})
  bool bool_value = false;
  int64_t int_value = 0;
  double float_value = 0;
  std::shared_ptr<const Pipeline> pipe;  // Pipe: the parenthesised pipeline
};

// `fn a b`, `.Field`, `"text"`: the first operand is what is evaluated or called.
struct Command {
  Span span;
  std::vector<Operand> args;
};

// `$x := a | b c`: optional declared or assigned variables, then commands.
struct Pipeline {
  Span span;
  std::vector<std::string> variables;  // names with their `$`
  bool assigns = false;                // `=` rather than `:=`
  std::vector<Command> commands;
};

struct Node;
using NodeList = std::vector<std::unique_ptr<Node>>;

struct Node {
  enum class Kind : uint8_t { Text, Action, If, Range, With, Template, Break, Continue };
  Kind kind = Kind::Text;
  Span span;         // Text: the bytes it copies (after trimming); others: the action `{{...}}`
  std::string text;  // Text: its bytes; Template: the called name
  std::shared_ptr<const Pipeline> pipe;  // Action, If, Range, With, Template (may be null)
  NodeList list;                         // If/Range/With: the body
  NodeList else_list;                    // If/Range/With: after {{else}}
};

// A named template: a file's top level, or a `define`/`block`.
struct TemplateDefinition {
  std::string name;
  Span span;  // where it is defined
  SourceFilePtr file;
  NodeList body;
};

}  // namespace palisade::helm
