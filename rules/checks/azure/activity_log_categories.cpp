#include <fmt/format.h>

#include <algorithm>
#include <span>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// The activity log's own categories: a diagnostic setting that names one
// exports a subscription's activity log, not a resource's logs.
constexpr std::string_view kSubscriptionCategories[] = {"Administrative", "ServiceHealth", "Recommendation",
                                                          "Autoscale", "ResourceHealth"};
// What CIS 5.1.2 asks every activity log export to keep.
constexpr std::string_view kRequired[] = {"Administrative", "Alert", "Policy", "Security"};

// `enabled: true`, or the string "True" ARM also accepts (a parameter of type string).
bool isStatedOn(const Value* enabled) {
  if (!enabled) return false;
  if (enabled->isBool()) return enabled->asBool();
  return enabled->isString() && equalsIgnoreCase(enabled->asString(), "true");
}

bool isOneOf(std::string_view text, std::span<const std::string_view> list) {
  for (std::string_view item : list) {
    if (equalsIgnoreCase(text, item)) return true;
  }
  return false;
}

}  // namespace

void checkAzureSubscriptionActivityLogCategories(const Resource& resource, CheckContext& context) {
  // A management group's activity log has only Administrative and Policy:
  // CIS 5.1.2 is about the subscription's.
  using Kind = DeploymentScope::Kind;
  if (resource.deployment_scope.kind == Kind::ManagementGroup || resource.deployment_scope.kind == Kind::Tenant) return;
  const Value* logs = valueAt(resource.body, "properties.logs");
  if (!logs || !logs->isArray()) return;
  bool activity_log = false;
  bool unknown = false;
  std::vector<std::string_view> enabled;
  for (const Value& entry : logs->items()) {
    if (!entry.isObject()) {
      unknown = true;
      continue;
    }
    const Value* group = entry.find("categoryGroup");
    const Value* category = entry.find("category");
    const Value* on = entry.find("enabled");
    if (group && group->isString() && equalsIgnoreCase(group->asString(), "allLogs")) {
      if (!on || on->isUnknown() || isStatedOn(on)) return;  // every category
    }
    if ((group && group->isUnknown()) || (category && category->isUnknown()) || (on && on->isUnknown())) {
      unknown = true;
      continue;
    }
    if (!category || !category->isString()) continue;
    if (isOneOf(category->asString(), kSubscriptionCategories)) activity_log = true;
    if (isStatedOn(on)) {
      for (std::string_view required : kRequired) {
        if (equalsIgnoreCase(category->asString(), required)) enabled.push_back(required);
      }
    }
  }
  if (!activity_log || unknown) return;  // a resource's logs, or a list with parts not known statically
  std::string missing;
  for (std::string_view required : kRequired) {
    if (std::find(enabled.begin(), enabled.end(), required) != enabled.end()) continue;
    missing += (missing.empty() ? "" : ", ") + std::string(required);
  }
  if (missing.empty()) return;
  context.report(resource, logs->span(),
                 fmt::format("{} exports the subscription's activity log without the {} categor{} enabled",
                             resource.displayName(), missing, missing.find(',') == std::string::npos ? "y" : "ies"),
                 "properties.logs");
  context.addHelp("CIS asks for Administrative, Alert, Policy and Security");
}

}  // namespace palisade
