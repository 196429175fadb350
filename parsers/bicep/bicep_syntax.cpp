#include "parsers/bicep/bicep_syntax.h"

#include <fmt/format.h>
#include <tree_sitter/api.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstring>
#include <memory>

#include "parsers/json/located_json.h"
#include "parsers/bicep/bicep_normaliser.h"
#include "parsers/bicep/bicep_recovery.h"

extern "C" const TSLanguage* tree_sitter_bicep();

namespace palisade {

namespace {

struct ParserDeleter {
  void operator()(TSParser* p) const { ts_parser_delete(p); }
};
struct TreeDeleter {
  void operator()(TSTree* t) const { ts_tree_delete(t); }
};

bool is(TSNode n, const char* type) { return std::strcmp(ts_node_type(n), type) == 0; }

class Lowering {
 public:
  Lowering(const SourceFile& file, const NormalisedBicep& normalised, std::size_t max_depth, BicepSyntax& out)
      : file_(file), text_(normalised.text), normalised_(normalised), max_depth_(max_depth), out_(out) {}

  void program(TSNode root) {
    std::vector<BicepDecorator> pending;
    statements(root, pending);
    for (const NormalisedBicep::Import& import : normalised_.imports) {
      BicepDeclaration d;
      d.kind = BicepDeclaration::Kind::Import;
      d.span = span(import.begin, import.end);
      d.type_text = import.path;
      d.type_span = d.span;
      d.imported_sources = import.exported;
      d.imported_names = import.local;
      out_.declarations.push_back(std::move(d));
    }
  }

 private:
  Span span(TSNode n) const { return spanOf(file_, ts_node_start_byte(n), ts_node_end_byte(n)); }
  Span span(uint32_t begin, uint32_t end) const { return spanOf(file_, begin, end); }
  std::string text(TSNode n) const {
    return text_.substr(ts_node_start_byte(n), ts_node_end_byte(n) - ts_node_start_byte(n));
  }
  TSNode field(TSNode n, const char* name) const {
    return ts_node_child_by_field_name(n, name, static_cast<uint32_t>(std::strlen(name)));
  }
  std::vector<TSNode> named(TSNode n) const {
    std::vector<TSNode> out;
    uint32_t count = ts_node_named_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_named_child(n, i);
      if (is(c, "comment") || is(c, "diagnostic_comment")) continue;
      out.push_back(c);
    }
    return out;
  }
  std::vector<TSNode> all(TSNode n) const {
    std::vector<TSNode> out;
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) out.push_back(ts_node_child(n, i));
    return out;
  }
  bool hasToken(TSNode n, const char* token) const {
    for (TSNode c : all(n)) {
      if (!ts_node_is_named(c) && is(c, token)) return true;
    }
    return false;
  }

  void noteError(TSNode n) { out_.error_regions.push_back(span(n)); }

  // Walks statements; descends into ERROR nodes to keep the declarations the grammar recovered.
  void statements(TSNode parent, std::vector<BicepDecorator>& pending) {
    for (TSNode c : named(parent)) {
      if (is(c, "ERROR")) {
        noteError(c);
        statements(c, pending);
        continue;
      }
      if (is(c, "decorators")) {
        for (TSNode d : named(c)) {
          if (is(d, "decorator")) pending.push_back(decorator(d));
        }
        continue;
      }
      if (is(c, "target_scope_assignment")) {
        std::vector<TSNode> kids = named(c);
        if (!kids.empty()) {
          Expr e = lower(kids[0]);
          if (e.kind == Expr::Kind::Literal && e.literal.isString()) out_.target_scope = e.literal.asString();
        }
        continue;
      }
      if (is(c, "using_statement")) {
        std::vector<TSNode> kids = named(c);
        if (!kids.empty()) {
          Expr e = lower(kids[0]);
          if (e.kind == Expr::Kind::Literal && e.literal.isString()) out_.using_path = e.literal.asString();
          out_.using_span = span(c);
        }
        continue;
      }
      std::optional<BicepDeclaration> d = declaration(c);
      if (d) {
        d->decorators = std::move(pending);
        out_.declarations.push_back(std::move(*d));
      }
      pending.clear();
    }
  }

  BicepDecorator decorator(TSNode n) {
    BicepDecorator d;
    d.span = span(n);
    for (TSNode c : named(n)) {
      if (!is(c, "call_expression")) continue;
      Expr call = lower(c);
      d.name = call.name;
      d.args = std::move(call.children);
    }
    return d;
  }

  void markErrors(TSNode n, BicepDeclaration& d) {
    if (ts_node_has_error(n)) d.has_error = true;
  }

