// Bicep syntax: one .bicep or .bicepparam file parsed with tree-sitter (after
// the span-preserving normaliser) and lowered into declarations whose
// expressions are the shared Expr tree. `ERROR` regions of the grammar
// become Unsupported expressions; they are listed so the reader can report
// them once per file.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/source_file.h"
#include "parsers/expression/expr.h"

namespace palisade {

struct BicepDecorator {
  std::string name;
  std::vector<Expr> args;
  Span span;
};

struct BicepDeclaration {
  enum class Kind { Param, Var, Resource, Module, Output, Function, Import, Type };
  Kind kind = Kind::Var;
  std::string name;
  Span span;
  Span name_span;
  std::vector<BicepDecorator> decorators;
  std::string type_text;        // param/output type and `type x = …` as written; resource type string; module path
  Span type_span;
  std::optional<Expr> value;    // param default, var/output value, function body; resource/module body object
  std::optional<Expr> condition;  // resource/module `if (...)`
  std::optional<Expr> loop;     // resource/module `for`: an Expr::For whose body is unused
  bool existing = false;
  bool has_error = false;       // an ERROR region lies inside the declaration
  std::vector<std::string> parameters;             // function parameters
  std::vector<BicepDeclaration> children;          // nested resources
  std::vector<std::string> imported_names;         // import { a, b as c } → "a", "c" ...
  std::vector<std::string> imported_sources;       // ... and their exported names
};

// Broken syntax (GEN001): a declaration whose brackets or strings do not close
// (blanked and not checked), or a token the grammar found missing.
struct BicepParseError {
  Span span;
  std::string message;
};

struct BicepSyntax {
  std::vector<BicepDeclaration> declarations;
  std::string target_scope = "resourceGroup";
  std::string using_path;       // .bicepparam `using`
  Span using_span;
  std::vector<Span> error_regions;           // syntax the grammar does not know (GEN003)
  std::vector<BicepParseError> parse_errors;  // in document order
  bool budget_exceeded = false;
  std::optional<Span> depth_limit;  // the first expression nested past the depth limit (GEN015)
  std::size_t normaliser_rewrites = 0;
};

// Parses a file's text; `source` is the file the spans point into.
BicepSyntax parseBicep(const SourceFile& source, bool bicepparam, double time_budget_seconds, std::size_t max_depth);

}  // namespace palisade
