#include "parsers/helm/template_parser.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>

#include "parsers/helm/template_lexer.h"

namespace palisade::helm {

namespace {

using Type = TemplateToken::Type;

// Unwinds the parser to its entry point on the first error (Go's parser
// panics and recovers the same way); never escapes parseTemplate.
struct ParseStop {};

bool isControlKeyword(std::string_view word) {
  return word == "if" || word == "else" || word == "end" || word == "range" || word == "with" || word == "define" ||
         word == "template" || word == "block" || word == "break" || word == "continue";
}

// Go's rule for number literals in templates: a float when written with a
// '.', an exponent or a 'p' (and not a hex integer), otherwise an int.
bool parseTemplateNumber(const std::string& written, Operand& out) {
  std::string text;
  for (char c : written) {
    if (c != '_') text.push_back(c);
  }
  bool negative = !text.empty() && text[0] == '-';
  std::string body = !text.empty() && (text[0] == '-' || text[0] == '+') ? text.substr(1) : text;
  bool hex = body.size() > 1 && body[0] == '0' && (body[1] == 'x' || body[1] == 'X');
  bool is_float = hex ? body.find_first_of("pP") != std::string::npos : body.find_first_of(".eE") != std::string::npos;
  if (is_float) {
    errno = 0;
    char* end = nullptr;
    double d = std::strtod(text.c_str(), &end);
    if (end == text.c_str() || *end != '\0' || errno == ERANGE) return false;
    out.kind = Operand::Kind::Float;
    out.float_value = d;
    return true;
  }
  int base = 10;
  std::string digits = body;
  if (body.size() > 1 && body[0] == '0') {
    char p = body[1];
    if (p == 'x' || p == 'X') {
      base = 16;
      digits = body.substr(2);
    } else if (p == 'o' || p == 'O') {
      base = 8;
      digits = body.substr(2);
    } else if (p == 'b' || p == 'B') {
      base = 2;
      digits = body.substr(2);
    } else {
      base = 8;  // a leading 0 is octal, as in Go
      digits = body.substr(1);
    }
  }
  if (digits.empty()) return false;
  errno = 0;
  char* end = nullptr;
  unsigned long long magnitude = std::strtoull(digits.c_str(), &end, base);
  if (*end != '\0' || errno == ERANGE) return false;
  if (magnitude > (negative ? 9223372036854775808ULL : 9223372036854775807ULL)) return false;
  out.kind = Operand::Kind::Int;
  out.int_value = negative ? static_cast<int64_t>(0ULL - magnitude) : static_cast<int64_t>(magnitude);
  return true;
}

class TemplateParser {
 public:
  TemplateParser(const SourceFilePtr& file, const std::string& name, const std::function<bool(std::string_view)>& is_function)
      : file_(file), name_(name), is_function_(is_function) {}

  TemplateParseResult run() {
    TemplateParseResult result;
    TemplateLexResult lexed = lexTemplate(file_->text());
    tokens_ = std::move(lexed.tokens);
    lex_error_ = lexed.error;
    try {
      TemplateDefinition top;
      top.name = name_;
      top.file = file_;
      top.span = spanOf(0, 0);
      definitions_.clear();
      parseTop(top.body);
      if (lexed.error) {
        // Everything before the lexical error parsed; the error is the first problem.
        throw error(lexed.error->first, lexed.error->second);
      }
      result.templates.push_back(std::move(top));
      for (auto& d : definitions_) result.templates.push_back(std::move(d));
    } catch (const ParseStop&) {
      result.templates.clear();
      result.error = error_;
    }
    return result;
  }

 private:
  // ---- tokens and errors -------------------------------------------------
  Span spanOf(uint32_t begin, uint32_t end) const {
    Span s = file_->pointAt(begin);
    s.end = std::max(begin, end);
    auto [line, column] = file_->lineColumnOf(s.end);
    s.stop = {line, column};
    return s;
  }
  ParseStop error(uint32_t at, std::string message) {
    if (atEnd() && lex_error_) {
      // The tokens ran out at a lexical error: that error is the cause.
      at = lex_error_->first;
      message = lex_error_->second;
    }
    error_.span = spanOf(at, at);
    error_.message = std::move(message);
    return ParseStop{};
  }
  bool atEnd() const { return index_ >= tokens_.size(); }
  const TemplateToken& peek() {
    if (atEnd()) throw error(static_cast<uint32_t>(file_->text().size()), "unexpected EOF");
    return tokens_[index_];
  }
  const TemplateToken& next() {
    const TemplateToken& t = peek();
    ++index_;
    return t;
  }
  static std::string describe(const TemplateToken& t) {
    switch (t.type) {
      case Type::RightDelim: return "\"}}\"";
      case Type::String: return "quoted string";
      case Type::Text: return "text";
      default: return "\"" + t.value + "\"";
    }
  }
  const TemplateToken& expect(Type type, const char* context) {
    const TemplateToken& t = next();
    if (t.type != type) throw error(t.begin, "unexpected " + describe(t) + " in " + context);
    return t;
  }
  bool peekKeyword(std::string_view word) {
    return !atEnd() && tokens_[index_].type == Type::Identifier && tokens_[index_].value == word;
  }
  void enter(uint32_t at) {
    if (++depth_ > kMaxTemplateNesting) {
      throw error(at, "template nesting deeper than " + std::to_string(kMaxTemplateNesting) + " levels");
    }
  }

