#include "parsers/kubernetes/json_manifest.h"

#include "parsers/arm/arm_reader.h"
#include "parsers/json/located_json.h"
#include "parsers/calico/calico_model.h"
#include "parsers/kubernetes/kubernetes_classifier.h"

namespace palisade {

namespace {

bool schemaNames(std::string_view text, std::string_view kind) {
  std::string_view head = text.substr(0, 4096);
  std::size_t schema = head.find("\"$schema\"");
  if (schema == std::string_view::npos) return false;
  std::size_t line_end = head.find_first_of("\n,", schema);
  std::string_view value = head.substr(schema, line_end == std::string_view::npos ? std::string_view::npos : line_end - schema);
  return value.find(kind) != std::string_view::npos;
}

}  // namespace

JsonContent classifyJsonText(std::string_view text) {
  if (looksLikeArmTemplate(text)) return JsonContent::ArmTemplate;
  if (schemaNames(text, "eploymentParameters.json")) return JsonContent::ArmParameters;
  if (text.find("\"apiVersion\"") != std::string_view::npos && text.find("\"kind\"") != std::string_view::npos) {
    return JsonContent::Manifest;
  }
  return JsonContent::Other;
}

JsonManifestResult readJsonManifest(const SourceFile& file, const ReadLimits& limits) {
  JsonManifestResult out;
  LocatedJsonResult parsed = parseLocatedJson(file, limits.max_depth);
  if (!parsed.ok) {
    out.is_manifest = true;  // it named apiVersion and kind: a manifest that does not parse
    out.diagnostics.push_back(jsonReadDiagnostic(parsed, file.path()));
    return out;
  }
  const Value& top = parsed.value;
  const Value* api_version = top.isObject() ? top.find("apiVersion") : nullptr;
  const Value* kind = top.isObject() ? top.find("kind") : nullptr;
  if (!api_version || !kind || !api_version->isString() || !kind->isString()) return out;  // some other JSON
  out.is_manifest = true;
  const Span whole = top.span();
  std::vector<YamlDocument> documents(1);
  documents[0].root = std::move(parsed.value);
  out.resources = classifyKubernetesDocuments(std::move(documents));
  for (const Resource& r : out.resources) calico::reportSelectorLimits(r, out.diagnostics);
  if (out.resources.empty()) {
    out.diagnostics.push_back(Diagnostic{GenCode::InputNotRecognised, "a List with no items: nothing to check", whole, file.path()});
  }
  return out;
}

}  // namespace palisade