  std::optional<BicepDeclaration> declaration(TSNode n) {
    BicepDeclaration d;
    d.span = span(n);
    markErrors(n, d);
    std::vector<TSNode> kids = named(n);
    auto identifier = [&](std::size_t i) {
      if (i < kids.size()) {
        d.name = text(kids[i]);
        d.name_span = span(kids[i]);
      }
    };
    if (is(n, "parameter_declaration") || is(n, "output_declaration")) {
      d.kind = is(n, "parameter_declaration") ? BicepDeclaration::Kind::Param : BicepDeclaration::Kind::Output;
      identifier(0);
      if (kids.size() > 1) {
        d.type_text = text(kids[1]);
        d.type_span = span(kids[1]);
        if (normalised_.nullable_marks.count(ts_node_end_byte(kids[1]))) d.type_text += "?";
      }
      if (kids.size() > 2) d.value = lower(kids[2]);
      return d;
    }
    if (is(n, "type_declaration")) {
      d.kind = BicepDeclaration::Kind::Type;
      identifier(0);
      if (kids.size() > 1) {
        d.type_text = text(kids[1]);
        d.type_span = span(kids[1]);
      }
      return d;
    }
    if (is(n, "variable_declaration")) {
      d.kind = BicepDeclaration::Kind::Var;
      identifier(0);
      if (normalised_.bicepparam_names.count(ts_node_start_byte(kids.empty() ? n : kids[0]))) {
        d.kind = BicepDeclaration::Kind::Param;  // a .bicepparam assignment
      }
      if (kids.size() > 1) d.value = lower(kids[1]);
      return d;
    }
    if (is(n, "resource_declaration") || is(n, "module_declaration")) {
      d.kind = is(n, "resource_declaration") ? BicepDeclaration::Kind::Resource : BicepDeclaration::Kind::Module;
      identifier(0);
      d.existing = hasToken(n, "existing");
      if (kids.size() > 1) {
        Expr path = lower(kids[1]);
        d.type_span = span(kids[1]);
        if (path.kind == Expr::Kind::Literal && path.literal.isString()) d.type_text = path.literal.asString();
      }
      if (kids.size() > 2) resourceBody(kids[2], d);
      return d;
    }
    if (is(n, "user_defined_function")) {
      d.kind = BicepDeclaration::Kind::Function;
      TSNode name = field(n, "name");
      if (!ts_node_is_null(name)) {
        d.name = text(name);
        d.name_span = span(name);
      }
      for (TSNode c : kids) {
        if (is(c, "parameters")) {
          for (TSNode p : named(c)) {
            std::vector<TSNode> pk = named(p);
            if (!pk.empty()) d.parameters.push_back(text(pk[0]));
          }
        }
      }
      if (!kids.empty()) d.value = lower(kids.back());
      return d;
    }
    if (is(n, "import_functionality")) {
      d.kind = BicepDeclaration::Kind::Import;
      std::vector<TSNode> idents;
      for (TSNode c : kids) {
        if (is(c, "identifier")) idents.push_back(c);
        if (is(c, "string")) {
          Expr path = lower(c);
          if (path.kind == Expr::Kind::Literal && path.literal.isString()) d.type_text = path.literal.asString();
          d.type_span = span(c);
        }
      }
      // `{ a, b as c }`: pairs joined by 'as' tokens; `* as ns`: a namespace (not evaluated).
      std::vector<TSNode> children = all(n);
      for (std::size_t i = 0; i < children.size(); ++i) {
        if (!is(children[i], "identifier")) continue;
        std::string exported = text(children[i]);
        std::string local = exported;
        if (i + 2 < children.size() && is(children[i + 1], "as") && is(children[i + 2], "identifier")) {
          local = text(children[i + 2]);
          i += 2;
        }
        if (i > 0 && is(children[i - 1], "as") && i >= 2 && is(children[i - 2], "*")) continue;
        d.imported_sources.push_back(exported);
        d.imported_names.push_back(local);
      }
      return d;
    }
    return std::nullopt;
  }

  // `{...}`, `if (c) {...}`, `[for x in y: {...}]`, `[for x in y: if (c) {...}]`.
  void resourceBody(TSNode n, BicepDeclaration& d) {
    if (is(n, "if_statement")) {
      std::vector<TSNode> kids = named(n);
      if (!kids.empty()) d.condition = lower(kids[0]);
      if (kids.size() > 1) resourceBody(kids[1], d);
      return;
    }
    if (is(n, "for_statement")) {
      Expr loop = forLoop(n, /*with_body=*/false);
      TSNode body = field(n, "body");
      d.loop = std::move(loop);
      if (!ts_node_is_null(body)) resourceBody(body, d);
      return;
    }
    if (is(n, "object")) {
      d.value = object(n, &d.children);
      return;
    }
    d.value = lower(n);
  }

