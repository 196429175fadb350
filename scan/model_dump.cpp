#include "scan/model_dump.h"

#include <nlohmann/json.hpp>

#include "core/source_file.h"

namespace palisade {

namespace {

nlohmann::ordered_json toJson(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::Null: return nullptr;
    case Value::Kind::Bool: return v.asBool();
    case Value::Kind::Int: return v.asInt();
    case Value::Kind::Number: return v.asNumber();
    case Value::Kind::String: return v.asString();
    case Value::Kind::Unknown: {
      nlohmann::ordered_json out{{"$unknown", v.asString()}};
      if (const Value::Array* candidates = v.candidates()) {
        auto one_of = nlohmann::ordered_json::array();
        for (const Value& c : *candidates) one_of.push_back(toJson(c));
        out["$oneOf"] = std::move(one_of);
      }
      return out;
    }
    case Value::Kind::Array: {
      auto out = nlohmann::ordered_json::array();
      for (const Value& item : v.items()) out.push_back(toJson(item));
      return out;
    }
    case Value::Kind::Object: {
      auto out = nlohmann::ordered_json::object();
      for (const Member& m : v.members()) out[m.key] = toJson(m.value);
      return out;
    }
  }
  return nullptr;
}

// The values of an object that another file than its own wrote, path → file:line: for a
// Kustomize-built object, where the value stands (a patch, the overlay's kustomization, a
// generator); for a rendered Helm object (`by_origin`), where it came from when that is known
// (a values file) and else the template that wrote it (an `include`d helper).
void collectOrigins(const Value& v, const SourceFile* own, const std::string& path, bool by_origin, nlohmann::ordered_json& out) {
  if (v.isObject()) {
    for (const Member& m : v.members()) collectOrigins(m.value, own, path.empty() ? m.key : path + "." + m.key, by_origin, out);
    return;
  }
  if (v.isArray()) {
    for (std::size_t i = 0; i < v.items().size(); ++i) collectOrigins(v.items()[i], own, path + "[" + std::to_string(i) + "]", by_origin, out);
    return;
  }
  const Span& at = by_origin && v.origin().file ? v.origin() : v.span();
  if (at.file && at.file != own) out[path] = at.file->path() + ":" + std::to_string(at.start.line);
}

std::string conditionName(Tri t) { return t == Tri::True ? "always" : t == Tri::False ? "never" : "unknown"; }

}  // namespace

std::string dumpModelJson(const Project& project, KubernetesVersion kubernetes_version) {
  nlohmann::ordered_json doc;
  doc["root"] = project.root();
  auto resources = nlohmann::ordered_json::array();
  for (const Resource& r : project.resources()) {
    nlohmann::ordered_json j;
    j["format"] = std::string(formatName(r.format));
    j["type"] = r.type;
    if (!r.api_version.empty()) j["apiVersion"] = r.api_version;
    j["name"] = r.name;
    if (!r.namespace_name.empty()) j["namespace"] = r.namespace_name;
    if (!r.symbolic_name.empty()) j["symbolicName"] = r.symbolic_name;
    if (r.declaration.file) {
      j["file"] = r.declaration.file->path();
      j["line"] = r.declaration.start.line;
    }
    // Kustomize: the kustomization whose build made it (its values keep the lines of the files that wrote them).
    if (r.built_by.file) {
      j["builtBy"] = r.built_by.file->path();
      auto origins = nlohmann::ordered_json::object();
      collectOrigins(r.body, r.declaration.file, "", false, origins);
      if (!origins.empty()) j["origins"] = std::move(origins);
    }
    // Helm: the chart that rendered it; `file`/`line` are the template's.
    if (r.rendered_by.file) {
      j["chart"] = r.chart_name;
      j["renderedBy"] = r.rendered_by.file->path();
      auto origins = nlohmann::ordered_json::object();
      collectOrigins(r.body, r.declaration.file, "", true, origins);
      if (!origins.empty()) j["origins"] = std::move(origins);
    }
    if (r.condition != Tri::True) j["condition"] = conditionName(r.condition);
    if (r.loop_index) j["loopIndex"] = *r.loop_index;
    if (r.existing) j["existing"] = true;
    if (r.format == Format::Bicep || r.format == Format::Arm) j["deploymentScope"] = r.deployment_scope.display();
    if (!r.parameter_file.empty()) j["parameterFile"] = r.parameter_file;
    if (!r.module_chain.empty()) {
      auto chain = nlohmann::ordered_json::array();
      for (const ModuleCall& call : r.module_chain) chain.push_back({{"name", call.name}, {"path", call.path}});
      j["modules"] = chain;
    }
    if (!r.pod_spec_path.empty()) {
      std::string path;
      for (const std::string& key : r.pod_spec_path) path += (path.empty() ? "" : ".") + key;
      j["podSpec"] = path;
    }
    j["body"] = toJson(r.body);
    resources.push_back(std::move(j));
  }
  doc["resources"] = std::move(resources);
  // The settings of the cluster's components, as the kubernetes-cluster rules see them.
  const ComponentConfigs& configs = project.derived<ComponentConfigs>(kubernetes_version);
  if (!configs.all().empty()) {
    auto components = nlohmann::ordered_json::array();
    for (const auto& c : configs.all()) {
      nlohmann::ordered_json j;
      j["component"] = c->component;
      j["source"] = c->source;
      j["resource"] = c->resource->displayName();
      if (c->anchor.file) {
        j["file"] = c->anchor.file->path();
        j["line"] = c->anchor.start.line;
      }
      j["kubernetesVersion"] = c->view.find("kubernetes-version")->asString();
      auto flags = nlohmann::ordered_json::object();
      auto defaulted = nlohmann::ordered_json::array();
      for (const Member& m : c->flags().members()) {
        flags[m.key] = toJson(m.value);
        if (c->defaulted.contains(&m.value)) defaulted.push_back(m.key);
      }
      j["flags"] = std::move(flags);
      j["notWritten"] = std::move(defaulted);
      components.push_back(std::move(j));
    }
    doc["componentConfigurations"] = std::move(components);
  }
  return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace palisade
