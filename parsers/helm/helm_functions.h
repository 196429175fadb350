// Helm's template functions on top of Go's builtins: include, tpl,
// required, fail, toYaml, indent/nindent, quote, default, and the Sprig
// functions charts call most (dict, list, trunc, trimSuffix, empty, ...),
// each with Helm's or Sprig's documented semantics.
#pragma once

#include "parsers/helm/template_exec.h"

namespace palisade::helm {

// Adds Helm's functions to `table` (Go's builtins stay).
void addHelmFunctions(FunctionTable& table);

// Sprig's list, dict, type and merge functions (helm_sprig_data.cpp) and its
// regex, semver, hash, JSON/YAML and placeholder functions (helm_sprig_text.cpp).
void addSprigDataFunctions(FunctionTable& table);
void addSprigTextFunctions(FunctionTable& table);
// Arithmetic, conversions and the rarer string/list helpers (helm_sprig_math.cpp);
// added last: its must* aliases copy functions added before.
void addSprigMathFunctions(FunctionTable& table);

// Go's builtins plus Helm's functions: the table a chart's templates see.
FunctionTable helmFunctionTable();

// Sprig's strval: a string as it is, anything else as fmt's %v.
std::string sprigString(const Value& v);

// Sprig's toInt64 (cast.ToInt64): numbers truncated, numeric strings parsed
// (0x.. and 0.. too), booleans 1/0, anything else 0.
int64_t sprigInt64(const Value& v);

}  // namespace palisade::helm
