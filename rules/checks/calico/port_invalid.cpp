// CAL006: port numbers, ranges and named ports Calico refuses.
#include <fmt/format.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

void checkCalicoPortInvalid(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) {
      for (const auto& [list, key] : {std::pair{e.ports, "ports"}, std::pair{e.not_ports, "notPorts"}}) {
        if (!list || list->isNull() || list->isUnknown()) continue;
        if (!list->isArray()) {
          context.report(resource, list->span(), fmt::format("{} must be a list of ports", key), path + "." + key);
          continue;
        }
        std::size_t i = 0;
        for (const Value& item : list->items()) {
          const std::string item_path = fmt::format("{}.{}[{}]", path, key, i++);
          if (item.isUnknown()) continue;
          const ParsedPort parsed = parsePort(item);
          if (!parsed.port) context.report(resource, item.span(), parsed.error, item_path);
        }
      }
    });
  });
}

}  // namespace palisade::calico
