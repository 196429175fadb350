// CAL007: ICMP match fields that cannot apply — `icmp` without protocol
// ICMP/ICMPv6, an ICMP code without a type, out-of-range values, and an
// ipVersion that contradicts ICMP (IPv4) or ICMPv6 (IPv6).
#include <fmt/format.h>

#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

void checkIcmpFields(const Resource& resource, CheckContext& context, const Value* icmp, const std::string& path) {
  if (!icmp || !icmp->isObject()) return;
  const Value* type = icmp->find("type");
  const Value* code = icmp->find("code");
  if (code && !code->isNull() && (!type || type->isNull())) {
    context.report(resource, code->span(), "an ICMP code needs an ICMP type (a kernel limitation Calico enforces)",
                   path + ".code");
  }
  if (type && type->isInt() && (type->asInt() < 0 || type->asInt() > 254)) {
    context.report(resource, type->span(), fmt::format("ICMP type {} is outside 0-254", type->asInt()), path + ".type");
  }
  if (code && code->isInt() && (code->asInt() < 0 || code->asInt() > 255)) {
    context.report(resource, code->span(), fmt::format("ICMP code {} is outside 0-255", code->asInt()), path + ".code");
  }
}

}  // namespace

void checkCalicoIcmpProtocol(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    std::optional<Protocol> protocol;
    if (!absent(rule.protocol)) {
      const ParsedProtocol parsed = parseProtocol(*rule.protocol);
      if (!parsed.protocol) return;  // CAL009 reports the protocol itself
      protocol = parsed.protocol;
    }
    if (rule.icmp && !rule.icmp->isNull() && (!protocol || !protocol->isIcmp())) {
      context.report(resource, keySpan(rule.node, "icmp"),
                     fmt::format("icmp match in {} but {}: Calico refuses ICMP fields unless protocol is ICMP or ICMPv6",
                                 rule.describe(),
                                 protocol ? "the protocol is " + protocol->display() : std::string("no protocol is set")),
                     rule.path + ".icmp");
    }
    checkIcmpFields(resource, context, rule.icmp, rule.path + ".icmp");
    checkIcmpFields(resource, context, rule.not_icmp, rule.path + ".notICMP");
    if (rule.ip_version && rule.ip_version->isInt()) {
      const int64_t version = rule.ip_version->asInt();
      for (const Value* p : {rule.protocol, rule.not_protocol}) {
        if (absent(p)) continue;
        const ParsedProtocol parsed = parseProtocol(*p);
        if (!parsed.protocol) continue;
        if ((parsed.protocol->number == 1 && version != 4) || (parsed.protocol->number == 58 && version != 6)) {
          context.report(resource, rule.ip_version->span(),
                         fmt::format("ipVersion: {} contradicts protocol {} (ICMP is IPv4, ICMPv6 is IPv6)", version,
                                     parsed.protocol->display()),
                         rule.path + ".ipVersion");
        }
      }
    }
  });
}

}  // namespace palisade::calico
