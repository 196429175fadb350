#include "reporters/formats.h"

#include "reporters/csv_reporter.h"
#include "reporters/github_reporter.h"
#include "reporters/html_reporter.h"
#include "reporters/json_reporter.h"
#include "reporters/junit_reporter.h"
#include "reporters/sarif_reporter.h"
#include "reporters/text_reporter.h"

namespace palisade {

namespace {
constexpr OutputFormat kAllFormats[] = {OutputFormat::Text, OutputFormat::Concise, OutputFormat::Sarif, OutputFormat::Json,
                                        OutputFormat::Junit, OutputFormat::Github, OutputFormat::Csv, OutputFormat::Html};
}  // namespace

std::optional<OutputFormat> parseOutputFormat(std::string_view name) {
  for (OutputFormat format : kAllFormats) {
    if (outputFormatName(format) == name) return format;
  }
  return std::nullopt;
}

std::string outputFormatNames() {
  std::string out;
  for (OutputFormat format : kAllFormats) out += (out.empty() ? "" : ", ") + std::string(outputFormatName(format));
  return out;
}

std::string_view outputFormatName(OutputFormat format) {
  switch (format) {
    case OutputFormat::Text: return "text";
    case OutputFormat::Concise: return "concise";
    case OutputFormat::Sarif: return "sarif";
    case OutputFormat::Json: return "json";
    case OutputFormat::Junit: return "junit";
    case OutputFormat::Github: return "github";
    case OutputFormat::Csv: return "csv";
    case OutputFormat::Html: return "html";
  }
  return "text";
}

std::string render(OutputFormat format, const std::vector<Report>& reports, const RenderOptions& options) {
  switch (format) {
    case OutputFormat::Text: return renderText(reports, options);
    case OutputFormat::Concise: return renderConcise(reports, options);
    case OutputFormat::Sarif: {
      SarifLimits limits;
      limits.all_rules = options.sarif_all_rules;
      return renderSarif(reports, limits);
    }
    case OutputFormat::Json: return renderJson(reports);
    case OutputFormat::Junit: return renderJunit(reports);
    case OutputFormat::Github: return renderGithub(reports);
    case OutputFormat::Csv: return renderCsv(reports);
    case OutputFormat::Html: return renderHtml(reports);
  }
  return renderText(reports, options);
}

}  // namespace palisade
