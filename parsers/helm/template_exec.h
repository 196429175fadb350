// Executes Go text/template trees over palisade Values, as Go's
// text/template executes them over Helm's data: truthiness, field chains,
// pipelines, variables and `$`, if/with/range (maps in sorted key order),
// break/continue, template/block calls. Every byte of output is traced to
// the template span that emitted it, and, for a value inserted from data,
// to the value's own span (a values.yaml line). Errors are located; deep
// recursion and runaway templates stop at stated limits.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/source_file.h"
#include "core/value.h"
#include "parsers/helm/template_ast.h"
#include "parsers/helm/template_parser.h"

namespace palisade::helm {

class TemplateExecutor;

// What a function sees of its call: the executor (for `include`-like
// functions) and where the call is written. `fail` ends the execution with
// a located error, as a Go function returning an error does.
struct TemplateCall {
  TemplateExecutor& executor;
  std::string_view name;
  Span span;
  // For a function that renders a template over its last argument
  // (FunctionTable::addRendering): when that argument is the running
  // template's own dot or `$`, it is this Value itself, not a copy (Go's maps
  // are references: the callee sees, and `set` changes, the caller's).
  Value* shared_last = nullptr;
  [[noreturn]] void fail(const std::string& message) const;
  // The message as it is, without "error calling NAME: " (Helm's `fail`, `required`).
  [[noreturn]] void failPlain(const std::string& message) const;
  // Go's "wrong number of args" error unless there are exactly `count` arguments.
  void requireArgs(const std::vector<Value>& args, std::size_t count) const;
};

using TemplateFunction = std::function<Value(const TemplateCall&, std::vector<Value>& args)>;

class FunctionTable {
 public:
  void add(std::string name, TemplateFunction function) { functions_[std::move(name)] = std::move(function); }
  // A function whose last argument may be passed as TemplateCall::shared_last.
  void addRendering(std::string name, TemplateFunction function) {
    rendering_.push_back(name);
    add(std::move(name), std::move(function));
  }
  bool rendering(std::string_view name) const { return std::find(rendering_.begin(), rendering_.end(), name) != rendering_.end(); }
  const TemplateFunction* find(std::string_view name) const;
  bool contains(std::string_view name) const { return find(name) != nullptr; }

 private:
  std::map<std::string, TemplateFunction, std::less<>> functions_;
  std::vector<std::string> rendering_;
};

// Go's predefined functions: and, or, not, len, index, slice, print, printf,
// println, eq, ne, lt, le, gt, ge, html, js, urlquery (and/or are evaluated
// lazily by the executor; their entries exist so the parser knows them).
FunctionTable goBuiltinFunctions();

// Named templates parsed from files: each file's own tree and its defines.
class TemplateSet {
 public:
  explicit TemplateSet(FunctionTable functions = goBuiltinFunctions()) : functions_(std::move(functions)) {}
  // Parses `file` as the template `name` and adds its trees (a later
  // definition replaces an earlier one, except that an empty define does not
  // replace a non-empty one, as in Go). Returns the parse error, if any.
  std::optional<TemplateError> add(const SourceFilePtr& file, const std::string& name);
  // Parses `text` as an extra file (Helm's `tpl`): kept alive by the set.
  std::optional<TemplateError> addText(const std::string& name, std::string text);
  const TemplateDefinition* find(std::string_view name) const;
  // Keeps a file alive as long as the set (the text of a `tpl` call, whose
  // spans outlive the call). Not thread-safe: one execution at a time.
  void keep(SourceFilePtr file) const { kept_files_.push_back(std::move(file)); }
  const FunctionTable& functions() const { return functions_; }
  FunctionTable& functions() { return functions_; }
  std::vector<std::string> names() const;

 private:
  FunctionTable functions_;
  std::map<std::string, std::shared_ptr<const TemplateDefinition>, std::less<>> templates_;
  std::vector<SourceFilePtr> extra_files_;
  mutable std::vector<SourceFilePtr> kept_files_;
};

// A run of output bytes and where they came from.
struct OutputPiece {
  uint32_t begin = 0;  // byte range in the output
  uint32_t end = 0;
  Span source;          // the template text or action that emitted them
  bool verbatim = false;  // template text copied byte for byte (source.begin maps to begin)
  Span value;           // the data value printed, when it has a span (e.g. a values.yaml line)
  bool unknown = false;  // an Unknown was printed here (a placeholder stands in the text)
};

struct RenderedText {
  std::string text;
  std::vector<OutputPiece> pieces;  // in output order, covering every byte of text
  // The piece holding output byte `offset` (nullptr past the end).
  const OutputPiece* pieceAt(uint32_t offset) const;
  // The template position of output byte `offset`: exact for copied text,
  // the action's start for printed values.
  Position sourcePositionAt(uint32_t offset) const;
};

struct ExecLimits {
  // Nested template calls, control structures and parenthesised pipelines
  // together (Go allows 100000 template calls; palisade's C++ stack bounds it).
  int max_depth = 1000;
  // Nodes executed plus range iterations: a template that recurses
  // exponentially stops here rather than running for hours.
  uint64_t max_steps = 20'000'000;
  std::size_t max_output = std::size_t{64} << 20;  // bytes
};

// Methods of the host's objects (Helm's .Files.Get, .Capabilities.APIVersions.Has):
// asked when a field is not a key of its receiver; nullopt when `method` is not one.
using TemplateMethods = std::function<std::optional<Value>(const TemplateCall& call, const Value& receiver,
                                                           std::string_view method, std::vector<Value>& args)>;

struct ExecOptions {
  enum class MissingKey : uint8_t {
    Default,  // a missing map key is "no value", and fields of it are too (Go's default)
    Zero,     // a missing key is nil, and a field of nil is an error (Helm's setting)
    Error,    // a missing key is an error (helm --strict)
  };
  MissingKey missing_key = MissingKey::Default;
  std::string no_value = "<no value>";  // what printing nothing prints (Helm: "")
  ExecLimits limits;
  TemplateMethods methods;
};

struct ExecResult {
  RenderedText output;
  std::optional<TemplateError> error;  // execution stops at the first
};

class TemplateExecutor {
 public:
  TemplateExecutor(const TemplateSet& set, ExecOptions options) : set_(set), options_(std::move(options)) {}

