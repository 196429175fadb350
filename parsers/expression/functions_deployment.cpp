// The deployment context: resourceGroup(), subscription(), deployment(),
// resourceId() and the values known only at deployment.
#include "parsers/expression/function_families.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <optional>

#include "core/ascii.h"
#include "parsers/expression/operators.h"

namespace palisade::functions {

Value contextObject(const Args& a, std::string_view what, std::initializer_list<std::string_view> keys) {
  Value::Object members;
  for (std::string_view key : keys) {
    members.push_back(Member{std::string(key), a.span,
                             Value::unknown(fmt::format("{}().{} is known only at deployment", what, key), a.span)});
  }
  return Value::object(std::move(members), a.span);
}

// A member of a context object that is known: its value replaces the Unknown.
void setKnown(Value& object, std::string_view key, const std::string& text, const Args& a) {
  if (text.empty()) return;
  if (Value* member = object.find(key)) *member = Value::string(text, a.span);
}

std::string subscriptionIdOf(const std::string& subscription) {
  return subscription.empty() ? std::string() : "/subscriptions/" + subscription;
}

// resourceGroup(), resourceGroup(name), resourceGroup(subscriptionId, name): the
// name and id are known when given, or when a module's `scope:` named the group.
Value fnResourceGroup(const Args& a) {
  const DeploymentScope& scope = a.context.scope;
  std::string subscription = scope.subscription;
  std::string group = scope.kind == DeploymentScope::Kind::ResourceGroup ? scope.resource_group : std::string();
  Value out;
  if (!a.args.empty()) {
    out = contextObject(a, "resourceGroup", {"id", "name", "location", "properties", "tags", "managedBy"});
    group = a.args.back().isString() ? a.args.back().asString() : std::string();
    if (a.args.size() == 2) subscription = a.args[0].isString() ? a.args[0].asString() : std::string();
  } else {
    out = contextObject(a, "resourceGroup", {"id", "name", "type", "location", "properties", "tags", "managedBy"});
    setKnown(out, "type", "Microsoft.Resources/resourceGroups", a);
  }
  setKnown(out, "name", group, a);
  if (!group.empty() && !subscription.empty()) setKnown(out, "id", subscriptionIdOf(subscription) + "/resourceGroups/" + group, a);
  return out;
}
Value fnSubscription(const Args& a) {
  Value out = contextObject(a, "subscription", {"id", "subscriptionId", "tenantId", "displayName"});
  std::string subscription = a.args.empty() ? a.context.scope.subscription
                             : a.args[0].isString() ? a.args[0].asString()
                                                    : std::string();
  setKnown(out, "subscriptionId", subscription, a);
  setKnown(out, "id", subscriptionIdOf(subscription), a);
  return out;
}
Value fnTenant(const Args& a) { return contextObject(a, "tenant", {"tenantId", "countryCode", "displayName"}); }
Value fnManagementGroup(const Args& a) {
  Value out = contextObject(a, "managementGroup", {"id", "name", "type", "properties"});
  const DeploymentScope& scope = a.context.scope;
  std::string group = !a.args.empty() ? (a.args[0].isString() ? a.args[0].asString() : std::string())
                      : scope.kind == DeploymentScope::Kind::ManagementGroup ? scope.management_group
                                                                             : std::string();
  setKnown(out, "name", group, a);
  if (!group.empty()) setKnown(out, "id", "/providers/Microsoft.Management/managementGroups/" + group, a);
  return out;
}
Value fnDeployment(const Args& a) { return contextObject(a, "deployment", {"name", "location", "properties"}); }
Value fnDeployer(const Args& a) { return contextObject(a, "deployer", {"objectId", "tenantId", "userPrincipalName"}); }
Value fnEnvironment(const Args& a) {
  return contextObject(a, "environment", {"name", "authentication", "resourceManager", "suffixes", "graph", "gallery"});
}
Value fnUniqueString(const Args& a) { return deploymentOnly(a, "uniqueString()"); }
Value fnGuid(const Args& a) { return deploymentOnly(a, "guid()"); }
Value fnNewGuid(const Args& a) { return deploymentOnly(a, "newGuid()"); }
Value fnUtcNow(const Args& a) { return deploymentOnly(a, "utcNow()"); }
Value fnReference(const Args& a) { return deploymentOnly(a, "reference()"); }
Value fnDateTimeAdd(const Args& a) { return deploymentOnly(a, "dateTimeAdd()"); }
Value fnPickZones(const Args& a) { return deploymentOnly(a, "pickZones()"); }

// resourceId([subscriptionId], [resourceGroupName], type, name...): a stand-in id.
Value resourceIdImpl(const Args& a, std::string_view scope) {
  for (const Value& v : a.args) {
    if (v.isUnknown()) return Value::unknown(v.asString(), a.span);
    if (!v.isString()) return fail(a, "resource id parts must be strings");
  }
  std::size_t type_index = 0;
  while (type_index < a.args.size() && a.args[type_index].asString().find('/') == std::string::npos) ++type_index;
  if (type_index >= a.args.size()) return fail(a, "resource id without a resource type");
  std::string prefix;
  if (scope == "tenant") {
    prefix = "";
  } else if (scope == "managementGroup") {
    const std::string& group = a.context.scope.management_group;
    prefix = "/providers/Microsoft.Management/managementGroups/" + (group.empty() ? std::string("{managementGroup}") : group);
  } else {
    const DeploymentScope& deployed_to = a.context.scope;
    std::string subscription = deployed_to.subscription.empty() ? "{subscriptionId}" : deployed_to.subscription;
    std::string group = deployed_to.kind == DeploymentScope::Kind::ResourceGroup && !deployed_to.resource_group.empty()
                            ? deployed_to.resource_group
                            : "{resourceGroupName}";
    if (scope == "resourceGroup") {
      if (type_index >= 2) subscription = a.args[0].asString();
      if (type_index >= 1) group = a.args[type_index - 1].asString();
      prefix = "/subscriptions/" + subscription + "/resourceGroups/" + group;
    } else {
      if (type_index >= 1) subscription = a.args[0].asString();
      prefix = "/subscriptions/" + subscription;
    }
  }
  const std::string& type = a.args[type_index].asString();
  std::size_t slash = type.find('/');
  std::string out = prefix + "/providers/" + type.substr(0, slash);
  std::vector<std::string> type_parts;
  for (std::size_t pos = slash + 1; pos <= type.size();) {
    std::size_t next = type.find('/', pos);
    if (next == std::string::npos) next = type.size();
    type_parts.push_back(type.substr(pos, next - pos));
    pos = next + 1;
  }
  // A name argument may hold several segments: resourceId(type, 'vnet/subnet').
  std::vector<std::string> names;
  for (std::size_t i = type_index + 1; i < a.args.size(); ++i) {
    const std::string& name = a.args[i].asString();
    for (std::size_t pos = 0; pos <= name.size();) {
      std::size_t next = std::min(name.find('/', pos), name.size());
      names.push_back(name.substr(pos, next - pos));
      pos = next + 1;
    }
  }
  if (names.size() != type_parts.size()) return fail(a, "resource id names do not match the type's segments");
  for (std::size_t i = 0; i < type_parts.size(); ++i) out += "/" + type_parts[i] + "/" + names[i];
  return str(std::move(out), a);
}
Value fnResourceId(const Args& a) {
  return resourceIdImpl(a, a.context.scope.kind == DeploymentScope::Kind::ResourceGroup ? "resourceGroup" : "subscription");
}
Value fnSubscriptionResourceId(const Args& a) { return resourceIdImpl(a, "subscription"); }
Value fnTenantResourceId(const Args& a) { return resourceIdImpl(a, "tenant"); }
Value fnManagementGroupResourceId(const Args& a) { return resourceIdImpl(a, "managementGroup"); }
Value fnExtensionResourceId(const Args& a) {
  if (arg(a, 0).isUnknown()) return Value::unknown(arg(a, 0).asString(), a.span);
  std::vector<Value> rest(a.args.begin() + 1, a.args.end());
  Args inner{rest, a.span, a.context};
  Value tail = resourceIdImpl(inner, "tenant");
  if (!tail.isString() || !arg(a, 0).isString()) return tail;
  return str(arg(a, 0).asString() + tail.asString(), a);
}

}  // namespace palisade::functions
