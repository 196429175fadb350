// Bicep types where they matter to values: the literals a union type allows
// (`'Standard_LRS' | 'Premium_LRS'`), the properties an object type marks
// @secure(), ARM's name for a secure type, and a declaration's decorators.
// Types are read from their written text; aliases are followed by the evaluator.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "core/value.h"
#include "parsers/bicep/bicep_syntax.h"

namespace palisade {

// A parameter's type with its aliases followed: the written type text (without a
// nullable `?`), and whether it, or an alias on the way, is @secure().
struct ResolvedType {
  std::string text;
  bool secure = false;
};

// The decorator `@name(...)` of a declaration, or nullptr.
const BicepDecorator* decoratorOf(const BicepDeclaration& d, std::string_view name);

// The values a literal union type allows (`'a' | 'b'`, `1 | 2`, a single `'a'`),
// located at `span`; nullopt for any other type.
std::optional<Value::Array> literalUnion(std::string_view type_text, const Span& span);

// string, int, bool or a literal union: a type whose value an @allowed list constrains one to one.
bool isScalarType(const ResolvedType& type);

// The properties an object type marks @secure() (`{ @secure() password: string }`), by name.
std::set<std::string, std::less<>> securePropertiesOf(std::string_view type_text);

// ARM's name for the type of a @secure() parameter: secureObject or securestring.
std::string_view secureArmTypeOf(const ResolvedType& type);

// Whether `v` is one of `allowed` (strings compared ignoring case, as Azure names are).
bool isAllowedValue(const Value& v, const Value::Array& allowed);

}  // namespace palisade
