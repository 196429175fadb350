#include "parsers/helm/template_exec.h"

#include <algorithm>
#include <deque>

#include "parsers/helm/template_format.h"

namespace palisade::helm {

namespace {

// Unwinds an execution to its entry point at the first error (Go's executor
// panics and recovers the same way); never escapes TemplateExecutor.
struct ExecStop {};

// Functions whose result is text or a number computed from every argument:
// given an Unknown, the result is that Unknown, not a string built from its
// placeholder. (Others decide themselves: default, coalesce, empty, list, ...)
bool propagatesUnknown(std::string_view name) {
  static const std::string_view kNames[] = {
      "print", "printf", "println", "quote", "squote", "toString", "b64enc", "b64dec", "sha256sum", "trunc",
      "trimSuffix", "trimPrefix", "trim", "trimAll", "replace", "indent", "nindent", "cat", "substr", "int", "int64",
      "float64", "add", "add1", "sub", "mul", "div", "mod", "regexReplaceAll", "regexReplaceAllLiteral", "html", "js",
      "urlquery", "join", "toJson", "toYaml", "upper", "lower", "title", "repeat", "nospace", "addf", "subf", "mulf", "divf"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Functions whose result is their last argument in another form: a value
// printed through them still points at the line the argument came from.
bool keepsArgumentOrigin(std::string_view name) {
  static const std::string_view kNames[] = {"quote", "squote", "toString", "trim", "lower", "upper", "title", "trimSuffix",
                                            "trimPrefix", "trunc", "int", "int64", "float64", "toJson", "b64enc", "replace"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

bool isEmptyDefinition(const TemplateDefinition& def) {
  return std::all_of(def.body.begin(), def.body.end(), [](const std::unique_ptr<Node>& n) {
    return n->kind == Node::Kind::Text && n->text.find_first_not_of(" \t\r\n") == std::string::npos;
  });
}

}  // namespace

// ---- functions and the template set ------------------------------------------

void TemplateCall::fail(const std::string& message) const {
  executor.fail(span, "error calling " + std::string(name) + ": " + message);
}

void TemplateCall::failPlain(const std::string& message) const { executor.fail(span, message); }

void TemplateCall::requireArgs(const std::vector<Value>& args, std::size_t count) const {
  if (args.size() != count) fail("wrong number of args: want " + std::to_string(count) + " got " + std::to_string(args.size()));
}

const TemplateFunction* FunctionTable::find(std::string_view name) const {
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : &it->second;
}

std::optional<TemplateError> TemplateSet::add(const SourceFilePtr& file, const std::string& name) {
  TemplateParseResult parsed = parseTemplate(file, name, [this](std::string_view fn) { return functions_.contains(fn); });
  if (parsed.error) return parsed.error;
  for (TemplateDefinition& def : parsed.templates) {
    auto it = templates_.find(def.name);
    if (it != templates_.end() && isEmptyDefinition(def) && !isEmptyDefinition(*it->second)) continue;
    std::string key = def.name;
    templates_[key] = std::make_shared<const TemplateDefinition>(std::move(def));
  }
  return std::nullopt;
}

std::optional<TemplateError> TemplateSet::addText(const std::string& name, std::string text) {
  extra_files_.push_back(std::make_shared<const SourceFile>(name, std::move(text)));
  return add(extra_files_.back(), name);
}

const TemplateDefinition* TemplateSet::find(std::string_view name) const {
  auto it = templates_.find(name);
  return it == templates_.end() ? nullptr : it->second.get();
}

std::vector<std::string> TemplateSet::names() const {
  std::vector<std::string> out;
  for (const auto& [name, def] : templates_) out.push_back(name);
  return out;
}

// ---- output ---------------------------------------------------------------------

const OutputPiece* RenderedText::pieceAt(uint32_t offset) const {
  auto it = std::upper_bound(pieces.begin(), pieces.end(), offset,
                             [](uint32_t off, const OutputPiece& p) { return off < p.end; });
  if (it == pieces.end() || offset < it->begin) return nullptr;
  return &*it;
}

Position RenderedText::sourcePositionAt(uint32_t offset) const {
  const OutputPiece* piece = pieceAt(offset);
  if (piece == nullptr || piece->source.file == nullptr) return {};
  if (!piece->verbatim) return piece->source.start;
  auto [line, column] = piece->source.file->lineColumnOf(piece->source.begin + (offset - piece->begin));
  return {line, column};
}

bool templateTruth(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return false;
    case Value::Kind::Bool: return v.asBool();
    case Value::Kind::Int: return v.asInt() != 0;
    case Value::Kind::Number: return v.asNumber() != 0;
    case Value::Kind::String: return !v.asString().empty();
    case Value::Kind::Array: return !v.items().empty();
    case Value::Kind::Object: return !v.members().empty();
    case Value::Kind::Unknown: return true;
  }
  return false;
}

// ---- the executor -------------------------------------------------------------

void TemplateExecutor::fail(const Span& span, const std::string& message) {
  error_.span = span;
  error_.message = message;
  throw ExecStop{};
}

void TemplateExecutor::enter(const Span& span) {
  if (++depth_ > options_.limits.max_depth) {
    fail(span, "template nesting exceeds " + std::to_string(options_.limits.max_depth) +
                   " levels (calls, control structures and parentheses): recursion without end?");
  }
}

void TemplateExecutor::step(const Span& span) {
  if (++steps_ > options_.limits.max_steps) {
    fail(span, "template execution exceeds " + std::to_string(options_.limits.max_steps) + " steps: a runaway template?");
  }
}

void TemplateExecutor::emit(std::string_view text, const Span& source, bool verbatim, const Span& value, bool unknown) {
  if (text.empty()) return;
  total_output_ += text.size();
  if (total_output_ > options_.limits.max_output) {
    fail(source, "template output exceeds " + std::to_string(options_.limits.max_output) + " bytes");
  }
  OutputPiece piece;
  piece.begin = static_cast<uint32_t>(out_->text.size());
  out_->text.append(text);
  piece.end = static_cast<uint32_t>(out_->text.size());
  piece.source = source;
  piece.verbatim = verbatim;
  piece.value = value;
  piece.unknown = unknown;
  out_->pieces.push_back(piece);
}

ExecResult TemplateExecutor::execute(std::string_view name, const Value& data) {
  ExecResult result;
  depth_ = 0;
  steps_ = 0;
  total_output_ = 0;
  vars_.clear();
  traced_.clear();
  out_ = &result.output;
  const TemplateDefinition* def = set_.find(name);
  if (def == nullptr) {
    result.error = TemplateError{Span{}, "no such template \"" + std::string(name) + "\""};
    return result;
  }
  try {
    runTemplate(*def, data, def->span);
  } catch (const ExecStop&) {
    result.error = error_;
  }
  out_ = nullptr;
  return result;
}

RenderedText TemplateExecutor::renderNested(std::string_view name, Value data, const Span& call) {
  const TemplateDefinition* def = findTemplate(name);
  if (def == nullptr) fail(call, "no such template \"" + std::string(name) + "\"");
  RenderedText nested;
  RenderedText* saved = out_;
  out_ = &nested;
  runTemplate(*def, std::move(data), call);
  out_ = saved;
  return nested;
}

RenderedText TemplateExecutor::renderText(const std::string& text, const std::string& name, Value data,
                                         const Span& call) {
  auto file = std::make_shared<const SourceFile>(name, text);
  set_.keep(file);
  TemplateParseResult parsed = parseTemplate(file, name, [this](std::string_view fn) { return set_.functions().contains(fn); });
  if (parsed.error) {
    fail(call, "error calling tpl: " + parsed.error->message + " (line " + std::to_string(parsed.error->span.start.line) +
                   " of the text)");
  }
  // Helm's tpl parses the text into a clone of the chart's set: its own
  // defines are visible while it runs (over the set's, as a later define
  // replaces an earlier one) and gone afterwards.
  std::vector<std::pair<std::string, const TemplateDefinition*>> saved_overlay = tpl_defines_;
  for (std::size_t i = 1; i < parsed.templates.size(); ++i) {
    const TemplateDefinition& def = parsed.templates[i];
    const TemplateDefinition* existing = findTemplate(def.name);
    if (existing != nullptr && isEmptyDefinition(def) && !isEmptyDefinition(*existing)) continue;
    tpl_defines_.emplace_back(def.name, &def);
  }
  RenderedText nested;
  RenderedText* saved = out_;
  out_ = &nested;
  runTemplate(parsed.templates.front(), std::move(data), call);
  out_ = saved;
  tpl_defines_ = std::move(saved_overlay);
  return nested;
}

void TemplateExecutor::traceString(const std::string& text, std::vector<OutputPiece> pieces) {
  constexpr std::size_t kMaxTraced = 4096;  // strings per execution; later ones print as one piece
  if (text.empty() || pieces.empty() || traced_.size() >= kMaxTraced) return;
  traced_[text] = std::move(pieces);
}

Span TemplateExecutor::singleValueOrigin(const std::string& text) const {
  const std::vector<OutputPiece>* traced = tracedPieces(text);
  if (traced == nullptr) return {};
  Span origin;
  for (const OutputPiece& piece : *traced) {
    if (!piece.value.valid()) return {};
    if (origin.valid() && (piece.value.file != origin.file || piece.value.begin != origin.begin)) return {};
    origin = piece.value;
  }
  return origin;
}

const std::vector<OutputPiece>* TemplateExecutor::tracedPieces(const std::string& text) const {
  if (traced_.empty()) return nullptr;
  auto it = traced_.find(text);
  return it == traced_.end() ? nullptr : &it->second;
}

const TemplateDefinition* TemplateExecutor::findTemplate(std::string_view name) const {
  for (auto it = tpl_defines_.rbegin(); it != tpl_defines_.rend(); ++it) {
    if (it->first == name) return it->second;
  }
  return set_.find(name);
}

void TemplateExecutor::runTemplate(const TemplateDefinition& def, Value dot, const Span& call) {
  Value self = std::move(dot);  // `$`, and dot at the top of the template
  runTemplateOver(def, self, call);
}

RenderedText TemplateExecutor::renderNestedShared(std::string_view name, Value& data, const Span& call) {
  const TemplateDefinition* def = findTemplate(name);
  if (def == nullptr) fail(call, "no such template \"" + std::string(name) + "\"");
  RenderedText nested;
  RenderedText* saved = out_;
  out_ = &nested;
  runTemplateOver(*def, data, call);
  out_ = saved;
  return nested;
}

void TemplateExecutor::runTemplateOver(const TemplateDefinition& def, Value& self, const Span& call) {
  enter(call);
  std::vector<Variable> saved = std::move(vars_);
  vars_.clear();
  Value* saved_root = root_;
  root_ = &self;
  walk(def.body, self);
  root_ = saved_root;
  vars_ = std::move(saved);
  leave();
}

TemplateExecutor::Flow TemplateExecutor::walk(const NodeList& list, const Value& dot) {
  for (const auto& node : list) {
    Flow flow = walkNode(*node, dot);
    if (flow != Flow::Normal) return flow;
  }
  return Flow::Normal;
}

TemplateExecutor::Flow TemplateExecutor::walkNode(const Node& node, const Value& dot) {
  step(node.span);
  switch (node.kind) {
    case Node::Kind::Text: emit(node.text, node.span, true, Span{}); return Flow::Normal;
    case Node::Kind::Action: {
      Value v = evalPipeline(*node.pipe, dot, true);
      if (node.pipe->variables.empty()) {
        // Traces are keyed by text: a value with a place of its own (a values.yaml line)
        // that happens to read like a traced string is still that value.
        const std::vector<OutputPiece>* traced = v.isString() && !v.span().valid() ? tracedPieces(v.asString()) : nullptr;
        if (traced != nullptr) {
          for (const OutputPiece& p : *traced) {
            std::string_view part = std::string_view(v.asString()).substr(p.begin, p.end - p.begin);
            bool own = p.source.file != nullptr;
            emit(part, own ? p.source : node.span, own && p.verbatim, p.value, p.unknown);
          }
          return Flow::Normal;
        }
        std::string text = v.isNull() ? options_.no_value : goValueString(v);
        emit(text, node.span, false, v.span().valid() ? v.span() : Span{}, v.containsUnknown());
      }
      return Flow::Normal;
    }
    case Node::Kind::If:
    case Node::Kind::With: return walkIfWith(node, dot);
    case Node::Kind::Range: return walkRange(node, dot);
    case Node::Kind::Template: {
      const TemplateDefinition* def = findTemplate(node.text);
      if (def == nullptr) fail(node.span, "no such template \"" + node.text + "\"");
      Value arg = node.pipe ? evalPipeline(*node.pipe, dot, false) : Value::null();
      runTemplate(*def, std::move(arg), node.span);
      return Flow::Normal;
    }
    case Node::Kind::Break: return Flow::Break;
    case Node::Kind::Continue: return Flow::Continue;
  }
  return Flow::Normal;
}

TemplateExecutor::Flow TemplateExecutor::walkIfWith(const Node& node, const Value& dot) {
  enter(node.span);
  std::size_t mark = vars_.size();
  Value v = evalPipeline(*node.pipe, dot, true);
  Flow flow = Flow::Normal;
  if (templateTruth(v)) {
    flow = walk(node.list, node.kind == Node::Kind::With ? v : dot);
  } else {
    flow = walk(node.else_list, dot);
  }
  vars_.erase(vars_.begin() + static_cast<std::ptrdiff_t>(mark), vars_.end());
  leave();
  return flow;
}

TemplateExecutor::Flow TemplateExecutor::walkRange(const Node& node, const Value& dot) {
  enter(node.span);
  std::size_t mark = vars_.size();
  Value collection = evalPipeline(*node.pipe, dot, false);
  const std::vector<std::string>& names = node.pipe->variables;
  bool any = false;
  // One iteration: the variables ($i, $v or $v), then the body with dot = element.
  auto iterate = [&](const Value& key, const Value& element) {
    any = true;
    step(node.span);
    std::size_t inner = vars_.size();
    if (names.size() == 1) vars_.push_back(Variable{names[0], element});
    if (names.size() == 2) {
      vars_.push_back(Variable{names[0], key});
      vars_.push_back(Variable{names[1], element});
    }
    Flow flow = walk(node.list, element);
    vars_.erase(vars_.begin() + static_cast<std::ptrdiff_t>(inner), vars_.end());
    return flow;
  };
  switch (collection.kind()) {
    case Value::Kind::Array: {
      const Value::Array& items = collection.items();
      for (std::size_t i = 0; i < items.size(); ++i) {
        if (iterate(Value::integer(static_cast<int64_t>(i)), items[i]) == Flow::Break) break;
      }
      break;
    }
    case Value::Kind::Object: {
      // Go visits a map in sorted key order.
      std::vector<const Member*> members;
      for (const Member& m : collection.members()) members.push_back(&m);
      std::stable_sort(members.begin(), members.end(), [](const Member* a, const Member* b) { return a->key < b->key; });
      for (const Member* m : members) {
        if (iterate(Value::string(m->key, m->key_span), m->value) == Flow::Break) break;
      }
      break;
    }
    case Value::Kind::Int: {
      // Go 1.22: range over an integer n visits 0 .. n-1.
      if (names.size() > 1) fail(node.span, "can't use " + goValueString(collection) + " to iterate over more than one variable");
      for (int64_t i = 0; i < collection.asInt(); ++i) {
        Value index = Value::integer(i);
        if (iterate(index, index) == Flow::Break) break;
      }
      break;
    }
    case Value::Kind::Null:
    case Value::Kind::Unknown: break;  // nothing to visit: the {{else}} branch
    default: fail(node.span, "range can't iterate over " + goValueString(collection));
  }
  Flow flow = Flow::Normal;
  if (!any) flow = walk(node.else_list, dot);
  vars_.erase(vars_.begin() + static_cast<std::ptrdiff_t>(mark), vars_.end());
  leave();
  return flow;
}

// ---- pipelines and commands -------------------------------------------------------

Value TemplateExecutor::evalPipeline(const Pipeline& pipe, const Value& dot, bool declare) {
  enter(pipe.span);
  Value value;
  bool has_value = false;
  for (const Command& cmd : pipe.commands) {
    Value next = evalCommand(cmd, dot, has_value ? &value : nullptr);
    value = std::move(next);
    has_value = true;
  }
  if (declare) {
    for (const std::string& name : pipe.variables) {
      if (pipe.assigns) {
        setVariable(name, value, pipe.span);
      } else {
        vars_.push_back(Variable{name, value});
      }
    }
  }
  leave();
  return value;
}

Value TemplateExecutor::evalCommand(const Command& cmd, const Value& dot, const Value* final) {
  const Operand& first = cmd.args.front();
  bool has_args = cmd.args.size() > 1 || final != nullptr;
  auto notAFunction = [&]() {
    if (has_args) fail(first.span, "can't give argument to non-function " + goValueString(evalOperand(first, dot)));
  };
  switch (first.kind) {
    case Operand::Kind::Field:
      if (has_args) return evalMethodChain(dot, first.fields, first.span, cmd, dot, final, false);
      return evalFields(dot, first.fields, first.span, false, false);
    case Operand::Kind::Function: {
      if (first.fields.empty()) return callFunction(first, cmd.args, 1, dot, final);
      Value v = callFunction(first, {}, 0, dot, nullptr);
      if (has_args) return evalMethodChain(v, first.fields, first.span, cmd, dot, final, v.isNull());
      return evalFields(v, first.fields, first.span, v.isNull(), false);
    }
    case Operand::Kind::Variable: {
      if (first.fields.empty()) {
        if (has_args) fail(first.span, "can't give argument to non-function " + first.name);
        return lookupVariable(first.name, first.span);
      }
      const Value* slot = variableSlot(first.name);
      if (slot == nullptr) return lookupVariable(first.name, first.span);  // fails: undefined
      if (has_args) return evalMethodChain(*slot, first.fields, first.span, cmd, dot, final, slot->isNull());
      return evalFields(*slot, first.fields, first.span, slot->isNull(), false);
    }
    case Operand::Kind::Pipe: {
      if (first.fields.empty()) {
        notAFunction();
        return evalPipeline(*first.pipe, dot, true);
      }
      Value v = evalPipeline(*first.pipe, dot, true);
      if (has_args) return evalMethodChain(v, first.fields, first.span, cmd, dot, final, v.isNull());
      return evalFields(v, first.fields, first.span, v.isNull(), false);
    }
    case Operand::Kind::Nil: fail(first.span, "nil is not a command");
    default: notAFunction(); return evalOperand(first, dot);
  }
}

Value TemplateExecutor::evalOperand(const Operand& op, const Value& dot) {
  switch (op.kind) {
    case Operand::Kind::Field: return evalFields(dot, op.fields, op.span, false, false);
    case Operand::Kind::Variable: {
      const Value* slot = variableSlot(op.name);
      if (slot == nullptr || op.fields.empty()) return lookupVariable(op.name, op.span);
      return evalFields(*slot, op.fields, op.span, slot->isNull(), false);
    }
    case Operand::Kind::Function: {
      Value v = callFunction(op, {}, 0, dot, nullptr);
      return op.fields.empty() ? v : evalFields(v, op.fields, op.span, v.isNull(), false);
    }
    case Operand::Kind::Pipe: {
      Value v = evalPipeline(*op.pipe, dot, true);
      return op.fields.empty() ? v : evalFields(v, op.fields, op.span, v.isNull(), false);
    }
    case Operand::Kind::Dot: return dot;
    case Operand::Kind::Nil: return Value::null();
    case Operand::Kind::Bool: return Value::boolean(op.bool_value);
    case Operand::Kind::Int: return Value::integer(op.int_value);
    case Operand::Kind::Float: return Value::number(op.float_value);
    case Operand::Kind::String: return Value::string(op.name);
  }
  return Value::null();
}

std::optional<Value> TemplateExecutor::tryMethod(const Value& receiver, const std::string& method, std::vector<Value>& args,
                                                const Span& span) {
  if (!options_.methods) return std::nullopt;
  TemplateCall call{*this, method, span, nullptr};
  return options_.methods(call, receiver, method, args);
}

Value TemplateExecutor::evalMethodChain(const Value& root, const std::vector<std::string>& fields, const Span& span,
                                        const Command& cmd, const Value& dot, const Value* final, bool invalid_root) {
  std::vector<std::string> head(fields.begin(), fields.end() - 1);
  Value receiver = evalFields(root, head, span, invalid_root, false);
  const std::string& method = fields.back();
  if (options_.methods && !(receiver.isObject() && receiver.find(method) != nullptr)) {
    std::vector<Value> args;
    for (std::size_t i = 1; i < cmd.args.size(); ++i) args.push_back(evalOperand(cmd.args[i], dot));
    if (final != nullptr) args.push_back(*final);
    if (auto result = tryMethod(receiver, method, args, span)) return std::move(*result);
  }
  return evalFields(receiver, {method}, span, false, true);  // Go's error for arguments to a field
}

const Value* TemplateExecutor::variableSlot(const std::string& name) const {
  if (name == "$" && root_ != nullptr) return root_;
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
    if (it->name == name) return &it->value;
  }
  return nullptr;
}

Value TemplateExecutor::evalFields(const Value& receiver, const std::vector<std::string>& fields, const Span& span,
                                   bool missing, bool has_args) {
  // Walk by pointer and copy only the value reached.
  const Value* current = &receiver;
  static const Value kNull = Value::null();
  std::deque<Value> temporaries;  // method results along the chain (stable addresses)
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string& field = fields[i];
    if (missing) {
      // Go's default: a field of "no value" is "no value".
      if (options_.missing_key == ExecOptions::MissingKey::Error) fail(span, "nil data; no entry for key \"" + field + "\"");
      continue;
    }
    switch (current->kind()) {
      case Value::Kind::Object: {
        if (has_args && i + 1 == fields.size()) fail(span, field + " is not a method but has arguments");
        const Value* found = current->find(field);
        if (found != nullptr) {
          current = found;
          break;
        }
        std::vector<Value> no_args;
        if (auto result = tryMethod(*current, field, no_args, span)) {
          temporaries.push_back(std::move(*result));
          current = &temporaries.back();
          break;
        }
        switch (options_.missing_key) {
          case ExecOptions::MissingKey::Default: missing = true; break;
          case ExecOptions::MissingKey::Zero: current = &kNull; break;
          case ExecOptions::MissingKey::Error: fail(span, "map has no entry for key \"" + field + "\"");
        }
        break;
      }
      case Value::Kind::Null: fail(span, "nil pointer evaluating interface {}." + field);
      case Value::Kind::Unknown: return *current;
      default: {
        std::vector<Value> no_args;
        if (auto result = tryMethod(*current, field, no_args, span)) {
          temporaries.push_back(std::move(*result));
          current = &temporaries.back();
          break;
        }
        fail(span, "can't evaluate field " + field + " in type " + std::string(goTypeName(*current)));
      }
    }
  }
  if (missing) return Value::null();
  if (fields.empty() && has_args) fail(span, "can't give argument to non-function");
  return *current;
}

Value TemplateExecutor::callFunction(const Operand& fn, const std::vector<Operand>& args, std::size_t first,
                                     const Value& dot, const Value* final) {
  std::size_t count = args.size() - std::min(first, args.size()) + (final != nullptr ? 1 : 0);
  if (fn.name == "and" || fn.name == "or") {
    // Go evaluates and/or lazily and returns the deciding operand itself.
    if (count == 0) fail(fn.span, "wrong number of args for " + fn.name + ": want at least 1 got 0");
    bool is_and = fn.name == "and";
    Value v;
    for (std::size_t i = first; i < args.size(); ++i) {
      v = evalOperand(args[i], dot);
      if (templateTruth(v) != is_and) return v;
    }
    if (final != nullptr) return *final;
    return v;
  }
  const TemplateFunction* function = set_.functions().find(fn.name);
  if (function == nullptr) fail(fn.span, "function \"" + fn.name + "\" not defined");
  // `include "x" .` and `include "x" $` hand the running template's data over
  // by reference: copying every chart's whole data for every include is most
  // of a render's time.
  Value* shared_last = nullptr;
  if (final == nullptr && args.size() > first && root_ != nullptr && set_.functions().rendering(fn.name)) {
    const Operand& last = args.back();
    bool is_dot = last.kind == Operand::Kind::Dot && last.fields.empty() && &dot == root_;
    bool is_root = last.kind == Operand::Kind::Variable && last.name == "$" && last.fields.empty();
    if (is_dot || is_root) shared_last = root_;
  }
  std::vector<Value> values;
  values.reserve(count);
  for (std::size_t i = first; i < args.size(); ++i) {
    values.push_back(shared_last != nullptr && i + 1 == args.size() ? Value() : evalOperand(args[i], dot));
  }
  if (final != nullptr) values.push_back(*final);
  TemplateCall call{*this, fn.name, fn.span, shared_last};
  if (propagatesUnknown(fn.name)) {
    for (const Value& v : values) {
      if (v.isUnknown()) return v;  // a string made from an unknown is unknown
    }
  }
  Value result = (*function)(call, values);
  if (!result.span().valid() && !values.empty() && keepsArgumentOrigin(fn.name)) {
    // `.Values.x | quote` still came from values.yaml; so does `include "name" . | quote`
    // when what the include printed is one value.
    Span origin = values.back().span();
    if (!origin.valid() && values.back().isString()) origin = singleValueOrigin(values.back().asString());
    if (origin.valid()) result.setSpan(origin);
  }
  static const std::string_view kMutating[] = {"set", "unset", "merge", "mergeOverwrite", "mustMerge", "mustMergeOverwrite"};
  if (first < args.size() && std::find(std::begin(kMutating), std::end(kMutating), fn.name) != std::end(kMutating)) {
    writeBack(args[first], dot, result);
  }
  return result;
}

void TemplateExecutor::writeBack(const Operand& target, const Value& dot, const Value& result) {
  Value* place = nullptr;
  if (target.kind == Operand::Kind::Variable) {
    if (target.name == "$") {
      place = root_;
    } else {
      for (auto it = vars_.rbegin(); it != vars_.rend() && place == nullptr; ++it) {
        if (it->name == target.name) place = &it->value;
      }
    }
  } else if ((target.kind == Operand::Kind::Dot || target.kind == Operand::Kind::Field) && &dot == root_) {
    place = root_;
  }
  if (place == nullptr) return;
  for (const std::string& field : target.fields) {
    place = place->find(field);
    if (place == nullptr) return;
  }
  *place = result;
}

Value TemplateExecutor::lookupVariable(const std::string& name, const Span& span) {
  if (name == "$" && root_ != nullptr) return *root_;
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
    if (it->name == name) return it->value;
  }
  fail(span, "undefined variable: " + name);
}

void TemplateExecutor::setVariable(const std::string& name, const Value& value, const Span& span) {
  if (name == "$" && root_ != nullptr) {
    *root_ = value;
    return;
  }
  for (auto it = vars_.rbegin(); it != vars_.rend(); ++it) {
    if (it->name == name) {
      it->value = value;
      return;
    }
  }
  fail(span, "undefined variable: " + name);
}

ExecResult executeTemplate(const TemplateSet& set, std::string_view name, const Value& data, const ExecOptions& options) {
  TemplateExecutor executor(set, options);
  return executor.execute(name, data);
}

}  // namespace palisade::helm
