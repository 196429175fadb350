// Severity (how bad, from the rule) and Level (SARIF's error/warning/note,
// which --fail-on compares against).
#pragma once

#include <optional>
#include <string_view>

namespace palisade {

enum class Severity { Info, Low, Medium, High, Critical };
enum class Level { None, Note, Warning, Error };

std::string_view severityName(Severity severity);
std::optional<Severity> parseSeverity(std::string_view text);
// critical/high → error, medium → warning, low/info → note.
Level levelOf(Severity severity);
std::string_view levelName(Level level);
std::optional<Level> parseLevel(std::string_view text);
// GitHub code scanning's numeric score, as a string: "9.0" critical … "3.0" low.
std::string_view securitySeverityScore(Severity severity);

}  // namespace palisade
