#include "rules/checks/azure/azure_model.h"

#include <fmt/format.h>

#include "core/ascii.h"

namespace palisade::azure {

std::vector<const Resource*> declaredOfType(const Project& project, std::string_view type) {
  std::vector<const Resource*> out;
  for (const Resource* r : project.ofType(type)) {
    if (isDeclaredHere(*r)) out.push_back(r);
  }
  return out;
}

const Resource* declaredNamed(const Project& project, std::string_view type, std::string_view name) {
  for (const Resource* r : declaredOfType(project, type)) {
    if (!r->name.empty() && equalsIgnoreCase(r->name, name)) return r;
  }
  return nullptr;
}

std::optional<ResourceIdParts> parseResourceId(std::string_view id) {
  std::string lowered = lowerAscii(id);
  std::size_t providers = lowered.rfind("/providers/");
  if (providers == std::string::npos) return std::nullopt;
  std::string_view rest = id.substr(providers + 11);
  std::vector<std::string_view> segments;
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    segments.push_back(rest.substr(0, slash));
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  // namespace, then (type, name) pairs
  if (segments.size() < 3 || segments.size() % 2 == 0) return std::nullopt;
  ResourceIdParts parts;
  parts.type = std::string(segments[0]);
  for (std::size_t i = 1; i < segments.size(); i += 2) {
    if (segments[i].empty() || segments[i + 1].empty()) return std::nullopt;
    parts.type += "/" + std::string(segments[i]);
    if (!parts.name.empty()) parts.name += "/";
    parts.name += std::string(segments[i + 1]);
  }
  return parts;
}

ParsedIdValue parseIdValue(const Value* id) {
  ParsedIdValue out;
  if (!id || id->isNull()) return out;
  if (id->isUnknown()) {
    out.usable = Tri::Unknown;
    return out;
  }
  if (!id->isString()) return out;
  out.parts = parseResourceId(id->asString());
  if (out.parts) out.usable = Tri::True;
  return out;
}

Tri idNames(const ParsedIdValue& id, const Resource& target) {
  if (id.usable != Tri::True) return id.usable;
  if (!equalsIgnoreCase(id.parts->type, target.type)) return Tri::False;
  if (target.name.empty()) return Tri::Unknown;
  return triOf(equalsIgnoreCase(id.parts->name, target.name));
}

Tri idNames(const Value* id, const Resource& target) { return idNames(parseIdValue(id), target); }

std::vector<const Resource*> resourcesNamed(const Project& project, std::string_view type, std::string_view name) {
  std::vector<const Resource*> out;
  for (const Resource* r : project.ofType(type)) {
    if (r->condition != Tri::False && equalsIgnoreCase(r->name, name)) out.push_back(r);
  }
  return out;
}

const SourceFile* deploymentRoot(const Resource& resource) {
  if (!resource.module_chain.empty() && resource.module_chain.front().span.file) {
    return resource.module_chain.front().span.file;
  }
  return resource.declaration.file;
}

std::vector<const Resource*> childrenOf(const Project& project, const Resource& parent, std::string_view child_type,
                                        bool& unknown_names) {
  std::vector<const Resource*> out;
  std::string prefix = lowerAscii(parent.name) + "/";
  for (const Resource* r : project.ofType(child_type)) {
    if (r->condition == Tri::False) continue;
    // Names are unique per scope: a zone of the same name in another resource group is another zone.
    if (sameScope(r->deployment_scope, parent.deployment_scope) == Tri::False) continue;
    if (r->name.empty()) {
      if (deploymentRoot(*r) == deploymentRoot(parent)) unknown_names = true;
      continue;
    }
    std::string name = lowerAscii(r->name);
    if (name.size() > prefix.size() && name.compare(0, prefix.size(), prefix) == 0 &&
        name.find('/', prefix.size()) == std::string::npos) {
      out.push_back(r);
    }
  }
  return out;
}

Tri findSubnet(const Project& project, const Value* subnet_id, SubnetView& found) {
  if (!subnet_id || subnet_id->isNull()) return Tri::False;
  if (subnet_id->isUnknown()) return Tri::Unknown;
  if (!subnet_id->isString()) return Tri::Unknown;
  std::optional<ResourceIdParts> parts = parseResourceId(subnet_id->asString());
  if (!parts || !equalsIgnoreCase(parts->type, "Microsoft.Network/virtualNetworks/subnets")) return Tri::Unknown;
  std::size_t slash = parts->name.find('/');
  std::string vnet_name = parts->name.substr(0, slash);
  std::string subnet_name = parts->name.substr(slash + 1);
  // An `existing` subnet is only a reference: its properties are declared elsewhere.
  bool only_references = false;
  for (const Resource* r : resourcesNamed(project, "Microsoft.Network/virtualNetworks/subnets", parts->name)) {
    if (r->existing) {
      only_references = true;
      continue;
    }
    found = {r, &r->body, r->name};
    return Tri::True;
  }
  bool unknown = !project.ofType("Microsoft.Network/virtualNetworks/subnets").empty() &&
                 [&] {
                   for (const Resource* r : project.ofType("Microsoft.Network/virtualNetworks/subnets")) {
                     if (r->name.empty()) return true;
                   }
                   return false;
                 }();
  for (const Resource* vnet : resourcesNamed(project, "Microsoft.Network/virtualNetworks", vnet_name)) {
    if (vnet->existing) {
      only_references = true;
      continue;
    }
    const Value* subnets = valueAt(vnet->body, "properties.subnets");
    if (!subnets) continue;
    if (!subnets->isArray()) {
      unknown = true;
      continue;
    }
    for (const Value& subnet : subnets->items()) {
      const Value* name = subnet.find("name");
      if (!name || !name->isString()) {
        unknown = true;
        continue;
      }
      if (equalsIgnoreCase(name->asString(), subnet_name)) {
        found = {vnet, &subnet, vnet->name + "/" + name->asString()};
        return Tri::True;
      }
    }
  }
  return unknown || only_references ? Tri::Unknown : Tri::False;
}

Tri subnetHasNsg(const Value& subnet) {
  const Value* properties = subnet.find("properties");
  if (!properties) return Tri::False;
  if (properties->isUnknown()) return Tri::Unknown;
  const Value* nsg = properties->find("networkSecurityGroup");
  if (!nsg || nsg->isNull()) {
    // A Bicep reference to a deployed subnet carries unknown runtime state.
    const Value* rest = properties->find("...");
    return rest && rest->isUnknown() ? Tri::Unknown : Tri::False;
  }
  if (nsg->isUnknown()) return Tri::Unknown;
  const Value* id = nsg->find("id");
  if (!id || id->isNull()) return nsg->isObject() && nsg->members().empty() ? Tri::False : Tri::Unknown;
  if (id->isString() && id->asString().empty()) return Tri::False;
  return Tri::True;
}

}  // namespace palisade::azure
