#include "parsers/arm/arm_reader.h"

#include <fmt/format.h>

#include <fstream>
#include <sstream>

#include "parsers/arm/arm_template.h"
#include "parsers/arm/located_json.h"
#include "parsers/arm/azure_files.h"

namespace palisade {

bool looksLikeArmTemplate(std::string_view text) {
  // The $schema key is near the top of every template; a full parse is not needed to classify.
  std::string_view head = text.substr(0, 4096);
  std::size_t schema = head.find("\"$schema\"");
  if (schema == std::string_view::npos) return false;
  std::size_t line_end = head.find_first_of("\n,", schema);
  std::string_view value = head.substr(schema, line_end == std::string_view::npos ? std::string_view::npos : line_end - schema);
  for (std::string_view kind : {"deploymentTemplate.json", "DeploymentTemplate.json"}) {
    if (value.find(kind) != std::string_view::npos) return true;
  }
  return false;
}

FileModel readArmTemplate(const std::filesystem::path& file, const ScanRoot& root, const AzureReadOptions& options) {
  FileModel out;
  SourceFilePtr source = loadSourceFile(file, root, options.limits, out);
  if (!source) return out;
  out.files.clear();  // the overload below records it
  out.append(readArmTemplate(std::move(source), root, options));
  return out;
}

FileModel readArmTemplate(SourceFilePtr source, const ScanRoot& root, const AzureReadOptions& options) {
  FileModel out;
  out.files.push_back(source);
  LocatedJsonResult parsed = parseLocatedJson(*source, options.limits.max_depth);
  if (!parsed.ok) {
    out.diagnostics.push_back(Diagnostic{"GEN001", "invalid JSON: " + parsed.error, parsed.error_span, source->path()});
    return out;
  }
  if (!parsed.value.isObject()) {
    out.diagnostics.push_back(Diagnostic{"GEN001", "an ARM template must be a JSON object", parsed.value.span(), source->path()});
    return out;
  }
  ArmTemplateInput input;
  input.template_root = &parsed.value;
  input.file = source.get();
  input.limits = options.limits;
  input.deployment_resource = true;
  for (const std::filesystem::path& parameter_file : options.parameter_files) {
    if (parameter_file.extension() == ".bicepparam") continue;
    ParameterValues values = readArmParameterFile(parameter_file, root, options.limits, out);
    for (auto& [name, value] : values) input.parameters.insert_or_assign(name, std::move(value));
  }
  input.parameters = matchParameterNames(input.parameters, armDeclaredParameters(parsed.value), source->path(),
                                         options.report_unknown_parameters ? &out.diagnostics : nullptr);
  evaluateArmTemplate(input, out);
  return out;
}

}  // namespace palisade