  // Executes the named template with `data` as dot and `$`.
  ExecResult execute(std::string_view name, const Value& data);

  // For functions such as Helm's `include`: renders a named template into a
  // separate text within the current execution (same limits).
  RenderedText renderNested(std::string_view name, Value data, const Span& call);
  // The same over a Value the caller owns (TemplateCall::shared_last).
  RenderedText renderNestedShared(std::string_view name, Value& data, const Span& call);
  // For Helm's `tpl`: parses `text` as a template (it may call the set's
  // named templates) and renders it within the current execution; a parse
  // error is an error of the call.
  RenderedText renderText(const std::string& text, const std::string& name, Value data, const Span& call);
  const TemplateSet& templates() const { return set_; }
  const ExecOptions& options() const { return options_; }

  // A string a function made from text whose pieces it knows (include's
  // output, toYaml's scalars with their values.yaml spans, and those indented
  // by indent/nindent): printed, it brings those pieces along instead of
  // being one piece of the printing action. Pieces without a source file
  // (the padding, toYaml's keys) become the printing action's. Keyed by the
  // text, for the current execution.
  void traceString(const std::string& text, std::vector<OutputPiece> pieces);
  const std::vector<OutputPiece>* tracedPieces(const std::string& text) const;
  // The value a traced string printed, when all of it is one value (else invalid).
  Span singleValueOrigin(const std::string& text) const;

 private:
  friend struct TemplateCall;
  enum class Flow : uint8_t { Normal, Break, Continue };
  struct Variable {
    std::string name;
    Value value;
  };

  [[noreturn]] void fail(const Span& span, const std::string& message);
  // A named template: the defines of the `tpl` texts running, then the set's.
  const TemplateDefinition* findTemplate(std::string_view name) const;
  void enter(const Span& span);
  void leave() { --depth_; }
  void step(const Span& span);
  void emit(std::string_view text, const Span& source, bool verbatim, const Span& value, bool unknown = false);

  void runTemplate(const TemplateDefinition& def, Value dot, const Span& call);
  void runTemplateOver(const TemplateDefinition& def, Value& self, const Span& call);
  Flow walk(const NodeList& list, const Value& dot);
  Flow walkNode(const Node& node, const Value& dot);
  Flow walkIfWith(const Node& node, const Value& dot);
  Flow walkRange(const Node& node, const Value& dot);

  Value evalPipeline(const Pipeline& pipe, const Value& dot, bool declare);
  Value evalCommand(const Command& cmd, const Value& dot, const Value* final);
  Value evalOperand(const Operand& op, const Value& dot);
  // Walks the chain from `receiver` without copying it; copies only the value reached.
  Value evalFields(const Value& receiver, const std::vector<std::string>& fields, const Span& span, bool missing,
                   bool has_args);
  // The storage of a variable (nullptr when undefined).
  const Value* variableSlot(const std::string& name) const;
  // A field chain whose last field is given arguments: a method call.
  // `invalid_root`: the chain starts at nil that came out of a pipeline (a
  // variable, a parenthesised pipeline, a function's result), which Go treats
  // as "no value": its fields are no value too, not a nil-pointer error.
  Value evalMethodChain(const Value& root, const std::vector<std::string>& fields, const Span& span, const Command& cmd,
                        const Value& dot, const Value* final, bool invalid_root);
  std::optional<Value> tryMethod(const Value& receiver, const std::string& method, std::vector<Value>& args,
                                 const Span& span);
  Value callFunction(const Operand& fn, const std::vector<Operand>& args, std::size_t first, const Value& dot,
                     const Value* final);
  Value lookupVariable(const std::string& name, const Span& span);
  // Go maps are references: `set`, `unset` and `merge` change their first
  // argument. Where that argument is a variable (with fields) or the
  // template's own dot, the result is written back there.
  void writeBack(const Operand& target, const Value& dot, const Value& result);
  void setVariable(const std::string& name, const Value& value, const Span& span);

  const TemplateSet& set_;
  ExecOptions options_;
  std::vector<std::pair<std::string, const TemplateDefinition*>> tpl_defines_;
  std::unordered_map<std::string, std::vector<OutputPiece>> traced_;
  std::vector<Variable> vars_;
  RenderedText* out_ = nullptr;
  Value* root_ = nullptr;  // the running template's dot, which is also `$`
  int depth_ = 0;
  uint64_t steps_ = 0;
  std::size_t total_output_ = 0;
  TemplateError error_;
};

// Executes the named template of `set` over `data`.
ExecResult executeTemplate(const TemplateSet& set, std::string_view name, const Value& data,
                           const ExecOptions& options = {});

// Go's notion of an empty value: false, 0, nil, "", and empty lists and maps.
bool templateTruth(const Value& v);

}  // namespace palisade::helm
