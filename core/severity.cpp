#include "core/severity.h"

namespace palisade {

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

std::optional<Severity> parseSeverity(std::string_view text) {
  if (text == "info") return Severity::Info;
  if (text == "low") return Severity::Low;
  if (text == "medium") return Severity::Medium;
  if (text == "high") return Severity::High;
  if (text == "critical") return Severity::Critical;
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

}  // namespace palisade
