#include "core/severity.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "core/ascii.h"

namespace palisade {

namespace {

constexpr std::array kSeverityOrder{Severity::Info, Severity::Low, Severity::Medium, Severity::High, Severity::Critical};

}  // namespace

std::string_view severityName(Severity severity) {
  switch (severity) {
    case Severity::Info: return "info";
    case Severity::Low: return "low";
    case Severity::Medium: return "medium";
    case Severity::High: return "high";
    case Severity::Critical: return "critical";
  }
  return "?";
}

std::string_view severityLabel(Severity severity) {
  switch (severity) {
    case Severity::Info: return "Info";
    case Severity::Low: return "Low";
    case Severity::Medium: return "Medium";
    case Severity::High: return "High";
    case Severity::Critical: return "Critical";
  }
  return "?";
}

std::optional<Severity> parseSeverity(std::string_view text) {
  for (Severity s : kSeverityOrder) {
    if (equalsIgnoreCase(text, severityName(s))) return s;
  }
  return std::nullopt;
}

Level levelOf(Severity severity) {
  switch (severity) {
    case Severity::Critical:
    case Severity::High: return Level::Error;
    case Severity::Medium: return Level::Warning;
    case Severity::Low:
    case Severity::Info: return Level::Note;
  }
  return Level::Note;
}

std::string_view levelName(Level level) {
  switch (level) {
    case Level::None: return "none";
    case Level::Note: return "note";
    case Level::Warning: return "warning";
    case Level::Error: return "error";
  }
  return "?";
}

std::optional<Level> parseLevel(std::string_view text) {
  if (text == "none") return Level::None;
  if (text == "note") return Level::Note;
  if (text == "warning") return Level::Warning;
  if (text == "error") return Level::Error;
  return std::nullopt;
}

std::string_view securitySeverityScore(Severity severity) {
  switch (severity) {
    case Severity::Critical: return "9.0";
    case Severity::High: return "7.0";
    case Severity::Medium: return "5.0";
    case Severity::Low: return "3.0";
    case Severity::Info: return "1.0";
  }
  return "1.0";
}

std::optional<FailOn> parseFailOn(std::string_view text) {
  if (equalsIgnoreCase(text, "none")) return FailOn{std::nullopt};
  if (auto severity = parseSeverity(text)) return FailOn{*severity};
  // An older spelling: a SARIF level, meaning the lowest severity reported at it.
  if (auto level = parseLevel(text); level && *level != Level::None) {
    for (Severity s : kSeverityOrder) {
      if (levelOf(s) == *level) return FailOn{s};
    }
  }
  return std::nullopt;
}

std::string_view failOnName(FailOn fail_on) { return fail_on.at_least ? severityName(*fail_on.at_least) : "none"; }

}  // namespace palisade
