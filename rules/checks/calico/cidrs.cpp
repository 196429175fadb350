// CAL002 (CIDRs Calico refuses, mixed IP versions in one rule) and CAL003
// (CIDRs with host bits set): both walk every CIDR of a Calico object.
#include <fmt/format.h>

#include <functional>

#include "parsers/calico/cidr.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

namespace {

enum class Where {
  RuleNet,     // a policy rule's nets/notNets: strictly masked, bare IP allowed
  SetNet,      // NetworkSet/GlobalNetworkSet nets, IPReservation: any CIDR or IP
  PoolCidr,    // IPPool spec.cidr: strictly masked
  ExpectedIp,  // HostEndpoint expectedIPs: addresses only
};

using CidrVisitor = std::function<void(const Value& value, const std::string& path, Where where)>;

void forEachList(const Value* list, const std::string& path, Where where, const CidrVisitor& visit) {
  if (!list || !list->isArray()) return;
  std::size_t i = 0;
  for (const Value& item : list->items()) visit(item, fmt::format("{}[{}]", path, i++), where);
}

void forEachCidr(const Resource& resource, const CheckContext& context, const CidrVisitor& visit) {
  if (const PolicyView* policy = factsOf(context).policyOf(resource)) {
    forEachRule(*policy, [&](const RuleView& rule) {
      forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) {
        forEachList(e.nets, path + ".nets", Where::RuleNet, visit);
        forEachList(e.not_nets, path + ".notNets", Where::RuleNet, visit);
      });
    });
    return;
  }
  const Value* spec = resource.body.find("spec");
  if (!spec || !spec->isObject()) return;
  if (resource.kind == "NetworkSet" || resource.kind == "GlobalNetworkSet") {
    forEachList(spec->find("nets"), "spec.nets", Where::SetNet, visit);
  } else if (resource.kind == "IPReservation") {
    forEachList(spec->find("reservedCIDRs"), "spec.reservedCIDRs", Where::SetNet, visit);
  } else if (resource.kind == "IPPool") {
    if (const Value* cidr = spec->find("cidr")) visit(*cidr, "spec.cidr", Where::PoolCidr);
  } else if (resource.kind == "HostEndpoint") {
    forEachList(spec->find("expectedIPs"), "spec.expectedIPs", Where::ExpectedIp, visit);
  }
}

// `${VAR}` or `$VAR` (envsubst and similar templating): not a CIDR until
// the template is rendered.
bool isPlaceholder(std::string_view text) {
  const std::size_t dollar = text.find('$');
  if (dollar == std::string_view::npos || dollar + 1 >= text.size()) return false;
  const char next = text[dollar + 1];
  return next == '{' || next == '_' || (next >= 'A' && next <= 'Z') || (next >= 'a' && next <= 'z');
}

}  // namespace

void checkCalicoCidrPlaceholder(const Resource& resource, CheckContext& context) {
  forEachCidr(resource, context, [&](const Value& value, const std::string& path, Where) {
    if (!value.isString() || !isPlaceholder(value.asString())) return;
    context.report(resource, value.span(),
                   fmt::format("'{}' is a template placeholder, not a CIDR until it is substituted (envsubst or "
                               "similar)",
                               value.asString()),
                   path);
    context.addHelp("palisade checks the rendered file, so scan that too");
  });
}

void checkCalicoCidrInvalid(const Resource& resource, CheckContext& context) {
  forEachCidr(resource, context, [&](const Value& value, const std::string& path, Where where) {
    if (value.isUnknown() || value.isNull()) return;
    if (!value.isString()) {
      context.report(resource, value.span(), fmt::format("{} must be a CIDR string, not {}", path, kindName(value.kind())),
                     path);
      return;
    }
    if (isPlaceholder(value.asString())) return;  // CAL028's note
    const ParsedCidr parsed = parseCidr(value.asString());
    if (!parsed.cidr) {
      context.report(resource, value.span(), fmt::format("'{}' is not a valid CIDR: {}", value.asString(), parsed.error),
                     path);
      return;
    }
    if (where == Where::ExpectedIp && parsed.cidr->explicit_prefix) {
      context.report(resource, value.span(),
                     fmt::format("expectedIPs holds addresses, not networks: write '{}' without the /{}",
                                 parsed.cidr->addressString(), parsed.cidr->prefix),
                     path);
    }
  });

  // A rule may not mix IPv4 and IPv6 networks, nor contradict its ipVersion.
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    std::optional<int> seen;
    const std::optional<int> ip_version =
        rule.ip_version && rule.ip_version->isInt() ? std::optional<int>(static_cast<int>(rule.ip_version->asInt()))
                                                    : std::nullopt;
    forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) {
      for (const auto& [list, name] : {std::pair{e.nets, ".nets"}, std::pair{e.not_nets, ".notNets"}}) {
        if (!list || !list->isArray()) continue;
        std::size_t i = 0;
        for (const Value& item : list->items()) {
          const std::string item_path = fmt::format("{}{}[{}]", path, name, i++);
          if (!item.isString()) continue;
          const ParsedCidr parsed = parseCidr(item.asString());
          if (!parsed.cidr) continue;
          const int version = parsed.cidr->version;
          if (ip_version && (*ip_version == 4 || *ip_version == 6) && *ip_version != version) {
            context.report(resource, item.span(),
                           fmt::format("'{}' is an IPv{} network but the rule sets ipVersion: {}", item.asString(),
                                       version, *ip_version),
                           item_path);
          } else if (seen && *seen != version) {
            context.report(resource, item.span(),
                           fmt::format("'{}' is IPv{} but this rule already matches IPv{} networks", item.asString(),
                                       version, *seen),
                           item_path);
            context.addHelp("Calico refuses rules that mix IPv4 and IPv6 CIDRs: split it into two rules");
          }
          if (!seen) seen = version;
        }
      }
    });
  });
}

void checkCalicoCidrHostBits(const Resource& resource, CheckContext& context) {
  forEachCidr(resource, context, [&](const Value& value, const std::string& path, Where where) {
    if (!value.isString() || where == Where::ExpectedIp) return;
    const ParsedCidr parsed = parseCidr(value.asString());
    if (!parsed.cidr || !parsed.cidr->hostBitsSet()) return;
    const Cidr& cidr = *parsed.cidr;
    const std::string consequence =
        where == Where::SetNet ? "Calico reads it as that network"
                               : "calicoctl refuses it (a network must be strictly masked)";
    context.report(resource, value.span(),
                   fmt::format("'{}' has host bits set: it means {}; {}", value.asString(), cidr.network().toString(),
                               consequence),
                   path);
    context.addHelp(fmt::format("write {}, or {}/{} if the single host was meant", cidr.network().toString(),
                                cidr.addressString(), cidr.bits()));
  });
}

}  // namespace palisade::calico
