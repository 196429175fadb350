// CAL009: rule actions, protocols and IP versions Calico refuses.
#include <fmt/format.h>

#include <array>

#include "core/ascii.h"
#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

constexpr std::array<std::string_view, 4> kActions{"Allow", "Deny", "Log", "Pass"};

void checkProtocol(const Resource& resource, CheckContext& context, const Value* value, const std::string& path) {
  if (absent(value) || value->isUnknown()) return;
  const ParsedProtocol parsed = parseProtocol(*value);
  if (parsed.protocol) return;
  context.report(resource, value->span(), parsed.error, path);
  if (!parsed.suggestion.empty()) context.addHelp(fmt::format("names are case-sensitive: write {}", parsed.suggestion));
}

}  // namespace

void checkCalicoActionProtocolInvalid(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    if (!rule.node->isObject()) {
      context.report(resource, rule.node->span(), fmt::format("{} must be a mapping with an action", rule.describe()),
                     rule.path);
      return;
    }
    if (!rule.action || rule.action->isNull()) {
      context.report(resource, rule.node->span(),
                     fmt::format("{} has no action", rule.describe()), rule.path + ".action");
      context.addHelp("Calico needs one of Allow, Deny, Log, Pass");
    } else if (!rule.action->isUnknown()) {
      const std::string action = rule.actionName();
      bool valid = false;
      std::string suggestion;
      for (std::string_view a : kActions) {
        valid = valid || action == a;
        if (lowerAscii(action) == lowerAscii(a)) suggestion = std::string(a);
      }
      if (!valid) {
        context.report(resource, rule.action->span(),
                       fmt::format("'{}' is not a Calico action (Allow, Deny, Log, Pass)", rule.action->toDisplayString()),
                       rule.path + ".action");
        if (!suggestion.empty()) context.addHelp("actions are case-sensitive: write " + suggestion);
      }
    }
    checkProtocol(resource, context, rule.protocol, rule.path + ".protocol");
    checkProtocol(resource, context, rule.not_protocol, rule.path + ".notProtocol");
    if (rule.ip_version && !rule.ip_version->isNull() && !rule.ip_version->isUnknown() &&
        !(rule.ip_version->isInt() && (rule.ip_version->asInt() == 4 || rule.ip_version->asInt() == 6))) {
      context.report(resource, rule.ip_version->span(),
                     fmt::format("ipVersion must be 4 or 6, not {}", rule.ip_version->toDisplayString()),
                     rule.path + ".ipVersion");
    }
  });
}

}  // namespace palisade::calico
