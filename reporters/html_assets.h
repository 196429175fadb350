// The HTML audit report's style sheet and script: reporters/assets/report.css
// and report.js, compiled into the binary (cmake/EmbedText.cmake).
#pragma once

#include <string_view>

namespace palisade {

std::string_view htmlReportStyle();
std::string_view htmlReportScript();

}  // namespace palisade
