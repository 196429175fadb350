// The names of the functions `helm template` gives templates: Go's
// text/template built-ins, Sprig's (v3) and Helm's own. A template that
// calls one palisade's renderer does not implement is a construct palisade
// does not support (GEN044); any other undefined name fails in Helm too (GEN041).
#pragma once

#include <string_view>

namespace palisade::helm {

bool isHelmFunctionName(std::string_view name);

}  // namespace palisade::helm
