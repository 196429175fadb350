#include "core/message_words.h"

#include <fmt/format.h>

namespace palisade {

std::string valueForMessage(const Value* value) {
  if (!value || value->isNull()) return std::string(kNotSet);
  if (const Value::Array* candidates = value->candidates()) {
    std::string shown;
    for (const Value& c : *candidates) shown += (shown.empty() ? "" : ", ") + c.toDisplayString();
    return fmt::format("any of its allowed values {}", shown);
  }
  if (value->isUnknown()) {
    return value->asString().empty() ? std::string("unknown") : fmt::format("unknown ({})", value->asString());
  }
  if (value->isString() && value->asString().empty()) return std::string(kEmpty);
  std::string shown = value->toDisplayString();
  if (shown.size() > 80) shown = shown.substr(0, 77) + "...";
  return shown;
}

std::string quotedName(std::string_view name) {
  return name.empty() ? std::string(kUnnamed) : fmt::format("'{}'", name);
}

bool isMessageWord(std::string_view text) {
  return text == kNotSet || text == kEmpty || text == kUnnamed || text == "unknown" || text.starts_with("unknown (") ||
         text.starts_with("any of its allowed values");
}

}  // namespace palisade
