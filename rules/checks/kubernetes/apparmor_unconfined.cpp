#include <fmt/format.h>

#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/checks/kubernetes/pod_template.h"

namespace palisade {

namespace {

constexpr std::string_view kAppArmorAnnotationPrefix = "container.apparmor.security.beta.kubernetes.io/";

const Value* unconfinedProfile(const Value& holder) {
  const Value* context = holder.find("securityContext");
  const Value* profile = context ? context->find("appArmorProfile") : nullptr;
  const Value* type = profile ? profile->find("type") : nullptr;
  return type && type->isString() && type->asString() == "Unconfined" ? type : nullptr;
}

}  // namespace

void checkKubernetesApparmorUnconfined(const Resource& resource, CheckContext& context) {
  const Value* pod = resource.podSpec();
  if (!pod) return;
  const std::string fix = "remove the override or set appArmorProfile.type: RuntimeDefault";
  if (const Value* type = unconfinedProfile(*pod)) {
    context.report(resource, type->span(),
                   fmt::format("{} turns AppArmor off for all its containers (securityContext.appArmorProfile.type: "
                               "Unconfined)",
                               resource.displayName()),
                   "securityContext.appArmorProfile.type");
    context.addHelp(fix);
  }
  for (std::string_view list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Value* containers = pod->find(list);
    if (!containers || !containers->isArray()) continue;
    for (std::size_t i = 0; i < containers->items().size(); ++i) {
      const Value& container = containers->items()[i];
      const Value* type = unconfinedProfile(container);
      if (!type) continue;
      const Value* name = container.find("name");
      std::string label = name && name->isString() ? name->asString() : std::to_string(i);
      context.report(resource, type->span(),
                     fmt::format("container '{}' of {} runs without AppArmor (appArmorProfile.type: Unconfined)",
                                 label, resource.displayName()),
                     fmt::format("{}[{}].securityContext.appArmorProfile.type", list, label));
      context.addHelp(fix);
    }
  }
  for (const Member* annotation : podAnnotationsSetTo(resource, "unconfined")) {
    const Member& m = *annotation;
    if (!m.key.starts_with(kAppArmorAnnotationPrefix)) continue;
    std::string_view container = std::string_view(m.key).substr(kAppArmorAnnotationPrefix.size());
    context.report(resource, m.value.span(),
                   fmt::format("container '{}' of {} runs without AppArmor (annotation {}: unconfined)", container,
                               resource.displayName(), m.key),
                   "metadata.annotations['" + m.key + "']");
    context.addHelp(fix);
  }
}

}  // namespace palisade
