// Go's fmt as text/template uses it, over palisade's Value: how a value
// prints (`{{.}}`, print, %v), Go's type names for messages, strconv.Quote,
// and printf with Go's verbs, flags, width and precision, including Go's
// in-band error text (`%!d(string=x)`, `%!s(MISSING)`, `%!(EXTRA ...)`).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"

namespace palisade::helm {

// The Go type a value has when Helm hands it to a template: int, float64,
// string, bool, []interface {}, map[string]interface {}, or <nil>.
std::string_view goTypeName(const Value& v);

// fmt's %v: 1.5, 1e+06, [a b], map[k:v] (keys sorted), <nil>.
void appendGoValue(std::string& out, const Value& v);
std::string goValueString(const Value& v);

// A float64 as Go's strconv.FormatFloat(f, 'g', -1, 64) writes it.
std::string goFloatString(double d);

// strconv.Quote: a double-quoted Go string literal.
std::string goQuote(std::string_view s);

// fmt.Sprintf(format, args...).
std::string goSprintf(std::string_view format, const std::vector<Value>& args);

// fmt.Sprint: spaces between operands when neither is a string.
std::string goSprint(const std::vector<Value>& args);

}  // namespace palisade::helm
