// A string as a JSON string literal: quotes, backslashes, line breaks and
// tabs escaped, other control characters and DEL as \u00XX. YAML's
// double-quoted style reads the same escapes, so the YAML writer uses it too.
#pragma once

#include <string>
#include <string_view>

namespace palisade {

void appendJsonString(std::string& out, std::string_view s);

}  // namespace palisade
