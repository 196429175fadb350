#include <fmt/format.h>

#include <unordered_map>
#include <unordered_set>

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
// targets read once and indexed: every resource that supports Private Link is
// checked against every endpoint, thousands of each on a large repository.
class PrivateEndpointTargets {
 public:
  explicit PrivateEndpointTargets(const Project& project) {
    for (const Resource* endpoint : project.ofType("Microsoft.Network/privateEndpoints")) {
      if (endpoint->condition == Tri::False) continue;
      const SourceFile* root = azure::deploymentRoot(*endpoint);
      azure::PrivateEndpointConnections list = azure::connectionsOf(*endpoint);
      if (list.unknown) roots_with_unreadable_endpoint.insert(root);
      for (const azure::PrivateEndpointConnection& connection : list.connections) {
        azure::ParsedIdValue id = azure::parseIdValue(connection.target_id);
        if (id.usable == Tri::True) {
          named.insert(nameKey(id.parts->type, id.parts->name));
        } else if (id.usable == Tri::Unknown) {
          unknown_targets[root].push_back(connection.group_ids);
        }
      }
    }
  }

  static std::string nameKey(std::string_view type, std::string_view name) {
    std::string key = lowerAscii(type);
    key += '\n';
    key += lowerAscii(name);
    return key;
  }

  std::unordered_set<std::string> named;  // targets whose id is known: nameKey(type, name)
  std::unordered_set<const SourceFile*> roots_with_unreadable_endpoint;  // its connection lists could not be read
  // Targets whose id cannot be known, by the deployment their endpoint is in: their group ids.
  std::unordered_map<const SourceFile*, std::vector<const Value*>> unknown_targets;
};

}  // namespace

void checkAzurePrivateEndpointMissing(const Resource& resource, CheckContext& context) {
  const Project& project = context.project();
  const PrivateEndpointTargets& targets = project.derived<PrivateEndpointTargets>();
  // A known target naming it covers it. A resource without a known name might be any target.
  if (!resource.name.empty() && targets.named.count(PrivateEndpointTargets::nameKey(resource.type, resource.name))) return;
  Tri covered = resource.name.empty() ? Tri::Unknown : Tri::False;
  // An endpoint whose target is not known stands in only within its own deployment.
  const SourceFile* root = azure::deploymentRoot(resource);
  if (targets.roots_with_unreadable_endpoint.count(root)) covered = Tri::Unknown;
  if (auto unknown = targets.unknown_targets.find(root); unknown != targets.unknown_targets.end()) {
    for (const Value* group_ids : unknown->second) {
      if (groupIdsFit(group_ids, resource.type)) covered = Tri::Unknown;
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