  Expr forLoop(TSNode n, bool with_body) {
    Expr e;
    e.kind = Expr::Kind::For;
    e.span = span(n);
    bool after_in = false;
    std::optional<Expr> iterable;
    for (TSNode c : all(n)) {
      if (!ts_node_is_named(c)) {
        if (is(c, "in")) after_in = true;
        continue;
      }
      if (is(c, "for_loop_parameters")) {
        for (TSNode p : named(c)) {
          if (is(p, "loop_variable")) e.name = text(p);
          if (is(p, "loop_enumerator")) e.index_name = text(p);
        }
      } else if (!after_in && is(c, "identifier")) {
        e.name = text(c);
      } else if (after_in && !iterable) {
        iterable = lower(c);
      }
    }
    e.children.push_back(iterable ? std::move(*iterable) : Expr::makeUnsupported("for loop without a source", e.span));
    TSNode body = field(n, "body");
    if (with_body && !ts_node_is_null(body)) {
      if (is(body, "if_statement")) {
        std::vector<TSNode> kids = named(body);
        e.children.push_back(kids.size() > 1 ? lower(kids[1]) : Expr::makeUnsupported("empty loop body", e.span));
        e.children.push_back(kids.empty() ? Expr::makeUnsupported("empty condition", e.span) : lower(kids[0]));
        e.has_condition = true;
      } else {
        e.children.push_back(lower(body));
      }
    } else {
      e.children.push_back(Expr::makeLiteral(Value::null(), e.span));
    }
    return e;
  }

  Expr object(TSNode n, std::vector<BicepDeclaration>* nested) {
    Expr e;
    e.kind = Expr::Kind::Object;
    e.span = span(n);
    uint32_t previous_end = 0;
    std::vector<TSNode> properties = named(n);
    for (std::size_t index = 0; index < properties.size(); ++index) {
      TSNode c = properties[index];
      if (is(c, "ERROR")) {
        noteError(c);
        // Text the grammar could not read right after a property's value belongs to that value.
        std::string_view between(text_.data() + previous_end, ts_node_start_byte(c) - std::min(previous_end, ts_node_start_byte(c)));
        if (!e.children.empty() && previous_end != 0 && between.find('\n') == std::string_view::npos) {
          Span where = e.children.back().span;
          e.children.back() = Expr::makeUnsupported(fmt::format("unsupported Bicep syntax at line {}", span(c).start.line), where);
        }
        continue;
      }
      if (!is(c, "object_property")) continue;
      previous_end = ts_node_end_byte(c);
      std::vector<TSNode> kids = named(c);
      if (kids.size() == 1 && is(kids[0], "resource_declaration")) {
        if (nested) {
          if (auto d = declaration(kids[0])) nested->push_back(std::move(*d));
        }
        continue;
      }
      if (kids.size() < 2) continue;
      TSNode key = kids[0];
      std::string key_text;
      if (is(key, "string")) {
        Expr k = lower(key);
        key_text = k.kind == Expr::Kind::Literal && k.literal.isString() ? k.literal.asString() : text(key);
        if (k.kind != Expr::Kind::Literal) {
          // `'${uai.id}': {}`: the key is computed when the object is evaluated.
          while (e.key_exprs.size() < e.keys.size()) {
            e.key_exprs.push_back(Expr::makeLiteral(Value::string(e.keys[e.key_exprs.size()]), e.key_spans[e.key_exprs.size()]));
          }
          e.key_exprs.push_back(std::move(k));
        }
      } else if (is(key, "compatible_identifier")) {
        key_text = text(key);
        if (!key_text.empty() && key_text.back() == '?') key_text.pop_back();
      } else {
        key_text = text(key);
      }
      bool spread = normalised_.object_spread_keys.count(ts_node_start_byte(key)) > 0;
      if (!e.key_exprs.empty() && e.key_exprs.size() == e.keys.size()) {
        e.key_exprs.push_back(Expr::makeLiteral(Value::string(key_text), span(key)));
      }
      e.keys.push_back(std::move(key_text));
      e.key_spans.push_back(span(key));
      e.spread.push_back(spread);
      if (std::optional<Expr> ternary = misparsedTernary(kids[1], properties, index)) {
        e.children.push_back(std::move(*ternary));
        previous_end = ts_node_end_byte(properties[index]);
        continue;
      }
      if (ts_node_has_error(c) && !is(kids[1], "object") && !is(kids[1], "array")) {
        // Recovery may keep a prefix of the value (`a is string` → `a`): the whole value is unknown.
        noteError(c);
        e.children.push_back(Expr::makeUnsupported(fmt::format("unsupported Bicep syntax at line {}", span(c).start.line), span(kids[1])));
      } else {
        e.children.push_back(lower(kids[1]));
      }
    }
    return e;
  }

  // The grammar can read `key: (c) ? 'a' : 'b'` in an object as `key: (c)?` (a nullable
  // type, which a value cannot be) followed by a property `'a': 'b'` on the same line.
  // Rebuilt as the ternary it is; `index` then moves past the property it consumed.
  std::optional<Expr> misparsedTernary(TSNode value, const std::vector<TSNode>& properties, std::size_t& index) {
    if (!is(value, "nullable_type") || !hasToken(value, "?") || index + 1 >= properties.size()) return std::nullopt;
    TSNode next = properties[index + 1];
    if (!is(next, "object_property")) return std::nullopt;
    std::string_view between(text_.data() + ts_node_end_byte(value), ts_node_start_byte(next) - ts_node_end_byte(value));
    if (between.find('\n') != std::string_view::npos) return std::nullopt;
    std::vector<TSNode> condition = named(value);
    std::vector<TSNode> branches = named(next);
    if (condition.size() != 1 || branches.size() != 2) return std::nullopt;
    Expr e;
    e.kind = Expr::Kind::Ternary;
    e.span = span(ts_node_start_byte(value), ts_node_end_byte(next));
    e.children.push_back(lower(condition[0]));
    e.children.push_back(lower(branches[0]));
    e.children.push_back(lower(branches[1]));
    ++index;
    return e;
  }

