#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/azure/private_link.h"

namespace palisade {

namespace {

// Whether a connection with these group ids could target a resource of `type`.
bool groupIdsFit(const Value* group_ids, std::string_view type) {
  if (!group_ids || !group_ids->isArray()) return true;  // not known: it might
  for (const Value& id : group_ids->items()) {
    if (!id.isString() || !azure::groupsFor(id.asString(), type).empty()) return true;
  }
  return false;
}

// A module the front end could not read, called from the resource's deployment
// or its own file, whose path says it makes private endpoints.
bool unreadPrivateEndpointModule(const Project& project, const Resource& resource) {
  for (const Diagnostic& d : project.diagnostics()) {
    if (d.code != GenCode::ModuleNotResolved) continue;
    if (d.span.file != azure::deploymentRoot(resource) && d.span.file != resource.declaration.file) continue;
    std::string squashed;
    for (char c : lowerAscii(d.subject)) {
      if (c != '-' && c != '_' && c != ' ') squashed.push_back(c);
    }
    if (squashed.find("privateendpoint") != std::string::npos) return true;
  }
  return false;
}

std::string groupIdsOf(std::string_view type) {
  std::string out;
  for (const azure::PrivateLinkGroup& g : azure::privateLinkGroups()) {
    if (!equalsIgnoreCase(g.resource_type, type)) continue;
    if (!out.empty()) out += ", ";
    out += "'" + std::string(g.group_id) + "'";
  }
  return out;
}

// The project's private endpoints that may be deployed, with their connections'
// target ids parsed once (every resource that supports Private Link is checked
// against every endpoint).
class PrivateEndpointTargets {
 public:
  struct Target {
    azure::ParsedIdValue id;
    const Value* group_ids = nullptr;
  };
  struct Endpoint {
    const SourceFile* deployment_root = nullptr;
    bool unknown = false;  // its connection lists could not be read
    std::vector<Target> targets;
  };

  explicit PrivateEndpointTargets(const Project& project) {
    for (const Resource* endpoint : project.ofType("Microsoft.Network/privateEndpoints")) {
      if (endpoint->condition == Tri::False) continue;
      azure::PrivateEndpointConnections list = azure::connectionsOf(*endpoint);
      Endpoint e{azure::deploymentRoot(*endpoint), list.unknown, {}};
      for (const azure::PrivateEndpointConnection& connection : list.connections) {
        e.targets.push_back({azure::parseIdValue(connection.target_id), connection.group_ids});
      }
      endpoints.push_back(std::move(e));
    }
  }

  std::vector<Endpoint> endpoints;  // in project order
};

}  // namespace

void checkAzurePrivateEndpointMissing(const Resource& resource, CheckContext& context) {
  const Project& project = context.project();
  Tri covered = resource.name.empty() ? Tri::Unknown : Tri::False;
  const SourceFile* root = azure::deploymentRoot(resource);
  for (const PrivateEndpointTargets::Endpoint& endpoint : project.derived<PrivateEndpointTargets>().endpoints) {
    // An endpoint whose target is not known stands in only within its own deployment.
    bool same_deployment = endpoint.deployment_root == root;
    if (endpoint.unknown && same_deployment) covered = Tri::Unknown;
    for (const PrivateEndpointTargets::Target& target : endpoint.targets) {
      Tri names = azure::idNames(target.id, resource);
      if (names == Tri::True) return;
      if (names == Tri::Unknown && same_deployment && groupIdsFit(target.group_ids, resource.type)) {
        covered = Tri::Unknown;
      }
    }
  }
  if (covered == Tri::False && unreadPrivateEndpointModule(project, resource)) covered = Tri::Unknown;
  if (covered == Tri::Unknown && !context.strict()) return;
  std::string message = fmt::format("{} is reached through no private endpoint in the scanned files", resource.displayName());
  context.report(resource, resource.declaration, std::move(message), "privateEndpoint");
  context.addHelp(fmt::format("add a Microsoft.Network/privateEndpoints whose privateLinkServiceConnections target its "
                              "id (group id {})",
                              groupIdsOf(resource.type)));
  if (covered == Tri::Unknown) {
    context.markReportedBecauseStrict("a private endpoint whose target cannot be known may be it");
  }
}

}  // namespace palisade