  // ---- lists and actions -------------------------------------------------
  enum class Stop { End, Else, Eof };

  std::unique_ptr<Node> textNode(const TemplateToken& t) {
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::Text;
    node->span = spanOf(t.begin, t.end);
    node->text = t.value;
    return node;
  }

  void parseTop(NodeList& list) {
    while (!atEnd()) {
      const TemplateToken& t = next();
      if (t.type == Type::Text) {
        list.push_back(textNode(t));
        continue;
      }
      uint32_t open = t.begin;
      if (peekKeyword("define")) {
        ++index_;
        parseDefine(open);
        continue;
      }
      Stop stop = Stop::Eof;
      auto node = parseAction(open, stop);
      if (stop == Stop::End) throw error(open, "unexpected {{end}}");
      if (stop == Stop::Else) throw error(open, "unexpected {{else}}");
      if (node) list.push_back(std::move(node));
    }
  }

  // Nodes until {{end}} or {{else}} (consumed up to the keyword).
  Stop parseList(NodeList& list, uint32_t& stop_at) {
    while (!atEnd()) {
      const TemplateToken& t = next();
      if (t.type == Type::Text) {
        list.push_back(textNode(t));
        continue;
      }
      uint32_t open = t.begin;
      if (peekKeyword("define")) throw error(open, "unexpected define: not at top level");
      Stop stop = Stop::Eof;
      auto node = parseAction(open, stop);
      if (stop != Stop::Eof) {
        stop_at = open;
        return stop;
      }
      if (node) list.push_back(std::move(node));
    }
    return Stop::Eof;
  }

  // After `{{`; `stop` is set for {{end}} and {{else}}.
  std::unique_ptr<Node> parseAction(uint32_t open, Stop& stop) {
    const TemplateToken& first = peek();
    if (first.type == Type::Identifier && isControlKeyword(first.value)) {
      std::string word = first.value;
      ++index_;
      if (word == "end") {
        expect(Type::RightDelim, "end");
        stop = Stop::End;
        return nullptr;
      }
      if (word == "else") {
        stop = Stop::Else;  // the caller reads what follows: }}, if, with
        return nullptr;
      }
      if (word == "if") return parseControl(Node::Kind::If, open);
      if (word == "range") return parseControl(Node::Kind::Range, open);
      if (word == "with") return parseControl(Node::Kind::With, open);
      if (word == "template" || word == "block") return parseTemplateCall(open, word == "block");
      if (word == "break" || word == "continue") {
        if (range_depth_ == 0) throw error(open, "{{" + word + "}} outside {{range}}");
        const TemplateToken& close = expect(Type::RightDelim, word.c_str());
        auto node = std::make_unique<Node>();
        node->kind = word == "break" ? Node::Kind::Break : Node::Kind::Continue;
        node->span = spanOf(open, close.end);
        return node;
      }
      throw error(open, "unexpected " + word);  // define, handled by the callers
    }
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::Action;
    node->pipe = parsePipeline("command", Type::RightDelim, open);
    node->span = spanOf(open, tokens_[index_ - 1].end);
    return node;
  }

