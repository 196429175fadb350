#include "parsers/calico/selector.h"

#include <algorithm>
#include <functional>

namespace palisade::calico {

namespace {

// ---------------------------------------------------------------- tokenizer

enum class Tok : uint8_t {
  LParen,
  RParen,
  String,
  LBrace,
  RBrace,
  Comma,
  Equal,
  NotEqual,
  In,
  NotIn,
  Not,
  Contains,
  StartsWith,
  EndsWith,
  All,
  Global,
  Has,
  Label,
  And,
  Or,
  End,
};

struct Token {
  Tok kind = Tok::End;
  std::string text;  // label name, string value, has() label
  uint32_t begin = 0;
  uint32_t end = 0;
};

bool isBlank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

bool isLabelChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '/' || c == '-';
}

std::string_view describe(Tok kind) {
  switch (kind) {
    case Tok::LParen: return "'('";
    case Tok::RParen: return "')'";
    case Tok::String: return "a string";
    case Tok::LBrace: return "'{'";
    case Tok::RBrace: return "'}'";
    case Tok::Comma: return "','";
    case Tok::Equal: return "'=='";
    case Tok::NotEqual: return "'!='";
    case Tok::In: return "'in'";
    case Tok::NotIn: return "'not in'";
    case Tok::Not: return "'!'";
    case Tok::Contains: return "'contains'";
    case Tok::StartsWith: return "'starts with'";
    case Tok::EndsWith: return "'ends with'";
    case Tok::All: return "'all()'";
    case Tok::Global: return "'global()'";
    case Tok::Has: return "'has()'";
    case Tok::Label: return "a label";
    case Tok::And: return "'&&'";
    case Tok::Or: return "'||'";
    case Tok::End: return "the end of the selector";
  }
  return "a token";
}

class Tokenizer {
 public:
  explicit Tokenizer(std::string_view text) : text_(text) {}

  // Fills `out`; returns an error on the first character it cannot read.
  std::optional<SelectorError> run(std::vector<Token>& out) {
    while (true) {
      skipBlanks();
      if (pos_ >= text_.size()) {
        out.push_back({Tok::End, {}, pos(), pos()});
        return std::nullopt;
      }
      const uint32_t start = pos();
      const bool after_label = !out.empty() && out.back().kind == Tok::Label;
      const char c = text_[pos_];
      switch (c) {
        case '(': out.push_back(single(Tok::LParen)); continue;
        case ')': out.push_back(single(Tok::RParen)); continue;
        case '{': out.push_back(single(Tok::LBrace)); continue;
        case '}': out.push_back(single(Tok::RBrace)); continue;
        case ',': out.push_back(single(Tok::Comma)); continue;
        case '"':
        case '\'': {
          const std::size_t close = text_.find(c, pos_ + 1);
          if (close == std::string_view::npos) {
            return SelectorError{start, std::string("unterminated string: no closing ") + c};
          }
          out.push_back({Tok::String, std::string(text_.substr(pos_ + 1, close - pos_ - 1)), start,
                         static_cast<uint32_t>(close + 1)});
          pos_ = close + 1;
          continue;
        }
        case '=':
          if (peek(1) == '=') {
            out.push_back(pair(Tok::Equal));
            continue;
          }
          return SelectorError{start, "expected '==' (a single '=' is not an operator)"};
        case '!':
          if (peek(1) == '=') {
            out.push_back(pair(Tok::NotEqual));
          } else {
            out.push_back(single(Tok::Not));
          }
          continue;
        case '&':
          if (peek(1) == '&') {
            out.push_back(pair(Tok::And));
            continue;
          }
          return SelectorError{start, "expected '&&'"};
        case '|':
          if (peek(1) == '|') {
            out.push_back(pair(Tok::Or));
            continue;
          }
          return SelectorError{start, "expected '||'"};
        default: break;
      }
      if (after_label) {
        if (auto error = readOperator(out, out.back().text)) return error;
        continue;
      }
      if (rest().starts_with("has(")) {
        pos_ += 4;
        skipBlanks();
        const std::string_view label = identifier();
        if (label.empty()) return SelectorError{pos(), "no label name in has( expression"};
        pos_ += label.size();
        skipBlanks();
        if (peek(0) != ')') return SelectorError{pos(), "no closing ')' after has(" + std::string(label)};
        ++pos_;
        out.push_back({Tok::Has, std::string(label), start, pos()});
        continue;
      }
      if (rest().starts_with("all(") || rest().starts_with("global(")) {
        const bool all = rest().starts_with("all(");
        pos_ += all ? 4 : 7;
        skipBlanks();
        if (peek(0) != ')') return SelectorError{pos(), all ? "no closing ')' after all(" : "no closing ')' after global("};
        ++pos_;
        out.push_back({all ? Tok::All : Tok::Global, {}, start, pos()});
        continue;
      }
      const std::string_view label = identifier();
      if (label.empty()) {
        return SelectorError{start, "unexpected character '" + std::string(1, c) + "'"};
      }
      pos_ += label.size();
      out.push_back({Tok::Label, std::string(label), start, pos()});
    }
  }

