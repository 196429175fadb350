// The values a user gives a chart beyond its own values.yaml, as `helm
// template -f FILE --set a.b=c` takes them: values files merged in order,
// then `--set` expressions in Helm's syntax written into the result; the
// whole then wins over the chart's values (a null there removes a default).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/value.h"

namespace palisade::helm {

// Writes `overrides` over `values`: mappings merge key by key, anything else
// replaces. A null in `overrides` removes the key when `null_removes` (user
// values over a chart's), else is kept as null (one values file over another,
// so that it still removes the chart's default afterwards).
void mergeValuesOver(Value& values, const Value& overrides, bool null_removes);

// Applies one `--set` argument: `a.b=c`, several pairs separated by commas,
// `list[0]=x`, `list={a,b}`, `\,` and `\.` escaping a comma or a dot. Values
// are typed as Helm types them: true/false, null (removes the key from the chart's), integers
// (not written with a leading zero) as integers, anything else a string.
// A malformed expression is a message and changes nothing.
std::optional<std::string> applySetExpression(Value& values, std::string_view expression);

}  // namespace palisade::helm