  std::unique_ptr<Node> parseControl(Node::Kind kind, uint32_t open) {
    enter(open);
    const char* context = kind == Node::Kind::If ? "if" : kind == Node::Kind::Range ? "range" : "with";
    std::size_t vars_before = vars_.size();
    auto node = std::make_unique<Node>();
    node->kind = kind;
    node->pipe = parsePipeline(context, Type::RightDelim, open);
    node->span = spanOf(open, tokens_[index_ - 1].end);
    if (kind == Node::Kind::Range) ++range_depth_;
    uint32_t stop_at = open;
    Stop stop = parseList(node->list, stop_at);
    if (kind == Node::Kind::Range) --range_depth_;
    if (stop == Stop::Eof) throw error(open, std::string("unexpected EOF: {{") + context + "}} has no {{end}}");
    if (stop == Stop::Else) {
      bool chained = (kind == Node::Kind::If && peekKeyword("if")) || (kind == Node::Kind::With && peekKeyword("with"));
      if (chained) {
        // {{else if}} / {{else with}}: a nested control that shares the {{end}}.
        ++index_;
        node->else_list.push_back(parseControl(kind, stop_at));
      } else {
        expect(Type::RightDelim, "else");
        uint32_t end_at = stop_at;
        Stop second = parseList(node->else_list, end_at);
        if (second == Stop::Eof) throw error(open, std::string("unexpected EOF: {{") + context + "}} has no {{end}}");
        if (second == Stop::Else) throw error(end_at, std::string("expected end; found {{else}} (a second else in {{") + context + "}})");
      }
    }
    vars_.resize(vars_before);
    --depth_;
    return node;
  }

  std::string templateName(const char* context) {
    const TemplateToken& t = next();
    if (t.type != Type::String) throw error(t.begin, std::string("unexpected ") + describe(t) + " in " + context + ": a template name is a quoted string");
    return t.value;
  }

  void parseDefine(uint32_t open) {
    TemplateDefinition def;
    def.name = templateName("define clause");
    def.file = file_;
    expect(Type::RightDelim, "define clause");
    def.span = spanOf(open, tokens_[index_ - 1].end);
    parseDefinitionBody(std::move(def), open, "define");
  }

  // The body of a define or block, up to its {{end}}, with only `$` in scope.
  void parseDefinitionBody(TemplateDefinition def, uint32_t open, const std::string& what) {
    std::vector<std::string> saved = std::move(vars_);
    vars_ = {"$"};
    uint32_t stop_at = open;
    Stop stop = parseList(def.body, stop_at);
    if (stop == Stop::Eof) throw error(open, "unexpected EOF: {{" + what + "}} has no {{end}}");
    if (stop == Stop::Else) throw error(stop_at, "unexpected {{else}} in {{" + what + "}}");
    vars_ = std::move(saved);
    definitions_.push_back(std::move(def));
  }

  std::unique_ptr<Node> parseTemplateCall(uint32_t open, bool block) {
    const char* context = block ? "block clause" : "template clause";
    auto node = std::make_unique<Node>();
    node->kind = Node::Kind::Template;
    node->text = templateName(context);
    if (!atEnd() && peek().type == Type::RightDelim) {
      ++index_;
    } else {
      node->pipe = parsePipeline(context, Type::RightDelim, open);
    }
    node->span = spanOf(open, tokens_[index_ - 1].end);
    if (block) {
      TemplateDefinition def;
      def.name = node->text;
      def.file = file_;
      def.span = node->span;
      parseDefinitionBody(std::move(def), open, "block");
    }
    return node;
  }

  // ---- pipelines -----------------------------------------------------------
  std::shared_ptr<const Pipeline> parsePipeline(const char* context, Type end, uint32_t open) {
    enter(open);
    auto pipe = std::make_shared<Pipeline>();
    uint32_t begin = atEnd() ? open : peek().begin;
    // Declarations: `$x :=`, `$x =`, and in range `$i, $v :=`.
    std::size_t save = index_;
    std::vector<std::string> declared;
    while (!atEnd() && peek().type == Type::Variable) {
      const TemplateToken& v = next();
      if (atEnd()) break;
      const TemplateToken& after = peek();
      if (after.type == Type::Declare || after.type == Type::Assign) {
        ++index_;
        declared.push_back(v.value);
        pipe->assigns = after.type == Type::Assign;
        if (pipe->assigns) {
          for (const auto& name : declared) {
            if (std::find(vars_.begin(), vars_.end(), name) == vars_.end()) throw error(v.begin, "undefined variable \"" + name + "\"");
          }
        }
        break;
      }
      if (after.type == Type::Comma && std::string_view(context) == "range" && declared.empty()) {
        ++index_;
        declared.push_back(v.value);
        continue;
      }
      if (after.type == Type::Comma) throw error(after.begin, std::string("too many declarations in ") + context);
      if (!declared.empty()) throw error(v.begin, "range can only initialize variables");
      index_ = save;  // not a declaration: `$x` is the first operand
      break;
    }
    pipe->variables = declared;
    while (true) {
      if (atEnd()) throw error(open, "unclosed action");
      if (peek().type == end) {
        const TemplateToken& close = next();
        if (pipe->commands.empty()) throw error(close.begin, std::string("missing value for ") + context);
        pipe->span = spanOf(begin, close.begin);
        break;
      }
      pipe->commands.push_back(parseCommand(end));
    }
    for (std::size_t i = 1; i < pipe->commands.size(); ++i) {
      Operand::Kind k = pipe->commands[i].args.front().kind;
      if (k == Operand::Kind::Bool || k == Operand::Kind::Dot || k == Operand::Kind::Nil || k == Operand::Kind::Int ||
          k == Operand::Kind::Float || k == Operand::Kind::String) {
        throw error(pipe->commands[i].span.begin, "non executable command in pipeline stage " + std::to_string(i + 1));
      }
    }
    if (!pipe->assigns) {
      for (const auto& name : declared) vars_.push_back(name);
    }
    --depth_;
    return pipe;
  }