  Expr stringLiteral(TSNode n) {
    std::string raw = text(n);
    Span s = span(n);
    if (raw.starts_with("'''")) {
      std::string content = raw.size() >= 6 ? raw.substr(3, raw.size() - 6) : std::string();
      // A line break right after the opening ''' is not part of the value.
      if (content.starts_with("\r\n")) {
        content.erase(0, 2);
      } else if (content.starts_with("\n")) {
        content.erase(0, 1);
      }
      return Expr::makeLiteral(Value::string(std::move(content)), s);
    }
    Expr e;
    e.kind = Expr::Kind::Interpolated;
    e.span = s;
    e.parts.emplace_back();
    uint32_t cursor = ts_node_start_byte(n) + 1;
    uint32_t end = ts_node_end_byte(n) > ts_node_start_byte(n) + 1 ? ts_node_end_byte(n) - 1 : ts_node_end_byte(n);
    auto appendText = [&](uint32_t from, uint32_t to) {
      std::string_view piece(text_.data() + from, to > from ? to - from : 0);
      std::string& part = e.parts.back();
      for (std::size_t i = 0; i < piece.size(); ++i) {
        if (piece[i] == '\\' && normalised_.leading_slashes.count(static_cast<uint32_t>(from + i))) {
          part += "//";
          ++i;
          continue;
        }
        if (piece[i] != '\\' || i + 1 >= piece.size()) {
          part.push_back(piece[i]);
          continue;
        }
        char c = piece[++i];
        switch (c) {
          case 'n': part.push_back('\n'); break;
          case 'r': part.push_back('\r'); break;
          case 't': part.push_back('\t'); break;
          case 'u': {
            std::size_t close = piece.find('}', i);
            if (i + 1 < piece.size() && piece[i + 1] == '{' && close != std::string_view::npos) {
              uint32_t cp = 0;
              std::from_chars(piece.data() + i + 2, piece.data() + close, cp, 16);
              if (cp < 0x80) {
                part.push_back(static_cast<char>(cp));
              } else if (cp < 0x800) {
                part.push_back(static_cast<char>(0xC0 | (cp >> 6)));
                part.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
              } else {
                part.push_back(static_cast<char>(0xE0 | (cp >> 12)));
                part.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
                part.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
              }
              i = close;
            } else {
              part.push_back(c);
            }
            break;
          }
          default: part.push_back(c);  // \\ \' \$
        }
      }
    };
    for (TSNode c : named(n)) {
      if (!is(c, "interpolation")) continue;
      // The grammar lets `${` take the blanks before it as extras (`'${a} ${b}'`): they are text.
      uint32_t opener = ts_node_start_byte(c);
      while (opener + 1 < ts_node_end_byte(c) && !(text_[opener] == '$' && text_[opener + 1] == '{')) ++opener;
      appendText(cursor, opener);
      std::vector<TSNode> kids = named(c);
      e.children.push_back(kids.empty() ? Expr::makeUnsupported("empty interpolation", span(c)) : lower(kids[0]));
      e.parts.emplace_back();
      cursor = ts_node_end_byte(c);
    }
    appendText(cursor, end);
    if (e.children.empty()) return Expr::makeLiteral(Value::string(e.parts[0]), s);
    return e;
  }

  // The grammar binds `.x`, `[i]` and `::r` looser than operators (`a + b.c` parses as `(a + b).c`);
  // the accessor is moved back onto the rightmost operand.
  // Decided on the lowered operand, not its node: in `c ? a : b.o.p` the `.p` meets `c ? a : b.o`,
  // which the grammar wrote as an accessor on a ternary.
  template <typename Build>
  Expr accessor(TSNode object, TSNode whole, Build build) {
    Expr outer = lower(object);
    bool operation = outer.kind == Expr::Kind::Binary || outer.kind == Expr::Kind::Ternary ||
                     outer.kind == Expr::Kind::Unary || outer.kind == Expr::Kind::Lambda;
    if (operation && !isParenthesized(outer)) {
      Expr* target = &outer;
      while ((target->kind == Expr::Kind::Binary || target->kind == Expr::Kind::Ternary ||
              target->kind == Expr::Kind::Unary || target->kind == Expr::Kind::Lambda) &&
             !target->children.empty() && !isParenthesized(*target)) {
        target->span = span(ts_node_start_byte(whole) > target->span.begin ? ts_node_start_byte(whole) : target->span.begin,
                            ts_node_end_byte(whole));
        target = &target->children.back();
      }
      uint32_t begin = target->span.begin;
      *target = build(std::move(*target), span(begin, ts_node_end_byte(whole)));
      outer.span = span(ts_node_start_byte(whole), ts_node_end_byte(whole));
      return outer;
    }
    return build(std::move(outer), span(whole));
  }

