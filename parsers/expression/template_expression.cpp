#include "parsers/expression/template_expression.h"

#include <fmt/format.h>

#include <cctype>
#include <charconv>

namespace palisade {

namespace {

class Parser {
 public:
  Parser(std::string_view text, const Span& span, std::size_t max_depth)
      : text_(text), span_(span), max_depth_(max_depth) {}

  TemplateExpressionResult run() {
    TemplateExpressionResult result;
    std::optional<Expr> e = expression();
    skipSpace();
    if (e && pos_ != text_.size()) fail(fmt::format("unexpected '{}'", text_[pos_]));
    if (!error_.empty()) {
      result.over_limit = over_limit_;
      result.error = over_limit_ ? fmt::format("not analysed: the template expression nests deeper than {} levels", max_depth_)
                                 : fmt::format("invalid template expression at character {}: {}", pos_ + 1, error_);
      return result;
    }
    result.expr = std::move(e);
    return result;
  }

 private:
  void fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
  }
  void skipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }
  bool accept(char c) {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::optional<Expr> expression() {
    if (++depth_ > max_depth_) {
      if (error_.empty()) over_limit_ = true;
      fail("expression nesting exceeds the depth limit");
      return std::nullopt;
    }
    std::optional<Expr> e = primary();
    while (e && error_.empty()) {
      skipSpace();
      if (accept('.')) {
        skipSpace();
        std::size_t start = pos_;
        while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                                       text_[pos_] == '$')) {
          ++pos_;
        }
        if (start == pos_) {
          fail("expected a property name after '.'");
          break;
        }
        Expr member;
        member.kind = Expr::Kind::Member;
        member.span = span_;
        member.name = std::string(text_.substr(start, pos_ - start));
        member.children.push_back(std::move(*e));
        e = std::move(member);
      } else if (accept('[')) {
        std::optional<Expr> index = expression();
        if (!index || !accept(']')) {
          fail("expected ']'");
          break;
        }
        Expr indexed;
        indexed.kind = Expr::Kind::Index;
        indexed.span = span_;
        indexed.children.push_back(std::move(*e));
        indexed.children.push_back(std::move(*index));
        e = std::move(indexed);
      } else {
        break;
      }
    }
    --depth_;
    if (!error_.empty()) return std::nullopt;
    return e;
  }

  std::optional<Expr> primary() {
    skipSpace();
    if (pos_ >= text_.size()) {
      fail("unexpected end of expression");
      return std::nullopt;
    }
    char c = text_[pos_];
    if (c == '\'') {
      ++pos_;
      std::string s;
      while (true) {
        if (pos_ >= text_.size()) {
          fail("unterminated string");
          return std::nullopt;
        }
        if (text_[pos_] == '\'') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '\'') {
            s.push_back('\'');
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        s.push_back(text_[pos_++]);
      }
      return Expr::makeLiteral(Value::string(std::move(s)), span_);
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
      std::size_t start = pos_++;
      while (pos_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '.')) ++pos_;
      std::string_view number = text_.substr(start, pos_ - start);
      int64_t n = 0;
      auto [p, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
      if (ec == std::errc() && p == number.data() + number.size()) return Expr::makeLiteral(Value::integer(n), span_);
      return Expr::makeLiteral(Value::number(std::strtod(std::string(number).c_str(), nullptr)), span_);
    }
    if (std::isalpha(static_cast<unsigned char>(c)) || c == '_') {
      std::size_t start = pos_;
      while (pos_ < text_.size() && (std::isalnum(static_cast<unsigned char>(text_[pos_])) || text_[pos_] == '_' ||
                                     text_[pos_] == '.')) {
        ++pos_;
      }
      std::string name(text_.substr(start, pos_ - start));
      // A user-defined function is `namespace.name(...)`.
      if (!accept('(')) {
        fail(fmt::format("expected '(' after '{}'", name));
        return std::nullopt;
      }
      Expr call;
      call.kind = Expr::Kind::Call;
      call.span = span_;
      call.name = std::move(name);
      if (!accept(')')) {
        while (true) {
          std::optional<Expr> a = expression();
          if (!a) return std::nullopt;
          call.children.push_back(std::move(*a));
          if (accept(',')) continue;
          if (accept(')')) break;
          fail("expected ',' or ')'");
          return std::nullopt;
        }
      }
      return lambdaForm(std::move(call));
    }
    fail(fmt::format("unexpected '{}'", c));
    return std::nullopt;
  }

  // ARM spells lambdas as `lambda('x', body)` and their variables as `lambdaVariables('x')`.
  Expr lambdaForm(Expr call) {
    auto literalString = [](const Expr& e) { return e.kind == Expr::Kind::Literal && e.literal.isString(); };
    if (call.name == "lambdaVariables" && call.children.size() == 1 && literalString(call.children[0])) {
      Expr id;
      id.kind = Expr::Kind::Identifier;
      id.span = span_;
      id.name = call.children[0].literal.asString();
      return id;
    }
    if (call.name == "lambda" && !call.children.empty()) {
      Expr lambda;
      lambda.kind = Expr::Kind::Lambda;
      lambda.span = span_;
      for (std::size_t i = 0; i + 1 < call.children.size(); ++i) {
        if (!literalString(call.children[i])) return call;
        lambda.keys.push_back(call.children[i].literal.asString());
      }
      lambda.children.push_back(std::move(call.children.back()));
      return lambda;
    }
    return call;
  }

  std::string_view text_;
  Span span_;
  std::size_t max_depth_;
  std::size_t pos_ = 0;
  std::size_t depth_ = 0;
  std::string error_;
  bool over_limit_ = false;
};

}  // namespace

bool isTemplateExpression(std::string_view text) {
  return text.size() >= 2 && text.front() == '[' && text.back() == ']' && text[1] != '[';
}

std::string unescapeTemplateLiteral(std::string_view text) {
  if (text.size() >= 2 && text[0] == '[' && text[1] == '[') return std::string(text.substr(1));
  return std::string(text);
}

TemplateExpressionResult parseTemplateExpression(std::string_view text, const Span& span, std::size_t max_depth) {
  std::string_view inner = text;
  if (isTemplateExpression(text)) inner = text.substr(1, text.size() - 2);
  return Parser(inner, span, max_depth).run();
}

}  // namespace palisade
