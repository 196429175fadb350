// Escaping text for XML and HTML (JUnit and the HTML report), dropping the
// control characters XML 1.0 forbids and replacing invalid UTF-8.
#pragma once

#include <string>
#include <string_view>

namespace palisade {

// Escapes & < > " ' and makes the text valid UTF-8 without forbidden controls.
std::string markupEscape(std::string_view text);

// Replaces each invalid UTF-8 byte with U+FFFD.
std::string validUtf8(std::string_view text);

}  // namespace palisade