  // Array items are separated by a comma or a line break. The grammar splits an item that is a
  // call or an index access when it begins an array or follows a comma (`[toLower('A'), arr[0]]`
  // gives `toLower`, `('A')`, `arr`, `[0]`): a node that follows the previous one with neither
  // between them continues it.
  bool sameItem(uint32_t previous_end, uint32_t start) const {
    if (previous_end == 0 || start < previous_end) return false;
    for (uint32_t i = previous_end; i < start; ++i) {
      if (text_[i] != ' ' && text_[i] != '\t') return false;
    }
    return true;
  }

  // `head` continued by `n`: the leftmost node of `n` (where `n` starts) is the argument list or
  // the index that applies to `head`; whatever `n` builds around it (`.location`, `== 'x'`) follows.
  std::optional<Expr> continueItem(const Expr& head, TSNode n) {
    uint32_t start = ts_node_start_byte(n);
    Span whole = span(head.span.begin, ts_node_end_byte(n));
    if (is(n, "parenthesized_expression")) {
      if (head.kind != Expr::Kind::Identifier && !(head.kind == Expr::Kind::Member && !head.nested_resource)) return std::nullopt;
      Expr call;
      call.kind = Expr::Kind::Call;
      call.span = whole;
      call.name = head.name;
      if (head.kind == Expr::Kind::Member) {
        const Expr& object = head.children[0];
        bool ns = object.kind == Expr::Kind::Identifier && (object.name == "az" || object.name == "sys");
        if (!ns) {
          call.method = true;
          call.children.push_back(object);
        }
      }
      for (TSNode a : named(n)) call.children.push_back(lower(a));
      return call;
    }
    if (is(n, "array")) {
      std::vector<TSNode> index = named(n);
      if (index.size() != 1 || is(index[0], "for_statement")) return std::nullopt;
      Expr e;
      e.kind = Expr::Kind::Index;
      e.span = whole;
      e.children.push_back(head);
      e.children.push_back(lower(index[0]));
      return e;
    }
    auto operand = [&](const char* name) -> std::optional<Expr> {
      TSNode o = field(n, name);
      if (ts_node_is_null(o) || ts_node_start_byte(o) != start) return std::nullopt;
      return continueItem(head, o);
    };
    if (is(n, "member_expression") || is(n, "subscript_expression")) {
      std::optional<Expr> object = operand("object");
      if (!object) return std::nullopt;
      Expr e;
      e.span = whole;
      if (is(n, "member_expression")) {
        TSNode property = field(n, "property");
        e.kind = Expr::Kind::Member;
        e.name = ts_node_is_null(property) ? std::string() : text(property);
        e.safe = hasToken(n, ".?");
      } else {
        TSNode index = field(n, "index");
        e.kind = Expr::Kind::Index;
        e.safe = hasToken(n, "?");
        e.children.push_back(ts_node_is_null(index) ? Expr::makeUnsupported("missing index", e.span) : lower(index));
      }
      e.children.insert(e.children.begin(), std::move(*object));
      return e;
    }
    if (is(n, "binary_expression")) {
      std::optional<Expr> left = operand("left");
      TSNode right = field(n, "right");
      TSNode op = field(n, "operator");
      if (!left || ts_node_is_null(right)) return std::nullopt;
      Expr e;
      e.kind = Expr::Kind::Binary;
      e.span = whole;
      e.name = ts_node_is_null(op) ? "?" : text(op);
      e.children.push_back(std::move(*left));
      e.children.push_back(lower(right));
      return restorePrecedence(std::move(e));
    }
    if (is(n, "ternary_expression")) {
      std::optional<Expr> condition = operand("condition");
      TSNode consequence = field(n, "consequence");
      TSNode alternative = field(n, "alternative");
      if (!condition || ts_node_is_null(consequence) || ts_node_is_null(alternative)) return std::nullopt;
      Expr e;
      e.kind = Expr::Kind::Ternary;
      e.span = whole;
      e.children.push_back(std::move(*condition));
      e.children.push_back(lower(consequence));
      e.children.push_back(lower(alternative));
      return e;
    }
    return std::nullopt;
  }

  static int precedence(std::string_view op) {
    if (op == "??") return 0;
    if (op == "||") return 1;
    if (op == "&&") return 2;
    if (op == "|") return 3;
    if (op == "==" || op == "!=" || op == "=~" || op == "!~") return 6;
    if (op == "<" || op == "<=" || op == ">" || op == ">=") return 7;
    if (op == "+" || op == "-") return 10;
    return 11;
  }

