#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/azure/diagnostic_settings.h"

namespace palisade {

void checkAzureArcClusterExtensionsMissing(const Resource& resource, CheckContext& context) {
  const Value* wanted = context.params().find("extension-types");
  if (!wanted || !wanted->isArray() || resource.name.empty() || resource.existing) return;
  std::vector<std::string> types;
  for (const Value& t : wanted->items()) {
    if (t.isString()) types.push_back(t.asString());
  }
  std::vector<bool> found(types.size(), false);
  bool unknown = false;
  const SourceFile* root = azure::deploymentRoot(resource);
  for (const Resource* extension : context.project().ofType("Microsoft.KubernetesConfiguration/extensions")) {
    if (extension->condition == Tri::False) continue;
    bool same_deployment = azure::deploymentRoot(*extension) == root;
    azure::DiagnosticTarget target = azure::diagnosticTarget(context.project(), *extension);
    if (!target.known || (equalsIgnoreCase(target.type, resource.type) && target.name.empty())) {
      if (same_deployment) unknown = true;
      continue;
    }
    if (!equalsIgnoreCase(target.type, resource.type) || !equalsIgnoreCase(target.name, resource.name)) continue;
    const Value* type = valueAt(extension->body, "properties.extensionType");
    if (!type || !type->isString()) {
      unknown = true;
      continue;
    }
    for (std::size_t i = 0; i < types.size(); ++i) {
      if (equalsIgnoreCase(type->asString(), types[i])) found[i] = true;
    }
  }
  std::string missing;
  for (std::size_t i = 0; i < types.size(); ++i) {
    if (!found[i]) missing += (missing.empty() ? "'" : ", '") + types[i] + "'";
  }
  if (missing.empty() || (unknown && !context.strict())) return;
  std::string message = fmt::format("{} has no cluster extension of type {} in the scanned files", resource.displayName(), missing);
  if (unknown) message += " (reported because of --strict: an extension's scope or type cannot be known statically)";
  context.report(resource, resource.declaration, std::move(message), "extensions");
}

}  // namespace palisade
