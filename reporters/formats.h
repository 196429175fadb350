// The output formats `--format` accepts, and the reporter each one calls.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reporters/report.h"

namespace palisade {

enum class OutputFormat { Text, Sarif, Json, Junit, Github, Csv, Html };

std::optional<OutputFormat> parseOutputFormat(std::string_view name);
std::string_view outputFormatName(OutputFormat format);

struct RenderOptions {
  bool color = false;       // text: ANSI colours (on a terminal)
  bool quiet = false;       // text: findings only, no summary
  bool statistics = false;  // text: per-rule counts after the findings
};

// Renders reports (one per scanned root) in a format. Pure: no I/O.
std::string render(OutputFormat format, const std::vector<Report>& reports, const RenderOptions& options);

}  // namespace palisade
