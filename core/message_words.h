// Words for what a finding's message cannot show as text — the one place
// messages get "not set", "empty", "unknown (why)" and "unnamed" instead of
// `''`, `( )` or `<unknown>`. Rule message templates ({value}, {name},
// {resource}), Resource::displayName() and C++ checks all go through it.
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace palisade {

inline constexpr std::string_view kNotSet = "not set";
inline constexpr std::string_view kEmpty = "empty";
inline constexpr std::string_view kUnnamed = "unnamed";

// A value inside a message: nullptr → "not set", "" → "empty", an Unknown →
// "unknown (parameter 'aksName' has no value)" (or "any of its allowed values
// …"), anything else as written (cut at 80 characters).
std::string valueForMessage(const Value* value);

// A name inside a message, quoted: 'web'; an empty one is "unnamed".
std::string quotedName(std::string_view name);

// True when `text` is one of the words above rather than a value: a message
// template drops the quotes it put around such a placeholder ('{name}').
bool isMessageWord(std::string_view text);

}  // namespace palisade
