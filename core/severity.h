// Severity: the one vocabulary people see — rule files, `.palisade.yaml`
// (severity overrides, fail-on), --fail-on, and every report (text, concise,
// JSON, CSV, JUnit, GitHub, HTML) say critical, high, medium, low or info.
// Level: SARIF's error/warning/note, derived from the severity by levelOf()
// — the one place the two meet (SARIF results, GitHub annotation commands,
// the `level` fields JSON and CSV carry for SARIF-minded tools).
#pragma once

#include <optional>
#include <string_view>

namespace palisade {

enum class Severity { Info, Low, Medium, High, Critical };
enum class Level { None, Note, Warning, Error };

// "critical", "high", "medium", "low", "info".
std::string_view severityName(Severity severity);
// The same word capitalised, for headings and badges ("High").
std::string_view severityLabel(Severity severity);
// A severity word, in any case.
std::optional<Severity> parseSeverity(std::string_view text);
// critical/high → error, medium → warning, low/info → note.
Level levelOf(Severity severity);
std::string_view levelName(Level level);
std::optional<Level> parseLevel(std::string_view text);
// GitHub code scanning's numeric score, as a string: "9.0" critical … "3.0" low.
std::string_view securitySeverityScore(Severity severity);

// The exit-code threshold (--fail-on, `fail-on:`): findings of this severity
// or above fail the run; none never does.
struct FailOn {
  std::optional<Severity> at_least;  // nullopt: none
  bool fails(Severity severity) const { return at_least && severity >= *at_least; }
};
inline constexpr FailOn kDefaultFailOn{Severity::Medium};
// A severity word or "none"; the SARIF level words of older configurations
// are kept as aliases for the lowest severity reported at that level
// (error: high, warning: medium, note: info).
std::optional<FailOn> parseFailOn(std::string_view text);
// "high", "none".
std::string_view failOnName(FailOn fail_on);
// What the parse error says is accepted.
inline constexpr std::string_view kFailOnWords = "critical, high, medium, low, info or none";

}  // namespace palisade
