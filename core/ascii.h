// ASCII case folding. Azure names, ARM function names, enum values and file
// extensions compare case-insensitively in ASCII only; locale never matters.
#pragma once

#include <string>
#include <string_view>

namespace palisade {

std::string lowerAscii(std::string_view text);
std::string upperAscii(std::string_view text);
bool equalsIgnoreCase(std::string_view a, std::string_view b);
bool startsWithIgnoreCase(std::string_view text, std::string_view prefix);

}  // namespace palisade