  Command parseCommand(Type end) {
    Command cmd;
    uint32_t begin = peek().begin;
    while (true) {
      cmd.args.push_back(parseOperand());
      if (atEnd()) throw error(begin, "unclosed action");
      const TemplateToken& t = peek();
      if (t.type == end) break;
      if (t.type == Type::Pipe) {
        ++index_;
        if (!atEnd() && peek().type == end) throw error(t.begin, "missing command after |");
        break;
      }
      if (t.type == Type::RightDelim || t.type == Type::RightParen) throw error(t.begin, "unexpected " + describe(t) + " in operand");
      if (!t.space_before) throw error(t.begin, "unexpected " + describe(t) + " in operand");
    }
    cmd.span = spanOf(begin, tokens_[index_ - 1].end);
    return cmd;
  }

  Operand parseOperand() {
    const TemplateToken& t = next();
    Operand op;
    op.span = spanOf(t.begin, t.end);
    switch (t.type) {
      case Type::Field:
        op.kind = Operand::Kind::Field;
        op.fields.push_back(t.value);
        break;
      case Type::Variable:
        if (std::find(vars_.begin(), vars_.end(), t.value) == vars_.end()) throw error(t.begin, "undefined variable \"" + t.value + "\"");
        op.kind = Operand::Kind::Variable;
        op.name = t.value;
        break;
      case Type::Identifier:
        if (isControlKeyword(t.value)) throw error(t.begin, "unexpected \"" + t.value + "\" in operand");
        if (!is_function_(t.value)) throw error(t.begin, "function \"" + t.value + "\" not defined");
        op.kind = Operand::Kind::Function;
        op.name = t.value;
        break;
      case Type::Dot: op.kind = Operand::Kind::Dot; break;
      case Type::Nil: op.kind = Operand::Kind::Nil; break;
      case Type::Bool:
        op.kind = Operand::Kind::Bool;
        op.bool_value = t.value == "true";
        break;
      case Type::Number:
        if (!parseTemplateNumber(t.value, op)) throw error(t.begin, "bad number syntax or overflow: " + t.value);
        break;
      case Type::Char:
        op.kind = Operand::Kind::Int;
        op.int_value = std::stoll(t.value);
        break;
      case Type::String:
        op.kind = Operand::Kind::String;
        op.name = t.value;
        break;
      case Type::LeftParen:
        op.kind = Operand::Kind::Pipe;
        op.pipe = parsePipeline("parenthesized pipeline", Type::RightParen, t.begin);
        break;
      default: throw error(t.begin, "unexpected " + describe(t) + " in operand");
    }
    while (!atEnd() && tokens_[index_].type == Type::Field && !tokens_[index_].space_before) {
      const TemplateToken& f = next();
      switch (op.kind) {
        case Operand::Kind::Field:
        case Operand::Kind::Variable:
        case Operand::Kind::Function:
        case Operand::Kind::Pipe: op.fields.push_back(f.value); break;
        default: throw error(f.begin, "unexpected . after term \"" + t.value + "\"");
      }
    }
    op.span = spanOf(t.begin, tokens_[index_ - 1].end);
    return op;
  }

  const SourceFilePtr& file_;
  const std::string& name_;
  const std::function<bool(std::string_view)>& is_function_;
  std::vector<TemplateToken> tokens_;
  std::optional<std::pair<uint32_t, std::string>> lex_error_;
  std::size_t index_ = 0;
  std::vector<std::string> vars_ = {"$"};
  std::vector<TemplateDefinition> definitions_;
  int depth_ = 0;
  int range_depth_ = 0;
  TemplateError error_;
};

}  // namespace

TemplateParseResult parseTemplate(const SourceFilePtr& file, const std::string& name,
                                  const std::function<bool(std::string_view)>& is_function) {
  return TemplateParser(file, name, is_function).run();
}

}  // namespace palisade::helm