  // After an accessor was moved back onto its operand, `a && b.c != d` may have been built as
  // `(a && b.c) != d`: rotate so the tighter operator applies first.
  Expr restorePrecedence(Expr e) {
    if (e.children.size() != 2) return e;
    Expr& left = e.children[0];
    if (isParenthesized(left) || left.span.begin != e.span.begin) return e;
    bool lower_binary = left.kind == Expr::Kind::Binary && precedence(left.name) < precedence(e.name);
    bool ternary = left.kind == Expr::Kind::Ternary && left.children.size() == 3;
    if (!lower_binary && !ternary) return e;
    Expr rotated = std::move(left);
    Expr inner = std::move(e);
    inner.children[0] = std::move(rotated.children.back());
    inner.span = span(inner.children[0].span.begin, inner.children[1].span.end);
    rotated.children.back() = restorePrecedence(std::move(inner));
    rotated.span = span(rotated.span.begin, rotated.children.back().span.end);
    return rotated;
  }

  static bool isParenthesized(const Expr& e) { return e.parenthesized; }

  Expr lower(TSNode n) {
    if (depth_ >= max_depth_) {
      if (!out_.depth_limit) out_.depth_limit = span(n);
      return Expr::makeUnsupported(fmt::format("not analysed: expression nests deeper than {} levels", max_depth_), span(n));
    }
    ++depth_;
    Expr e = lowerInner(n);
    --depth_;
    return e;
  }

  Expr lowerInner(TSNode n) {
    Span s = span(n);
    if (ts_node_is_missing(n) || is(n, "ERROR")) {
      if (!ts_node_is_missing(n)) noteError(n);  // a missing token is a parse error (GEN001)
      return Expr::makeUnsupported(fmt::format("unsupported Bicep syntax at line {}", s.start.line), s);
    }
    const char* type = ts_node_type(n);
    std::vector<TSNode> kids = named(n);
    if (std::strcmp(type, "identifier") == 0 || std::strcmp(type, "property_identifier") == 0) {
      Expr e;
      e.kind = Expr::Kind::Identifier;
      e.span = s;
      e.name = text(n);
      return e;
    }
    if (std::strcmp(type, "number") == 0) {
      int64_t v = 0;
      std::string t = text(n);
      std::from_chars(t.data(), t.data() + t.size(), v);
      return Expr::makeLiteral(Value::integer(v), s);
    }
    if (std::strcmp(type, "boolean") == 0) return Expr::makeLiteral(Value::boolean(text(n) == "true"), s);
    if (std::strcmp(type, "null") == 0) return Expr::makeLiteral(Value::null(), s);
    if (std::strcmp(type, "string") == 0) return stringLiteral(n);
    if (std::strcmp(type, "object") == 0) return object(n, nullptr);
    if (std::strcmp(type, "array") == 0) {
      Expr e;
      e.kind = Expr::Kind::Array;
      e.span = s;
      uint32_t previous_end = 0;
      for (TSNode c : kids) {
        if (is(c, "decorators")) continue;
        if (is(c, "ERROR")) noteError(c);
        if (!e.children.empty() && sameItem(previous_end, ts_node_start_byte(c))) {
          if (std::optional<Expr> joined = continueItem(e.children.back(), c)) {
            e.children.back() = std::move(*joined);
            previous_end = ts_node_end_byte(c);
            continue;
          }
        }
        e.spread.push_back(normalised_.array_spread_items.count(ts_node_start_byte(c)) > 0);
        e.children.push_back(lower(c));
        previous_end = ts_node_end_byte(c);
      }
      return e;
    }
    if (std::strcmp(type, "parenthesized_expression") == 0) {
      if (kids.size() == 1) {
        Expr inner = lower(kids[0]);
        inner.span = s;
        inner.parenthesized = true;
        return inner;
      }
      return Expr::makeUnsupported("parenthesized list", s);
    }
    if (std::strcmp(type, "member_expression") == 0) {
      TSNode object = field(n, "object");
      TSNode property = field(n, "property");
      bool safe = hasToken(n, ".?");
      std::string name = ts_node_is_null(property) ? std::string() : text(property);
      return accessor(object, n, [&](Expr obj, Span whole) {
        Expr e;
        e.kind = Expr::Kind::Member;
        e.span = whole;
        e.name = name;
        e.safe = safe;
        e.children.push_back(std::move(obj));
        return e;
      });
    }
    if (std::strcmp(type, "subscript_expression") == 0) {
      TSNode object = field(n, "object");
      TSNode index = field(n, "index");
      bool safe = hasToken(n, "?");
      Expr index_expr = ts_node_is_null(index) ? Expr::makeUnsupported("missing index", s) : lower(index);
      return accessor(object, n, [&](Expr obj, Span whole) {
        Expr e;
        e.kind = Expr::Kind::Index;
        e.span = whole;
        e.safe = safe;
        e.children.push_back(std::move(obj));
        e.children.push_back(std::move(index_expr));
        return e;
      });
    }
    if (std::strcmp(type, "resource_expression") == 0) {
      TSNode object = field(n, "object");
      TSNode resource = field(n, "resource");
      std::string name = ts_node_is_null(resource) ? std::string() : text(resource);
      return accessor(object, n, [&](Expr obj, Span whole) {
        Expr e;
        e.kind = Expr::Kind::Member;
        e.span = whole;
        e.name = name;
        e.nested_resource = true;
        e.children.push_back(std::move(obj));
        return e;
      });
    }
    if (std::strcmp(type, "call_expression") == 0) {
      Expr e;
      e.kind = Expr::Kind::Call;
      e.span = s;
      TSNode function = field(n, "function");
      TSNode arguments = field(n, "arguments");
      if (!ts_node_is_null(function) && is(function, "member_expression")) {
        TSNode object = field(function, "object");
        TSNode property = field(function, "property");
        e.name = ts_node_is_null(property) ? std::string() : text(property);
        std::string ns = ts_node_is_null(object) ? std::string() : text(object);
        if (ns != "az" && ns != "sys") {
          e.method = true;
          e.children.push_back(lower(object));
        }
      } else if (!ts_node_is_null(function)) {
        e.name = text(function);
      }
      if (!ts_node_is_null(arguments)) {
        for (TSNode a : named(arguments)) e.children.push_back(lower(a));
      }
      return e;
    }
    if (std::strcmp(type, "unary_expression") == 0) {
      Expr e;
      e.kind = Expr::Kind::Unary;
      e.span = s;
      TSNode op = field(n, "operator");
      e.name = ts_node_is_null(op) ? "!" : text(op);
      TSNode argument = field(n, "argument");
      e.children.push_back(ts_node_is_null(argument) ? Expr::makeUnsupported("missing operand", s) : lower(argument));
      return e;
    }
    if (std::strcmp(type, "binary_expression") == 0) {
      Expr e;
      e.kind = Expr::Kind::Binary;
      e.span = s;
      TSNode op = field(n, "operator");
      e.name = ts_node_is_null(op) ? "?" : text(op);
      TSNode left = field(n, "left");
      TSNode right = field(n, "right");
      e.children.push_back(ts_node_is_null(left) ? Expr::makeUnsupported("missing operand", s) : lower(left));
      e.children.push_back(ts_node_is_null(right) ? Expr::makeUnsupported("missing operand", s) : lower(right));
      return restorePrecedence(std::move(e));
    }
    if (std::strcmp(type, "ternary_expression") == 0) {
      Expr e;
      e.kind = Expr::Kind::Ternary;
      e.span = s;
      for (const char* f : {"condition", "consequence", "alternative"}) {
        TSNode c = field(n, f);
        e.children.push_back(ts_node_is_null(c) ? Expr::makeUnsupported("missing operand", s) : lower(c));
      }
      return e;
    }
    if (std::strcmp(type, "lambda_expression") == 0) {
      Expr e;
      e.kind = Expr::Kind::Lambda;
      e.span = s;
      if (kids.size() >= 2) {
        TSNode params = kids[0];
        if (is(params, "identifier")) {
          e.keys.push_back(text(params));
        } else {
          for (TSNode p : named(params)) e.keys.push_back(text(p));
        }
        e.children.push_back(lower(kids[1]));
      } else {
        e.children.push_back(Expr::makeUnsupported("lambda without a body", s));
      }
      return e;
    }
    if (std::strcmp(type, "for_statement") == 0) return forLoop(n, true);
    if (kids.size() == 1) return lower(kids[0]);
    return Expr::makeUnsupported(fmt::format("unsupported Bicep expression '{}'", type), s);
  }

