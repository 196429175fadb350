#include "parsers/arm/arm_reader.h"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "core/ascii.h"
#include "parsers/arm/arm_template.h"
#include "parsers/json/located_json.h"
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

namespace {

// `x.parameters.json`, `x.parameters.dev.json`, `parameters.json`, `parameters-dev.json`, `parameters.dev.json`.
bool parametersFileName(const std::string& name) {
  if (!name.ends_with(".json")) return false;
  return name.ends_with(".parameters.json") || name.find(".parameters.") != std::string::npos ||
         name == "parameters.json" || name.starts_with("parameters-") ||
         name.starts_with("parameters.") || name.starts_with("parameters_");
}

// Named after the template whose name (without `.json`) is `stem`.
bool namedAfter(const std::string& name, const std::string& stem) {
  if (!name.ends_with(".json")) return false;
  return name.starts_with(stem + ".parameters.") || (name.starts_with(stem + ".") && name.ends_with(".parameters.json")) ||
         name.starts_with(stem + "-parameters") || name.starts_with(stem + "_parameters");
}

std::string head(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::string text(4096, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  return text;
}

bool looksLikeParametersFile(const std::filesystem::path& file) {
  std::string text = head(file);
  if (text.find("deploymentParameters.json") != std::string::npos) return true;
  // A file without a $schema that holds `parameters` and no `resources`.
  return text.find("\"$schema\"") == std::string::npos && text.find("\"parameters\"") != std::string::npos &&
         text.find("\"resources\"") == std::string::npos;
}

// Marks the resources of one evaluation with the parameters files it used, and
// records the values those files give the template's parameters as its
// deployment (`Microsoft.Resources/deployments`, as a Bicep file instance is),
// so rules see what was passed to its @secure() parameters.
void recordDeployment(const Value& template_root, const SourceFile& file, const ParameterValues& given,
                      const std::string& used, std::size_t first_resource, FileModel& out) {
  for (std::size_t i = first_resource; i < out.resources.size(); ++i) out.resources[i].parameter_file = used;
  Span top = template_root.span();
  Value values = Value::object({}, top);
  for (const auto& [name, value] : given) {
    Value entry = Value::object({}, value.span());
    entry.members().push_back(Member{"value", value.span(), value});
    values.members().push_back(Member{name, value.span(), std::move(entry)});
  }
  Value secure = Value::object({}, top);
  if (const Value* declared = template_root.find("parameters"); declared && declared->isObject()) {
    for (const Member& m : declared->members()) {
      const Value* type = m.value.find("type");
      if (!type || !type->isString()) continue;
      std::string t = lowerAscii(type->asString());
      if (t != "securestring" && t != "secureobject") continue;
      Value entry = Value::object({}, m.value.span());
      entry.members().push_back(Member{"type", type->span(), *type});
      secure.members().push_back(Member{m.key, m.key_span, std::move(entry)});
    }
  }
  Value template_part = Value::object({}, top);
  template_part.members().push_back(Member{"parameters", top, std::move(secure)});
  Value properties = Value::object({}, top);
  properties.members().push_back(Member{"parameters", top, std::move(values)});
  properties.members().push_back(Member{"template", top, std::move(template_part)});
  Resource deployment;
  deployment.format = Format::Arm;
  deployment.type = "Microsoft.Resources/deployments";
  deployment.body = Value::object({}, top);
  deployment.body.members().push_back(Member{"properties", top, std::move(properties)});
  deployment.declaration = top;
  deployment.declaration.stop = deployment.declaration.start;
  deployment.parameter_file = used;
  (void)file;
  out.resources.push_back(std::move(deployment));
}

}  // namespace

std::vector<std::filesystem::path> pairedParameterFiles(const std::filesystem::path& template_file) {
  std::error_code ec;
  const std::filesystem::path folder = template_file.parent_path();
  std::string template_name = lowerAscii(template_file.filename().string());
  if (!template_name.ends_with(".json") || parametersFileName(template_name)) return {};
  std::string stem = template_name.substr(0, template_name.size() - 5);
  std::vector<std::filesystem::path> named, unnamed;
  std::size_t templates = 0;
  for (std::filesystem::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string name = lowerAscii(it->path().filename().string());
    if (!name.ends_with(".json")) continue;
    if (parametersFileName(name)) {
      (namedAfter(name, stem) ? named : unnamed).push_back(it->path());
    } else if (name == template_name || looksLikeArmTemplate(head(it->path()))) {
      ++templates;
    }
  }
  std::vector<std::filesystem::path>& chosen = !named.empty() ? named : unnamed;
  if (named.empty() && templates != 1) return {};
  std::vector<std::filesystem::path> out;
  for (const std::filesystem::path& p : chosen) {
    // In a one-template folder, a file named after another (absent) template is still its.
    if (looksLikeParametersFile(p)) out.push_back(p);
  }
  std::sort(out.begin(), out.end());
  return out;
}

FileModel readArmTemplate(const std::filesystem::path& file, const ScanRoot& root, const AzureReadOptions& options) {
  FileModel out;
  SourceFilePtr source = loadSourceFile(file, root, options.limits, out);
  if (!source) return out;
  out.files.clear();  // the overload below records it
  out.append(readArmTemplate(std::move(source), root, options));
  return out;
}

FileModel readArmTemplate(SourceFilePtr source, const ScanRoot& root, const AzureReadOptions& options,
                          const std::vector<std::filesystem::path>& paired) {
  FileModel out;
  out.files.push_back(source);
  LocatedJsonResult parsed = parseLocatedJson(*source, options.limits.max_depth);
  if (!parsed.ok) {
    out.diagnostics.push_back(jsonReadDiagnostic(parsed, source->path()));
    return out;
  }
  if (!parsed.value.isObject()) {
    out.diagnostics.push_back(Diagnostic{GenCode::ParseError, "an ARM template must be a JSON object", parsed.value.span(), source->path()});
    return out;
  }
  // `--params` (ARM parameter JSON) applies to every template and overrides the paired files.
  ParameterValues command_line;
  std::string command_line_names;
  for (const std::filesystem::path& parameter_file : options.parameter_files) {
    if (parameter_file.extension() == ".bicepparam") continue;
    ParameterValues values = readArmParameterFile(parameter_file, root, options.limits, out);
    for (auto& [name, value] : values) command_line.insert_or_assign(name, std::move(value));
    command_line_names += (command_line_names.empty() ? "" : ", ") + root.displayPath(parameter_file);
  }
  // One evaluation per paired parameters file, or one with --params alone.
  std::vector<const std::filesystem::path*> runs;
  for (const std::filesystem::path& p : paired) runs.push_back(&p);
  if (runs.empty()) runs.push_back(nullptr);
  for (const std::filesystem::path* pairing : runs) {
    ArmTemplateInput input;
    input.template_root = &parsed.value;
    input.file = source.get();
    input.limits = options.limits;
    std::string used;
    if (pairing) {
      input.parameters = readArmParameterFile(*pairing, root, options.limits, out);
      used = root.displayPath(*pairing);
    }
    for (const auto& [name, value] : command_line) {
      // ARM matches parameter names without regard to case: --params replaces the paired value.
      // (A named copy, since clang 14 cannot capture a structured binding.)
      const std::string wanted = lowerAscii(name);
      std::erase_if(input.parameters, [&wanted](const auto& p) { return lowerAscii(p.first) == wanted; });
      input.parameters.insert_or_assign(name, value);
    }
    if (!command_line_names.empty()) used += (used.empty() ? "" : ", then ") + command_line_names;
    input.parameters = matchParameterNames(input.parameters, armDeclaredParameters(parsed.value), source->path(),
                                           options.report_unknown_parameters ? &out.diagnostics : nullptr);
    input.deployment_resource = pairing == runs.front();
    std::size_t first = out.resources.size();
    evaluateArmTemplate(input, out);
    if (!used.empty()) recordDeployment(parsed.value, *source, input.parameters, used, first, out);
  }
  return out;
}

}  // namespace palisade