 private:
  uint32_t pos() const { return static_cast<uint32_t>(pos_); }
  std::string_view rest() const { return text_.substr(pos_); }
  char peek(std::size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }
  void skipBlanks() {
    while (pos_ < text_.size() && isBlank(text_[pos_])) ++pos_;
  }
  Token single(Tok kind) {
    Token t{kind, {}, pos(), pos() + 1};
    ++pos_;
    return t;
  }
  Token pair(Tok kind) {
    Token t{kind, {}, pos(), pos() + 2};
    pos_ += 2;
    return t;
  }
  std::string_view identifier() const {
    std::size_t n = 0;
    while (pos_ + n < text_.size() && isLabelChar(text_[pos_ + n])) ++n;
    return text_.substr(pos_, n);
  }

  // After a label only an operator word may follow; Calico matches them as prefixes.
  std::optional<SelectorError> readOperator(std::vector<Token>& out, const std::string& label) {
    const uint32_t start = pos();
    const auto expectWith = [&](std::size_t skip, Tok kind) -> std::optional<SelectorError> {
      pos_ += skip;
      skipBlanks();
      if (!rest().starts_with("with")) return SelectorError{start, "expected 'with' after '" + std::string(text_.substr(start, skip)) + "'"};
      pos_ += 4;
      out.push_back({kind, {}, start, pos()});
      return std::nullopt;
    };
    if (rest().starts_with("contains")) {
      pos_ += 8;
      out.push_back({Tok::Contains, {}, start, pos()});
      return std::nullopt;
    }
    if (rest().starts_with("starts")) return expectWith(6, Tok::StartsWith);
    if (rest().starts_with("ends")) return expectWith(4, Tok::EndsWith);
    if (rest().starts_with("not")) {
      pos_ += 3;
      skipBlanks();
      if (!rest().starts_with("in")) return SelectorError{start, "expected 'in' after 'not'"};
      pos_ += 2;
      out.push_back({Tok::NotIn, {}, start, pos()});
      return std::nullopt;
    }
    if (rest().starts_with("in")) {
      pos_ += 2;
      out.push_back({Tok::In, {}, start, pos()});
      return std::nullopt;
    }
    return SelectorError{start, "expected an operator (==, !=, in, not in, contains, starts with, ends with) after label '" +
                                    label + "'"};
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

// ------------------------------------------------------------------- parser

class Parser {
 public:
  explicit Parser(const std::vector<Token>& tokens) : tokens_(tokens) {}

  std::optional<SelectorError> parseRoot(SelectorNode& out) {
    if (tokens_.front().kind == Tok::End) {
      out = selectAll();
      return std::nullopt;
    }
    if (auto error = parseOr(out, 0)) return error;
    if (current().kind != Tok::End) {
      return SelectorError{current().begin, "unexpected " + std::string(describe(current().kind)) +
                                                " after a complete expression (missing && or ||?)"};
    }
    return std::nullopt;
  }

 private:
  const Token& current() const { return tokens_[index_]; }
  void advance() {
    if (tokens_[index_].kind != Tok::End) ++index_;
  }

  std::optional<SelectorError> parseOr(SelectorNode& out, std::size_t depth) {
    std::vector<SelectorNode> operands(1);
    if (auto error = parseAnd(operands.back(), depth)) return error;
    while (current().kind == Tok::Or) {
      advance();
      operands.emplace_back();
      if (auto error = parseAnd(operands.back(), depth)) return error;
    }
    out = join(SelectorNode::Kind::Or, std::move(operands));
    return std::nullopt;
  }

  std::optional<SelectorError> parseAnd(SelectorNode& out, std::size_t depth) {
    std::vector<SelectorNode> operands(1);
    if (auto error = parseOperation(operands.back(), depth)) return error;
    while (current().kind == Tok::And) {
      advance();
      operands.emplace_back();
      if (auto error = parseOperation(operands.back(), depth)) return error;
    }
    out = join(SelectorNode::Kind::And, std::move(operands));
    return std::nullopt;
  }

  static SelectorNode join(SelectorNode::Kind kind, std::vector<SelectorNode> operands) {
    if (operands.size() == 1) return std::move(operands.front());
    SelectorNode node;
    node.kind = kind;
    node.begin = operands.front().begin;
    node.end = operands.back().end;
    node.children = std::move(operands);
    return node;
  }

  std::optional<SelectorError> parseOperation(SelectorNode& out, std::size_t depth) {
    const uint32_t start = current().begin;
    bool negated = false;
    while (current().kind == Tok::Not) {
      negated = !negated;
      advance();
    }
    SelectorNode node;
    const Token& token = current();
    switch (token.kind) {
      case Tok::Has:
        node.kind = SelectorNode::Kind::Has;
        node.label = token.text;
        node.begin = token.begin;
        node.end = token.end;
        advance();
        break;
      case Tok::All:
      case Tok::Global:
        node.kind = token.kind == Tok::All ? SelectorNode::Kind::All : SelectorNode::Kind::Global;
        node.begin = token.begin;
        node.end = token.end;
        advance();
        break;
      case Tok::Label:
        if (auto error = parseComparison(node)) return error;
        break;
      case Tok::LParen: {
        if (depth + 1 > kMaxSelectorDepth) {
          return SelectorError{token.begin, "selector nests deeper than " + std::to_string(kMaxSelectorDepth) + " levels",
                               true};
        }
        const uint32_t open = token.begin;
        advance();
        if (auto error = parseOr(node, depth + 1)) return error;
        if (current().kind != Tok::RParen) {
          return SelectorError{current().begin, "expected ')' to close the '(' at character " + std::to_string(open + 1) +
                                                    ", found " + std::string(describe(current().kind))};
        }
        node.begin = open;
        node.end = current().end;
        advance();
        break;
      }
      default:
        return SelectorError{token.begin, "expected an expression (a label comparison, has(), all() or '('), found " +
                                              std::string(describe(token.kind))};
    }
    if (negated) {
      node = negation(std::move(node));
      node.begin = start;
    }
    out = std::move(node);
    return std::nullopt;
  }

  std::optional<SelectorError> parseComparison(SelectorNode& node) {
    const Token& label = current();
    node.label = label.text;
    node.begin = label.begin;
    advance();
    const Token& op = current();
    using K = SelectorNode::Kind;
    switch (op.kind) {
      case Tok::Equal:
      case Tok::NotEqual:
      case Tok::Contains:
      case Tok::StartsWith:
      case Tok::EndsWith: {
        node.kind = op.kind == Tok::Equal        ? K::Equal
                    : op.kind == Tok::NotEqual   ? K::NotEqual
                    : op.kind == Tok::Contains   ? K::Contains
                    : op.kind == Tok::StartsWith ? K::StartsWith
                                                 : K::EndsWith;
        advance();
        if (current().kind != Tok::String) {
          return SelectorError{current().begin, "expected a quoted string after " + std::string(describe(op.kind)) +
                                                    ", found " + std::string(describe(current().kind))};
        }
        node.value = current().text;
        node.end = current().end;
        advance();
        return std::nullopt;
      }
      case Tok::In:
      case Tok::NotIn: {
        node.kind = op.kind == Tok::In ? K::In : K::NotIn;
        advance();
        if (current().kind != Tok::LBrace) {
          return SelectorError{current().begin, "expected a set literal '{...}' after " +
                                                    std::string(describe(op.kind))};
        }
        advance();
        while (current().kind == Tok::String) {
          node.values.push_back(current().text);
          advance();
          if (current().kind != Tok::Comma) break;
          advance();
        }
        if (current().kind != Tok::RBrace) {
          return SelectorError{current().begin, "expected '}' or a quoted string in the set, found " +
                                                    std::string(describe(current().kind))};
        }
        node.end = current().end;
        advance();
        std::sort(node.values.begin(), node.values.end());
        node.values.erase(std::unique(node.values.begin(), node.values.end()), node.values.end());
        return std::nullopt;
      }
      default:
        return SelectorError{op.begin, "expected an operator after label '" + label.text + "', found " +
                                           std::string(describe(op.kind))};
    }
  }

  const std::vector<Token>& tokens_;
  std::size_t index_ = 0;
};

// --------------------------------------------------------------- canonical

void appendQuoted(std::string& out, const std::string& value) {
  const char quote = value.find('"') == std::string::npos ? '"' : '\'';
  out.push_back(quote);
  out += value;
  out.push_back(quote);
}

void appendCanonical(std::string& out, const SelectorNode& node) {
  using K = SelectorNode::Kind;
  switch (node.kind) {
    case K::All: out += "all()"; return;
    case K::Global: out += "global()"; return;
    case K::Has: out += "has(" + node.label + ")"; return;
    case K::Equal:
    case K::NotEqual:
    case K::Contains:
    case K::StartsWith:
    case K::EndsWith:
      out += node.label;
      out += node.kind == K::Equal        ? " == "
             : node.kind == K::NotEqual   ? " != "
             : node.kind == K::Contains   ? " contains "
             : node.kind == K::StartsWith ? " starts with "
                                          : " ends with ";
      appendQuoted(out, node.value);
      return;
    case K::In:
    case K::NotIn: {
      out += node.label;
      out += node.kind == K::In ? " in {" : " not in {";
      bool first = true;
      for (const std::string& v : node.values) {
        if (!first) out += ", ";
        first = false;
        appendQuoted(out, v);
      }
      out += "}";
      return;
    }
    case K::Not:
      out += "!";
      appendCanonical(out, node.children.front());
      return;
    case K::And:
    case K::Or: {
      out += "(";
      bool first = true;
      for (const SelectorNode& child : node.children) {
        if (!first) out += node.kind == K::And ? " && " : " || ";
        first = false;
        appendCanonical(out, child);
      }
      out += ")";
      return;
    }
  }
}

// -------------------------------------------------------------- evaluation

bool contains(const std::vector<std::string>& sorted, std::string_view value) {
  return std::binary_search(sorted.begin(), sorted.end(), value, std::less<>());
}

// Whether a present label's value satisfies an atom that requires presence.
bool valueTest(const SelectorNode& atom, std::string_view value) {
  using K = SelectorNode::Kind;
  switch (atom.kind) {
    case K::Equal: return value == atom.value;
    case K::NotEqual: return value != atom.value;
    case K::In: return contains(atom.values, value);
    case K::NotIn: return !contains(atom.values, value);
    case K::Contains: return value.find(atom.value) != std::string_view::npos;
    case K::StartsWith: return value.starts_with(atom.value);
    case K::EndsWith: return value.ends_with(atom.value);
    default: return true;
  }
}

// What an atom says about an absent label.
bool absentTest(const SelectorNode& atom) {
  using K = SelectorNode::Kind;
  return atom.kind == K::NotEqual || atom.kind == K::NotIn;
}

Tri triAnd(Tri a, Tri b) {
  if (a == Tri::False || b == Tri::False) return Tri::False;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::True;
}
Tri triOr(Tri a, Tri b) {
  if (a == Tri::True || b == Tri::True) return Tri::True;
  if (a == Tri::Unknown || b == Tri::Unknown) return Tri::Unknown;
  return Tri::False;
}

Tri evaluate(const SelectorNode& node, const Labels& labels, const std::set<std::string, std::less<>>* unknown) {
  using K = SelectorNode::Kind;
  switch (node.kind) {
    case K::All:
    case K::Global: return Tri::True;
    case K::Has: return triOf(labels.count(node.label) > 0 || (unknown && unknown->count(node.label) > 0));
    case K::Not: return triNot(evaluate(node.children.front(), labels, unknown));
    case K::And: {
      Tri result = Tri::True;
      for (const SelectorNode& child : node.children) {
        result = triAnd(result, evaluate(child, labels, unknown));
        if (result == Tri::False) break;
      }
      return result;
    }
    case K::Or: {
      Tri result = Tri::False;
      for (const SelectorNode& child : node.children) {
        result = triOr(result, evaluate(child, labels, unknown));
        if (result == Tri::True) break;
      }
      return result;
    }
    default: {
      if (unknown && unknown->count(node.label) > 0) return Tri::Unknown;
      const auto found = labels.find(node.label);
      if (found == labels.end()) return triOf(absentTest(node));
      return triOf(valueTest(node, found->second));
    }
  }
}

// ---------------------------------------------------------- satisfiability

struct Literal {
  const SelectorNode* atom = nullptr;
  bool negated = false;
};
using Conjunct = std::vector<Literal>;
constexpr std::size_t kMaxConjuncts = 512;

// Disjunctive normal form of `node` (negated when `negate`); false when it
// would exceed kMaxConjuncts.
bool toDnf(const SelectorNode& node, bool negate, std::vector<Conjunct>& out) {
  using K = SelectorNode::Kind;
  if (node.kind == K::Not) return toDnf(node.children.front(), !negate, out);
  const bool is_and = (node.kind == K::And) != negate;
  if (node.kind == K::And || node.kind == K::Or) {
    if (!is_and) {  // a disjunction: the union of the children's forms
      for (const SelectorNode& child : node.children) {
        if (!toDnf(child, negate, out)) return false;
        if (out.size() > kMaxConjuncts) return false;
      }
      return true;
    }
    std::vector<Conjunct> product(1);  // a conjunction: the cross product
    for (const SelectorNode& child : node.children) {
      std::vector<Conjunct> part;
      if (!toDnf(child, negate, part)) return false;
      if (product.size() * part.size() > kMaxConjuncts) return false;
      std::vector<Conjunct> next;
      next.reserve(product.size() * part.size());
      for (const Conjunct& left : product) {
        for (const Conjunct& right : part) {
          Conjunct joined = left;
          joined.insert(joined.end(), right.begin(), right.end());
          next.push_back(std::move(joined));
        }
      }
      product = std::move(next);
    }
    out.insert(out.end(), product.begin(), product.end());
    return out.size() <= kMaxConjuncts;
  }
  out.push_back(Conjunct{Literal{&node, negate}});
  return true;
}

struct StringTest {
  SelectorNode::Kind kind;  // Contains, StartsWith or EndsWith
  std::string text;
};

struct LabelConstraint {
  bool present = false;
  bool absent = false;
  std::optional<std::vector<std::string>> allowed;  // sorted
  std::vector<std::string> excluded;
  std::vector<StringTest> must;      // the value must pass these
  std::vector<StringTest> must_not;  // the value must fail these
};

bool passes(const StringTest& test, std::string_view value) {
  using K = SelectorNode::Kind;
  if (test.kind == K::Contains) return value.find(test.text) != std::string_view::npos;
  if (test.kind == K::StartsWith) return value.starts_with(test.text);
  return value.ends_with(test.text);
}

bool acceptable(const LabelConstraint& c, const std::string& value) {
  if (std::find(c.excluded.begin(), c.excluded.end(), value) != c.excluded.end()) return false;
  if (c.allowed && !contains(*c.allowed, value)) return false;
  for (const StringTest& t : c.must)
    if (!passes(t, value)) return false;
  for (const StringTest& t : c.must_not)
    if (passes(t, value)) return false;
  return true;
}

void restrictTo(LabelConstraint& c, std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  if (!c.allowed) {
    c.allowed = std::move(values);
    return;
  }
  std::vector<std::string> both;
  std::set_intersection(c.allowed->begin(), c.allowed->end(), values.begin(), values.end(), std::back_inserter(both));
  c.allowed = std::move(both);
}

// Adds a literal; returns false when the literal alone is unsatisfiable (`!all()`).
bool addLiteral(std::map<std::string, LabelConstraint, std::less<>>& constraints, const Literal& literal) {
  using K = SelectorNode::Kind;
  const SelectorNode& atom = *literal.atom;
  if (atom.kind == K::All || atom.kind == K::Global) return !literal.negated;
  LabelConstraint& c = constraints[atom.label];
  // Each atom is (kind, negated); negating Equal gives NotEqual and so on.
  K kind = atom.kind;
  bool negated = literal.negated;
  if (negated) {
    switch (kind) {
      case K::Equal: kind = K::NotEqual; negated = false; break;
      case K::NotEqual: kind = K::Equal; negated = false; break;
      case K::In: kind = K::NotIn; negated = false; break;
      case K::NotIn: kind = K::In; negated = false; break;
      default: break;
    }
  }
  switch (kind) {
    case K::Has: (negated ? c.absent : c.present) = true; break;
    case K::Equal:
      c.present = true;
      restrictTo(c, {atom.value});
      break;
    case K::In:
      c.present = true;
      restrictTo(c, atom.values);
      break;
    case K::NotEqual: c.excluded.push_back(atom.value); break;
    case K::NotIn: c.excluded.insert(c.excluded.end(), atom.values.begin(), atom.values.end()); break;
    case K::Contains:
    case K::StartsWith:
    case K::EndsWith:
      if (negated) {
        c.must_not.push_back({kind, atom.value});
      } else {
        c.present = true;
        c.must.push_back({kind, atom.value});
      }
      break;
    default: break;
  }
  return true;
}

// One label's verdict: False (contradiction), True (with `value`, or absent
// when `value` is empty and the label is not required) or Unknown.
Tri solveLabel(const LabelConstraint& c, std::optional<std::string>& value) {
  using K = SelectorNode::Kind;
  value.reset();
  if (c.present && c.absent) return Tri::False;
  if (!c.present) return Tri::True;  // leave the label off: every remaining test accepts absence
  if (c.allowed) {
    for (const std::string& v : *c.allowed) {
      if (acceptable(c, v)) {
        value = v;
        return Tri::True;
      }
    }
    return Tri::False;
  }
  std::string prefix;
  std::string suffix;
  std::string middle;
  for (const StringTest& t : c.must) {
    if (t.kind == K::StartsWith) {
      if (t.text.size() > prefix.size() ? !t.text.starts_with(prefix) : !prefix.starts_with(t.text)) return Tri::False;
      if (t.text.size() > prefix.size()) prefix = t.text;
    } else if (t.kind == K::EndsWith) {
      if (t.text.size() > suffix.size() ? !t.text.ends_with(suffix) : !suffix.ends_with(t.text)) return Tri::False;
      if (t.text.size() > suffix.size()) suffix = t.text;
    } else {
      middle += t.text;
    }
  }
  for (const char* filler : {"", "x", "q7", "_z_", "palisade-witness"}) {
    for (const std::string& candidate :
         {prefix + middle + filler + suffix, prefix + filler + middle + suffix, std::string(filler) + prefix + suffix}) {
      if (acceptable(c, candidate)) {
        value = candidate;
        return Tri::True;
      }
    }
  }
  // Provable contradictions between a required and a forbidden test.
  for (const StringTest& no : c.must_not) {
    if (no.text.empty()) return Tri::False;  // every value contains, starts and ends with ""
    for (const StringTest& yes : c.must) {
      const bool implied =
          (no.kind == K::Contains && yes.text.find(no.text) != std::string::npos) ||
          (no.kind == K::StartsWith && yes.kind == K::StartsWith && yes.text.starts_with(no.text)) ||
          (no.kind == K::EndsWith && yes.kind == K::EndsWith && yes.text.ends_with(no.text));
      if (implied) return Tri::False;
    }
  }
  return Tri::Unknown;
}

}  // namespace

ParsedSelector parseSelector(std::string_view text) {
  ParsedSelector result;
  std::vector<Token> tokens;
  if (auto error = Tokenizer(text).run(tokens)) {
    result.error = std::move(error);
    return result;
  }
  SelectorNode root;
  if (auto error = Parser(tokens).parseRoot(root)) {
    result.error = std::move(error);
    return result;
  }
  result.root = std::move(root);
  return result;
}

std::string canonicalForm(const SelectorNode& node) {
  std::string out;
  appendCanonical(out, node);
  return out;
}

bool matches(const SelectorNode& node, const Labels& labels) { return evaluate(node, labels, nullptr) == Tri::True; }

Tri matches(const SelectorNode& node, const Labels& labels, const std::set<std::string, std::less<>>& unknown) {
  return evaluate(node, labels, &unknown);
}

bool isAll(const SelectorNode& node) {
  if (node.kind == SelectorNode::Kind::All) return true;
  if (node.kind == SelectorNode::Kind::Not && node.children.front().kind == SelectorNode::Kind::Not) {
    return isAll(node.children.front().children.front());
  }
  return false;
}

bool containsGlobal(const SelectorNode& node) {
  if (node.kind == SelectorNode::Kind::Global) return true;
  return std::any_of(node.children.begin(), node.children.end(), containsGlobal);
}

Satisfiability satisfiability(const SelectorNode& node) {
  Satisfiability result;
  std::vector<Conjunct> dnf;
  if (!toDnf(node, false, dnf)) return result;
  bool all_false = true;
  for (const Conjunct& conjunct : dnf) {
    std::map<std::string, LabelConstraint, std::less<>> constraints;
    bool contradiction = false;
    for (const Literal& literal : conjunct) {
      if (!addLiteral(constraints, literal)) {
        contradiction = true;
        break;
      }
    }
    if (contradiction) continue;
    Labels witness;
    Tri verdict = Tri::True;
    for (const auto& [label, constraint] : constraints) {
      std::optional<std::string> value;
      const Tri t = solveLabel(constraint, value);
      if (t == Tri::False) {
        verdict = Tri::False;
        break;
      }
      if (t == Tri::Unknown) verdict = Tri::Unknown;
      if (value) witness[label] = *value;
    }
    if (verdict == Tri::False) continue;
    all_false = false;
    // A witness is only trusted once the original selector accepts it.
    if (verdict == Tri::True && matches(node, witness)) {
      result.satisfiable = Tri::True;
      result.witness = std::move(witness);
      return result;
    }
  }
  result.satisfiable = all_false ? Tri::False : Tri::Unknown;
  return result;
}

Tri implies(const SelectorNode& narrow, const SelectorNode& broad) {
  const Satisfiability counterexample = satisfiability(conjunction({narrow, negation(broad)}));
  return triNot(counterexample.satisfiable);
}

Satisfiability overlap(const SelectorNode& a, const SelectorNode& b) { return satisfiability(conjunction({a, b})); }

SelectorNode selectAll() { return SelectorNode{}; }

SelectorNode conjunction(std::vector<SelectorNode> children) {
  if (children.size() == 1) return std::move(children.front());
  SelectorNode node;
  node.kind = SelectorNode::Kind::And;
  node.children = std::move(children);
  return node;
}

SelectorNode negation(SelectorNode child) {
  if (child.kind == SelectorNode::Kind::Not) {  // `!(!x)` is x, so the canonical form stays a fixed point
    SelectorNode inner = std::move(child.children.front());
    return inner;
  }
  SelectorNode node;
  node.kind = SelectorNode::Kind::Not;
  node.begin = child.begin;
  node.end = child.end;
  node.children.push_back(std::move(child));
  return node;
}

}  // namespace palisade::calico
