#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

void checkAzureChildResourceMissing(const Resource& resource, CheckContext& context) {
  const Value* child_type = context.params().find("child-type");
  const Value* what = context.params().find("what");
  if (!child_type || !child_type->isString() || resource.name.empty()) return;
  bool unknown_names = false;
  std::vector<const Resource*> children = azure::childrenOf(context.project(), resource, child_type->asString(), unknown_names);
  // `child-names`: only children of these names count (`audit_log_enabled`, `authsettingsV2`).
  const Value* names = context.params().find("child-names");
  auto named = [&](const Resource& child) {
    if (!names || !names->isArray()) return true;
    std::string_view last = child.name;
    last = last.substr(last.rfind('/') + 1);
    for (const Value& n : names->items()) {
      if (n.isString() && equalsIgnoreCase(n.asString(), last)) return true;
    }
    return false;
  };
  for (const Resource* child : children) {
    if (child->condition != Tri::False && named(*child)) return;  // deployed, or may be
  }
  if (unknown_names && !context.strict()) return;
  std::string message = fmt::format("{} has no {}", resource.displayName(),
                                    what && what->isString() ? what->asString() : child_type->asString());
  context.report(resource, resource.declaration, std::move(message), child_type->asString());
  if (unknown_names) context.markReportedBecauseStrict("a child's name cannot be known statically");
}

}  // namespace palisade
