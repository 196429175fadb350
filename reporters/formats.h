// The output formats `--format` accepts, and the reporter each one calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reporters/report.h"

namespace palisade {

enum class OutputFormat { Text, Concise, Sarif, Json, Junit, Github, Csv, Html };

std::optional<OutputFormat> parseOutputFormat(std::string_view name);
std::string_view outputFormatName(OutputFormat format);
// "text, concise, sarif, …": for messages.
std::string outputFormatNames();

struct RenderOptions {
  bool color = false;       // text: ANSI colours (on a terminal)
  bool quiet = false;       // text: findings only, no summary
  bool statistics = false;  // text: per-rule counts after the findings
  bool sarif_all_rules = false;  // SARIF: every rule that ran in tool.driver.rules, not only those used
};

// Renders reports (one per scanned root) in a format. Pure: no I/O.
std::string render(OutputFormat format, const std::vector<Report>& reports, const RenderOptions& options);

}  // namespace palisade
