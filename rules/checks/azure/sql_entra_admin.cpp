#include <fmt/format.h>

#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

void checkAzureSqlEntraAdmin(const Resource& resource, CheckContext& context) {
  Tri has_admin = Tri::False;
  const Value* administrators = valueAt(resource.body, "properties.administrators");
  if (administrators && !administrators->isNull()) {
    if (administrators->isUnknown()) {
      has_admin = Tri::Unknown;
    } else if (const Value* login = administrators->find("login"); login && !login->isNull()) {
      has_admin = login->isUnknown() ? Tri::Unknown : Tri::True;
    } else if (const Value* sid = administrators->find("sid"); sid && !sid->isNull()) {
      has_admin = sid->isUnknown() ? Tri::Unknown : Tri::True;
    } else if (administrators->containsUnknown()) {
      has_admin = Tri::Unknown;
    }
  }
  if (has_admin == Tri::True) return;
  bool unknown_names = false;
  if (!resource.name.empty()) {
    if (!azure::childrenOf(context.project(), resource, "Microsoft.Sql/servers/administrators", unknown_names).empty()) return;
  } else if (has_admin == Tri::False) {
    has_admin = context.project().ofType("Microsoft.Sql/servers/administrators").empty() ? Tri::False : Tri::Unknown;
  }
  if (unknown_names) has_admin = Tri::Unknown;
  if (has_admin == Tri::Unknown && !context.strict()) return;
  std::string message =
      fmt::format("{} has no Microsoft Entra administrator, so only SQL logins can manage it", resource.displayName());
  context.report(resource, resource.declaration, std::move(message), "administrators");
  context.addHelp("set properties.administrators (an Entra group) and prefer azureADOnlyAuthentication");
  if (has_admin == Tri::Unknown) context.markReportedBecauseStrict("the administrator cannot be known statically");
}

}  // namespace palisade
