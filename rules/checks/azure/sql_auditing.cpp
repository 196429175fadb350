#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

void checkAzureSqlAuditing(const Resource& resource, CheckContext& context) {
  if (resource.name.empty()) return;
  Tri audited = Tri::False;
  bool unknown_names = false;
  for (std::string_view child : {"Microsoft.Sql/servers/auditingSettings", "Microsoft.Sql/servers/extendedAuditingSettings"}) {
    for (const Resource* settings : azure::childrenOf(context.project(), resource, child, unknown_names)) {
      const Value* state = valueAt(settings->body, "properties.state");
      if (!state) continue;
      if (state->isUnknown()) {
        audited = Tri::Unknown;
      } else if (state->isString() && equalsIgnoreCase(state->asString(), "Enabled")) {
        return;
      }
    }
  }
  if (unknown_names) audited = Tri::Unknown;
  if (audited == Tri::Unknown && !context.strict()) return;
  std::string message = fmt::format("{} has no auditing enabled in the scanned files", resource.displayName());
  context.report(resource, resource.declaration, std::move(message), "auditingSettings");
  context.addHelp("add an auditingSettings child with state 'Enabled' sending to Log Analytics or storage");
  if (audited == Tri::Unknown) context.markReportedBecauseStrict("a setting cannot be known statically");
}

}  // namespace palisade