  const SourceFile& file_;
  const std::string& text_;
  const NormalisedBicep& normalised_;
  std::size_t max_depth_;
  BicepSyntax& out_;
  std::size_t depth_ = 0;
};

// The ERROR and MISSING nodes of a tree (at most `limit`), sorted by where they
// start; only subtrees holding an error are entered.
struct ErrorNode {
  uint32_t begin;
  uint32_t end;
  bool missing;
  const char* type;
};
std::vector<ErrorNode> errorNodes(TSNode root, std::size_t limit) {
  std::vector<ErrorNode> out;
  std::vector<TSNode> stack{root};
  while (!stack.empty() && out.size() < limit) {
    TSNode n = stack.back();
    stack.pop_back();
    if (is(n, "ERROR")) out.push_back(ErrorNode{ts_node_start_byte(n), ts_node_end_byte(n), false, ts_node_type(n)});
    if (!ts_node_has_error(n)) continue;
    std::vector<TSNode> later;
    uint32_t count = ts_node_child_count(n);
    for (uint32_t i = 0; i < count; ++i) {
      TSNode c = ts_node_child(n, i);
      if (!ts_node_is_missing(c)) {
        later.push_back(c);
        continue;
      }
      // Placed where the grammar needed it: right after the text before it, not after a comment between.
      uint32_t at = ts_node_start_byte(c);
      for (uint32_t j = i; j-- > 0;) {
        TSNode before = ts_node_child(n, j);
        if (ts_node_is_extra(before)) continue;
        at = std::min(at, ts_node_end_byte(before));
        break;
      }
      out.push_back(ErrorNode{at, at, true, ts_node_type(c)});
    }
    for (auto it = later.rbegin(); it != later.rend(); ++it) stack.push_back(*it);
  }
  std::stable_sort(out.begin(), out.end(), [](const ErrorNode& a, const ErrorNode& b) { return a.begin < b.begin; });
  return out;
}

