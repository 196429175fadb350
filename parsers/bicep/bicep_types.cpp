#include "parsers/bicep/bicep_types.h"

#include <cctype>
#include <charconv>

#include "core/ascii.h"
#include "core/project.h"

namespace palisade {

namespace {

bool isBlank(char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; }

}  // namespace

const BicepDecorator* decoratorOf(const BicepDeclaration& d, std::string_view name) {
  for (const BicepDecorator& decorator : d.decorators) {
    if (decorator.name == name) return &decorator;
  }
  return nullptr;
}

std::optional<Value::Array> literalUnion(std::string_view type_text, const Span& span) {
  Value::Array values;
  std::size_t pos = 0;
  bool union_seen = false;
  while (pos < type_text.size()) {
    while (pos < type_text.size() && isBlank(type_text[pos])) ++pos;
    if (pos >= type_text.size()) break;
    if (type_text[pos] == '\'') {
      std::string literal;
      ++pos;
      while (pos < type_text.size() && type_text[pos] != '\'') {
        if (type_text[pos] == '\\' && pos + 1 < type_text.size()) ++pos;
        literal.push_back(type_text[pos++]);
      }
      if (pos >= type_text.size()) return std::nullopt;
      ++pos;
      values.push_back(Value::string(std::move(literal), span));
    } else {
      std::size_t end = pos;
      while (end < type_text.size() && type_text[end] != '|' && !isBlank(type_text[end])) ++end;
      std::string_view word = type_text.substr(pos, end - pos);
      int64_t number = 0;
      auto [rest, error] = std::from_chars(word.data(), word.data() + word.size(), number);
      if (word == "true" || word == "false") {
        values.push_back(Value::boolean(word == "true", span));
      } else if (error == std::errc() && rest == word.data() + word.size()) {
        values.push_back(Value::integer(number, span));
      } else {
        return std::nullopt;  // `string`, an alias, an object type…
      }
      pos = end;
    }
    while (pos < type_text.size() && isBlank(type_text[pos])) ++pos;
    if (pos < type_text.size()) {
      if (type_text[pos] != '|') return std::nullopt;
      union_seen = true;
      ++pos;
    }
  }
  // A lone number or boolean is not a type anyone writes; a lone string literal is.
  if (values.empty() || (!union_seen && !values.front().isString())) return std::nullopt;
  return values;
}

bool isScalarType(const ResolvedType& type) {
  return type.text == "string" || type.text == "int" || type.text == "bool" || literalUnion(type.text, {}).has_value();
}

std::set<std::string, std::less<>> securePropertiesOf(std::string_view type_text) {
  std::set<std::string, std::less<>> names;
  if (!type_text.starts_with("{")) return names;
  static constexpr std::string_view kSecure = "@secure()";
  for (std::size_t at = type_text.find(kSecure); at != std::string_view::npos; at = type_text.find(kSecure, at + 1)) {
    std::size_t pos = at + kSecure.size();
    // Skip blanks and any further decorators up to the property name.
    while (pos < type_text.size()) {
      if (isBlank(type_text[pos])) {
        ++pos;
      } else if (type_text[pos] == '@') {
        std::size_t close = type_text.find(')', pos);
        if (close == std::string_view::npos) break;
        pos = close + 1;
      } else {
        break;
      }
    }
    std::size_t end = pos;
    while (end < type_text.size() && (std::isalnum(static_cast<unsigned char>(type_text[end])) || type_text[end] == '_')) ++end;
    if (end > pos) names.emplace(type_text.substr(pos, end - pos));
  }
  return names;
}

std::string_view secureArmTypeOf(const ResolvedType& type) {
  return type.text == "object" || type.text.starts_with("{") ? "secureObject" : "securestring";
}

bool isAllowedValue(const Value& v, const Value::Array& allowed) {
  for (const Value& option : allowed) {
    bool same = v.isString() && option.isString() ? lowerAscii(v.asString()) == lowerAscii(option.asString())
                                                  : v.sameContent(option);
    if (same) return true;
  }
  return false;
}

}  // namespace palisade
