#include <fmt/format.h>

#include <array>
#include <set>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// CIS Azure v2.1.0 5.2.1–5.2.10: the operations an activity log alert must watch.
struct WatchedOperation {
  std::string_view operation;
  std::string_view item;
};
constexpr std::array<WatchedOperation, 10> kWatched = {{
    {"Microsoft.Authorization/policyAssignments/write", "5.2.1"},
    {"Microsoft.Authorization/policyAssignments/delete", "5.2.2"},
    {"Microsoft.Network/networkSecurityGroups/write", "5.2.3"},
    {"Microsoft.Network/networkSecurityGroups/delete", "5.2.4"},
    {"Microsoft.Security/securitySolutions/write", "5.2.5"},
    {"Microsoft.Security/securitySolutions/delete", "5.2.6"},
    {"Microsoft.Sql/servers/firewallRules/write", "5.2.7"},
    {"Microsoft.Sql/servers/firewallRules/delete", "5.2.8"},
    {"Microsoft.Network/publicIPAddresses/write", "5.2.9"},
    {"Microsoft.Network/publicIPAddresses/delete", "5.2.10"},
}};

bool isOperationField(const Value* field) {
  return field && field->isString() && equalsIgnoreCase(field->asString(), "operationName");
}

// Collects the operation names a condition leaf or `anyOf` group matches;
// false when a part of it is not known statically.
bool collect(const Value& leaf, std::set<std::string>& operations) {
  if (!leaf.isObject()) return false;
  if (const Value* any = leaf.find("anyOf")) {
    if (!any->isArray()) return false;
    for (const Value& item : any->items()) {
      if (!collect(item, operations)) return false;
    }
    return true;
  }
  const Value* field = leaf.find("field");
  if (field && field->isUnknown()) return false;
  if (!isOperationField(field)) return true;
  if (const Value* equals = leaf.find("equals")) {
    if (!equals->isString()) return false;
    operations.insert(lowerAscii(equals->asString()));
  }
  if (const Value* contains = leaf.find("containsAny")) {
    if (!contains->isArray()) return false;
    for (const Value& item : contains->items()) {
      if (!item.isString()) return false;
      operations.insert(lowerAscii(item.asString()));
    }
  }
  return true;
}

}  // namespace

void checkAzureActivityLogAlertsMissing(CheckContext& context) {
  const Project& project = context.project();
  std::vector<const Resource*> alerts;
  for (const Resource* r : project.ofType("Microsoft.Insights/activityLogAlerts")) {
    if (r->condition != Tri::False && !r->existing) alerts.push_back(r);
  }
  // No alert at all: this repository does not manage them (they live once per
  // subscription, often elsewhere); nothing to compare with.
  if (alerts.empty()) return;
  std::set<std::string> watched;
  bool unknown = false;
  for (const Resource* alert : alerts) {
    const Value* properties = alert->body.find("properties");
    if (!properties || !properties->isObject()) {
      unknown = true;
      continue;
    }
    const Value* enabled = properties->find("enabled");
    if (enabled && enabled->isBool() && !enabled->asBool()) continue;
    if (enabled && !enabled->isBool()) unknown = true;
    const Value* all_of = valueAt(*properties, "condition.allOf");
    if (!all_of || !all_of->isArray()) {
      unknown = true;
      continue;
    }
    for (const Value& leaf : all_of->items()) {
      if (!collect(leaf, watched)) unknown = true;
    }
  }
  if (unknown && !context.strict()) return;
  std::string missing;
  std::size_t count = 0;
  for (const WatchedOperation& w : kWatched) {
    if (watched.count(lowerAscii(w.operation))) continue;
    missing += fmt::format("{}{} ({})", missing.empty() ? "" : ", ", w.operation, w.item);
    ++count;
  }
  if (count == 0) return;
  const Resource& anchor = *alerts.front();
  std::string message = fmt::format(
      "the scanned files define activity log alerts, but {} of the {} operations CIS Azure 5.2 names {} no alert: {}",
      count, kWatched.size(), count == 1 ? "has" : "have", missing);
  if (unknown) message += " (reported because of --strict: an alert's condition is not known statically)";
  context.report(anchor, anchor.declaration, std::move(message), "activityLogAlerts");
}

}  // namespace palisade