using TreePtr = std::unique_ptr<TSTree, TreeDeleter>;

TreePtr parseText(const std::string& text, double time_budget_seconds) {
  std::unique_ptr<TSParser, ParserDeleter> parser(ts_parser_new());
  ts_parser_set_language(parser.get(), tree_sitter_bicep());
  ts_parser_set_timeout_micros(parser.get(), static_cast<uint64_t>(time_budget_seconds * 1e6));
  return TreePtr(ts_parser_parse_string(parser.get(), nullptr, text.data(), static_cast<uint32_t>(text.size())));
}

constexpr std::size_t kMaxErrorNodes = 10000;

}  // namespace

BicepSyntax parseBicep(const SourceFile& source, bool bicepparam, double time_budget_seconds, std::size_t max_depth) {
  BicepSyntax out;
  NormalisedBicep normalised = normaliseBicep(source.text(), bicepparam);
  TreePtr tree = parseText(normalised.text, time_budget_seconds);
  if (tree && ts_node_has_error(ts_tree_root_node(tree.get()))) {
    // A declaration whose brackets or strings do not close can take the rest of the file
    // into one ERROR region: each such declaration (where the tree holds an error) is
    // blanked and the file parsed again, so the declarations around it are kept.
    std::vector<ErrorNode> errors = errorNodes(ts_tree_root_node(tree.get()), kMaxErrorNodes);
    std::vector<BrokenBicepDeclaration> blanked;
    for (BrokenBicepDeclaration& b : findBrokenBicepDeclarations(source.text())) {
      auto overlapping = std::find_if(errors.begin(), errors.end(), [&b](const ErrorNode& e) {
        return e.begin <= b.end && (e.end > b.begin || (e.end == e.begin && e.begin >= b.begin));
      });
      if (overlapping == errors.end()) continue;
      uint32_t at = std::max(overlapping->begin, b.begin);
      Span where = spanOf(source, at, at);
      uint32_t last = b.end;  // the declaration's last written byte, not the blank lines after it
      while (last > b.begin && std::isspace(static_cast<unsigned char>(source.text()[last - 1]))) --last;
      uint32_t last_line = spanOf(source, last > b.begin ? last - 1 : last, last).start.line;
      std::string lines = where.start.line == last_line ? fmt::format("line {}", last_line)
                                                        : fmt::format("lines {}-{}", spanOf(source, b.begin, b.begin).start.line, last_line);
      out.parse_errors.push_back(BicepParseError{
          where, b.declaration.empty() ? fmt::format("{}; {} not checked", b.what, lines)
                                       : fmt::format("{}; '{}' ({}) is not checked", b.what, b.declaration, lines)});
      blanked.push_back(std::move(b));
    }
    if (!blanked.empty()) {
      normalised = normaliseBicep(blankBicepDeclarations(source.text(), blanked), bicepparam);
      tree = parseText(normalised.text, time_budget_seconds);
    }
  }
  out.normaliser_rewrites = normalised.rewrites;
  if (!tree) {
    out.budget_exceeded = true;
    return out;
  }
  TSNode root = ts_tree_root_node(tree.get());
  if (ts_node_has_error(root)) {
    for (const ErrorNode& e : errorNodes(root, kMaxErrorNodes)) {
      if (!e.missing) continue;
      // Named node types (identifier, string) are words; anonymous ones are the token itself.
      bool token = !std::isalpha(static_cast<unsigned char>(e.type[0]));
      // A missing closer or value is broken text; a missing operator is how the grammar recovers
      // from syntax it reads otherwise (a union type `(0 | 1)?` in a type yields a missing '!',
      // in 23 valid files of the corpus), not a parse error.
      bool closer = std::strcmp(e.type, "}") == 0 || std::strcmp(e.type, "]") == 0 || std::strcmp(e.type, ")") == 0 ||
                    std::strcmp(e.type, "'") == 0;
      if (token && !closer) continue;
      out.parse_errors.push_back(BicepParseError{
          spanOf(source, e.begin, e.end),
          fmt::format("something is missing at line {} (the grammar expected {})", spanOf(source, e.begin, e.begin).start.line,
                      token ? fmt::format("'{}'", e.type) : fmt::format("{} {}", std::strchr("aeiou", e.type[0]) ? "an" : "a", e.type))});
    }
  }
  std::stable_sort(out.parse_errors.begin(), out.parse_errors.end(),
                   [](const BicepParseError& a, const BicepParseError& b) { return a.span.begin < b.span.begin; });
  Lowering lowering(source, normalised, max_depth, out);
  lowering.program(root);
  // An ERROR region around a missing token is that parse error, not syntax the grammar does not know.
  std::erase_if(out.error_regions, [&out](const Span& region) {
    return std::any_of(out.parse_errors.begin(), out.parse_errors.end(), [&region](const BicepParseError& e) {
      return e.span.begin >= region.begin && e.span.begin <= region.end;
    });
  });
  return out;
}

}  // namespace palisade
