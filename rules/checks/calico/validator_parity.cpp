// What `calicoctl apply` (and the Calico API server) refuses, beyond
// selectors, CIDRs, ports, actions and names (CAL001-CAL010): each check
// below mirrors named functions of libcalico-go/lib/validator/v3 and the
// validation tags of the projectcalico.org/v3 API types, as written in the
// rule docs (CAL020-CAL026).
#include <fmt/format.h>

#include <set>

#include "core/ascii.h"
#include "parsers/calico/ports.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/check_support.h"
#include "rules/checks/calico/k8s_names.h"
#include "rules/checks/calico/rule_relations.h"

namespace palisade::calico {

namespace {

const Value* specOf(const Resource& resource) {
  const Value* spec = resource.body.find("spec");
  return spec && spec->isObject() ? spec : nullptr;
}

bool isString(const Value* v) { return v && v->isString(); }

}  // namespace

// CAL020: validateEntityRule (services exclusive with nets, notNets,
// selector, notSelector, namespaceSelector, serviceAccounts; a name),
// validateRule (no ports or notPorts beside destination services),
// validateNetworkPolicySpec / validateGlobalNetworkPolicySpec (services only
// as an ingress source or an egress destination; a namespace in global
// policies) and ServiceMatch's `name` tags.
void checkCalicoServicesMatchInvalid(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) {
      if (absent(e.services) || e.services->isUnknown()) return;
      const std::string where = path + ".services";
      const Span at = keySpan(e.node, "services");
      if (!e.services->isObject()) {
        context.report(resource, e.services->span(), "services must be a mapping with name and namespace", where);
        return;
      }
      const bool source = &e == &rule.source;
      if (rule.ingress && !source) {
        context.report(resource, at,
                       fmt::format("{}: services is not allowed in an ingress rule's destination (the destination "
                                   "is the policy's own endpoint)",
                                   rule.describe()),
                       where);
        context.addHelp("match the service as the source");
      } else if (!rule.ingress && source) {
        context.report(resource, at,
                       fmt::format("{}: services is not allowed in an egress rule's source", rule.describe()), where);
        context.addHelp("match the service as the destination");
      }
      std::vector<std::string> conflicts;
      for (const auto& [field, key] :
           {std::pair{e.nets, "nets"}, std::pair{e.not_nets, "notNets"}, std::pair{e.selector, "selector"},
            std::pair{e.not_selector, "notSelector"}, std::pair{e.namespace_selector, "namespaceSelector"},
            std::pair{e.service_accounts, "serviceAccounts"}}) {
        if (!absent(field)) conflicts.push_back(key);
      }
      if (!source) {
        // Destination services take their ports from the service's endpoints.
        for (const auto& [field, key] : {std::pair{e.ports, "ports"}, std::pair{e.not_ports, "notPorts"}}) {
          if (!absent(field)) conflicts.push_back(key);
        }
      }
      if (!conflicts.empty()) {
        std::string list;
        for (const std::string& c : conflicts) list += (list.empty() ? "" : ", ") + c;
        context.report(resource, at,
                       fmt::format("{}: services cannot be combined with {} in the same {}; Calico takes the "
                                   "service's endpoints (and ports) from the Service itself",
                                   rule.describe(), list, source ? "source" : "destination"),
                       where);
      }
      const Value* name = e.services->find("name");
      if (!isString(name) || name->asString().empty()) {
        if (!name || !name->isUnknown()) {
          context.report(resource, e.services->span(),
                         fmt::format("{}: services must name a Service (services.name)", rule.describe()),
                         where + ".name");
        }
      } else if (!isDnsSubdomain(name->asString())) {
        context.report(resource, name->span(),
                       fmt::format("services.name '{}' is not a Kubernetes object name (lowercase letters, digits, "
                                   "'-' and '.')",
                                   name->asString()),
                       where + ".name");
      }
      const Value* ns = e.services->find("namespace");
      if (isString(ns) && !ns->asString().empty() && !isDnsSubdomain(ns->asString())) {
        context.report(resource, ns->span(),
                       fmt::format("services.namespace '{}' is not a Kubernetes namespace name", ns->asString()),
                       where + ".namespace");
      } else if (policy->global && (!ns || (ns->isString() && ns->asString().empty()) || ns->isNull())) {
        context.report(resource, e.services->span(),
                       fmt::format("{}: a global policy must say which namespace the Service is in "
                                   "(services.namespace)",
                                   rule.describe()),
                       where + ".namespace");
      }
    });
  });
}

// CAL021: validateRule (HTTP only on Allow rules, protocol TCP or unset),
// validateNetworkPolicySpec / validateGlobalNetworkPolicySpec (no HTTP in
// egress rules), validateHTTPRule with validateHTTPMethods (no repeats) and
// validateHTTPPaths (each path exactly one of exact/prefix, starting with
// '/', without '?', '#' or spaces).
void checkCalicoHttpMatchInvalid(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy) return;
  forEachRule(*policy, [&](const RuleView& rule) {
    if (absent(rule.http) || rule.http->isUnknown()) return;
    const std::string where = rule.path + ".http";
    const Span at = keySpan(rule.node, "http");
    const std::string action = rule.actionName();
    if (!rule.ingress) {
      context.report(resource, at,
                     fmt::format("{}: HTTP matches are allowed only in ingress rules", rule.describe()), where);
    } else if (!action.empty() && action != "Allow") {
      context.report(resource, at,
                     fmt::format("{}: HTTP matches are only valid on Allow rules, not {}", rule.describe(), action),
                     where);
    }
    if (!absent(rule.protocol)) {
      const ParsedProtocol parsed = parseProtocol(*rule.protocol);
      if (parsed.protocol && parsed.protocol->number != 6) {
        context.report(resource, rule.protocol->span(),
                       fmt::format("{}: a rule with an HTTP match must have protocol TCP or none, not {}",
                                   rule.describe(), parsed.protocol->display()),
                       rule.path + ".protocol");
      }
    }
    if (!rule.http->isObject()) return;
    if (const Value* methods = rule.http->find("methods"); methods && methods->isArray()) {
      std::set<std::string> seen;
      for (const Value& m : methods->items()) {
        if (m.isString() && !seen.insert(m.asString()).second) {
          context.report(resource, m.span(),
                         fmt::format("HTTP method '{}' is listed twice; Calico refuses repeated methods",
                                     m.asString()),
                         where + ".methods");
        }
      }
    }
    const Value* paths = rule.http->find("paths");
    if (!paths || !paths->isArray()) return;
    std::size_t i = 0;
    for (const Value& p : paths->items()) {
      const std::string item = fmt::format("{}.paths[{}]", where, i++);
      if (!p.isObject()) continue;
      const Value* exact = p.find("exact");
      const Value* prefix = p.find("prefix");
      const bool has_exact = isString(exact) && !exact->asString().empty();
      const bool has_prefix = isString(prefix) && !prefix->asString().empty();
      if ((exact && exact->isUnknown()) || (prefix && prefix->isUnknown())) continue;
      if (has_exact == has_prefix) {
        context.report(resource, p.span(),
                       has_exact ? std::string("an HTTP path sets both exact and prefix")
                                 : std::string("an HTTP path must set exact or prefix"),
                       item);
        if (has_exact) context.addHelp("set exactly one");
        continue;
      }
      const Value* v = has_exact ? exact : prefix;
      const std::string& text = v->asString();
      if (!text.starts_with('/') || text.find_first_of("? #") != std::string::npos) {
        context.report(resource, v->span(),
                       fmt::format("HTTP path '{}' must start with '/' and hold no '?', '#' or space", text), item);
      }
    }
  });
}

namespace {

struct BuiltInTier {
  std::string_view name;
  double order;
  std::string_view default_action;
};
// The tiers Calico creates itself, with the order and default action its API enforces.
constexpr BuiltInTier kBuiltInTiers[] = {
    {"default", 1'000'000, "Deny"},
    {"kube-admin", 1'000, "Pass"},
    {"kube-baseline", 10'000'000, "Pass"},
    {"adminnetworkpolicy", 1'000, ""},
    {"baselineadminnetworkpolicy", 10'000'000, ""},
};

}  // namespace

// CAL022: validateTier (the built-in tiers' fixed order), the Tier type's
// validation (defaultAction one of Deny and Pass; kube-admin and
// kube-baseline Pass, default Deny), and names.ValidateTieredPolicyName,
// which the policy clients call: a policy name's tier prefix must be its
// tier.
void checkCalicoTierInvalid(const Resource& resource, CheckContext& context) {
  const Value* spec = specOf(resource);
  if (resource.kind == "Tier") {
    const Value* action = spec ? spec->find("defaultAction") : nullptr;
    if (action && action->isString() && action->asString() != "Deny" && action->asString() != "Pass") {
      context.report(resource, action->span(),
                     fmt::format("Tier defaultAction must be Deny or Pass, not '{}'", action->asString()),
                     "spec.defaultAction");
    }
    for (const BuiltInTier& t : kBuiltInTiers) {
      if (resource.name != t.name) continue;
      const Value* order = spec ? spec->find("order") : nullptr;
      if (!order || !order->isUnknown()) {
        const bool right = order && order->isNumber() && order->asNumber() == t.order;
        if (!right && (!order || order->isNumber() || order->isNull())) {
          context.report(resource, order ? order->span() : resource.declaration,
                         fmt::format("the built-in tier '{}' must have order {:.0f}{}", t.name, t.order,
                                     order ? "" : " (it is not set)"),
                         "spec.order");
        }
      }
      if (!t.default_action.empty() && !(action && action->isUnknown())) {
        const bool right = action && action->isString() && action->asString() == t.default_action;
        if (!right) {
          context.report(resource, action ? action->span() : resource.declaration,
                         fmt::format("the built-in tier '{}' must have defaultAction {}{}", t.name, t.default_action,
                                     t.default_action == "Deny" ? " (Pass would skip the last tier's verdict)" : ""),
                         "spec.defaultAction");
        }
      }
    }
    return;
  }
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || resource.kind == "StagedKubernetesNetworkPolicy") return;
  if (policy->tier && !policy->tier->isNull() && !policy->tier->isUnknown()) {
    if (!policy->tier->isString() || !isDnsLabel(policy->tier->asString())) {
      context.report(resource, policy->tier->span(),
                     fmt::format("tier '{}' is not a tier name (lowercase letters, digits and '-')",
                                 policy->tier->toDisplayString()),
                     "spec.tier");
      return;
    }
  }
  const std::string& name = resource.name;
  if (name.empty() || name.starts_with("knp.default.") || name.starts_with("ossg.default.")) return;
  const std::string tier = policy->tierName();
  const std::size_t dot = name.find('.');
  if (dot != std::string::npos && name.find('.', dot + 1) != std::string::npos) return;  // CAL010's
  const Value* name_value = metadataField(resource, "name");
  const Span at = name_value ? name_value->span() : resource.declaration;
  if (dot == std::string::npos) {
    if (tier == "default") return;
    context.report(resource, at,
                   fmt::format("{} '{}' is in tier '{}' but its name has no '{}.' prefix", resource.kind, name, tier,
                               tier),
                   "metadata.name");
    context.addHelp(fmt::format("Calico versions that check tiered names (before 3.30) refuse it: name it '{}.{}'", tier,
                                name));
    return;
  }
  const std::string_view prefix = std::string_view(name).substr(0, dot);
  if (prefix != tier) {
    context.report(resource, at,
                   fmt::format("{} name '{}' starts with the tier prefix '{}.' but the policy is in tier '{}'",
                               resource.kind, name, prefix, tier),
                   "metadata.name");
    context.addHelp(fmt::format("Calico versions that check tiered names (before 3.30) refuse it, and later ones keep a "
                                "misleading name: name it '{}.{}' or set spec.tier: {}",
                                tier, name.substr(dot + 1), prefix));
  }
}

// CAL023: validateHostEndpointSpec (a node, and an interfaceName or
// expectedIPs), the HostEndpointSpec tags (node and profiles are names,
// interfaceName the `interface` format) and validateEndpointPort with
// EndpointPort's tags (a port name, a protocol with ports, 1-65535).
void checkCalicoHostEndpointInvalid(const Resource& resource, CheckContext& context) {
  const Value* spec = specOf(resource);
  if (!spec) {
    context.report(resource, resource.declaration, "HostEndpoint has no spec", "spec");
    context.addHelp("Calico needs spec.node and an interfaceName or expectedIPs");
    return;
  }
  const Value* node = spec->find("node");
  if (!node || node->isNull() || (node->isString() && node->asString().empty())) {
    context.report(resource, keySpan(&resource.body, "spec"),
                   "HostEndpoint has no spec.node: Calico needs the name of the node it belongs to", "spec.node");
  } else if (node->isString() && !isDnsSubdomain(node->asString())) {
    context.report(resource, node->span(),
                   fmt::format("spec.node '{}' is not a node name (lowercase letters, digits, '-' and '.')",
                               node->asString()),
                   "spec.node");
  }
  const Value* iface = spec->find("interfaceName");
  const Value* ips = spec->find("expectedIPs");
  const bool has_iface = iface && !iface->isNull() && !(iface->isString() && iface->asString().empty());
  const bool has_ips = ips && ips->isArray() && !ips->items().empty();
  if (!has_iface && !has_ips && !(iface && iface->isUnknown()) && !(ips && ips->isUnknown())) {
    context.report(resource, keySpan(&resource.body, "spec"),
                   "HostEndpoint sets neither interfaceName nor expectedIPs: Calico cannot tell which interface it "
                   "is",
                   "spec.interfaceName");
  }
  if (has_iface && iface->isString()) {
    const std::string& s = iface->asString();
    bool ok = s == "*" || (!s.empty() && s.size() <= 15);
    for (char c : s) ok = ok && (s == "*" || isAlnum(c) || c == '_' || c == '.' || c == '-');
    if (!ok) {
      context.report(resource, iface->span(),
                     fmt::format("interfaceName '{}' is not an interface name ('*', or 1-15 letters, digits, '_', "
                                 "'.' and '-')",
                                 s),
                     "spec.interfaceName");
    }
  }
  if (const Value* profiles = spec->find("profiles"); profiles && profiles->isArray()) {
    for (const Value& p : profiles->items()) {
      if (p.isString() && !isDnsSubdomain(p.asString())) {
        context.report(resource, p.span(),
                       fmt::format("profile '{}' is not a profile name (lowercase letters, digits, '-' and '.')",
                                   p.asString()),
                       "spec.profiles");
      }
    }
  }
  const Value* ports = spec->find("ports");
  if (!ports || !ports->isArray()) return;
  std::size_t i = 0;
  for (const Value& port : ports->items()) {
    const std::string path = fmt::format("spec.ports[{}]", i++);
    if (!port.isObject()) continue;
    const Value* name = port.find("name");
    if (!name || !name->isUnknown()) {
      if (!isString(name) || !isValidPortName(name->asString())) {
        context.report(resource, name ? name->span() : port.span(),
                       fmt::format("host endpoint port name {} is not a port name (1-15 lowercase letters, digits "
                                   "and '-', with a letter)",
                                   name ? "'" + name->toDisplayString() + "'" : std::string("(missing)")),
                       path + ".name");
      }
    }
    const Value* protocol = port.find("protocol");
    if (!protocol || protocol->isNull()) {
      context.report(resource, port.span(),
                     "host endpoint port has no protocol: Calico requires TCP, UDP or SCTP on endpoint ports (unlike "
                     "a Kubernetes NetworkPolicy, nothing defaults it to TCP)",
                     path + ".protocol");
    } else if (!protocol->isUnknown()) {
      const ParsedProtocol parsed = parseProtocol(*protocol);
      if (parsed.protocol && !parsed.protocol->supportsPorts()) {
        context.report(resource, protocol->span(),
                       fmt::format("host endpoint port protocol {} has no ports", parsed.protocol->display()),
                       path + ".protocol");
        context.addHelp("use TCP, UDP or SCTP");
      } else if (!parsed.protocol) {
        context.report(resource, protocol->span(), parsed.error, path + ".protocol");
      }
    }
    const Value* number = port.find("port");
    if (!number || (!number->isUnknown() && !(number->isInt() && number->asInt() >= 1 && number->asInt() <= 65535))) {
      context.report(resource, number ? number->span() : port.span(),
                     fmt::format("host endpoint port number must be 1-65535{}",
                                 number ? ", not " + number->toDisplayString() : std::string(" (it is missing)")),
                     path + ".port");
    }
  }
}

namespace {

// The fields a StagedKubernetesNetworkPolicy's spec may hold: a Kubernetes
// NetworkPolicy spec plus stagedAction.
constexpr std::string_view kStagedKubernetesFields[] = {"stagedAction", "podSelector", "ingress", "egress",
                                                        "policyTypes"};

}  // namespace

// CAL024: validateStagedAction (Set, Delete, Learn, Ignore) and
// validateStagedNetworkPolicy / validateStagedGlobalNetworkPolicy /
// validateStagedKubernetesNetworkPolicy (a Delete stages nothing but the
// deletion: no other spec field, tier aside; a staged Kubernetes policy
// holds only Kubernetes NetworkPolicy fields).
void checkCalicoStagedPolicyInvalid(const Resource& resource, CheckContext& context) {
  if (!isStagedKind(resource.kind)) return;
  const Value* spec = specOf(resource);
  if (!spec) return;
  const Value* action = spec->find("stagedAction");
  std::string staged_action = "Set";
  if (action && !action->isNull() && !action->isUnknown()) {
    staged_action = action->isString() ? action->asString() : action->toDisplayString();
    if (staged_action != "Set" && staged_action != "Delete" && staged_action != "Learn" && staged_action != "Ignore") {
      context.report(resource, action->span(),
                     fmt::format("stagedAction must be Set, Delete, Learn or Ignore (case-sensitive), not '{}'",
                                 staged_action),
                     "spec.stagedAction");
      return;
    }
  }
  const bool kubernetes = resource.kind == "StagedKubernetesNetworkPolicy";
  for (const Member& m : spec->members()) {
    if (m.key == "stagedAction" || m.value.isNull()) continue;
    if (kubernetes &&
        std::find(std::begin(kStagedKubernetesFields), std::end(kStagedKubernetesFields), m.key) ==
            std::end(kStagedKubernetesFields)) {
      context.report(resource, m.key_span,
                     fmt::format("'{}' is not a field of a StagedKubernetesNetworkPolicy spec (podSelector, "
                                 "ingress, egress, policyTypes, stagedAction); Calico refuses unknown fields",
                                 m.key),
                     "spec." + m.key);
      continue;
    }
    if (staged_action == "Delete" && (kubernetes || m.key != "tier")) {
      context.report(resource, m.key_span,
                     fmt::format("stagedAction: Delete stages the deletion only: Calico refuses other spec fields "
                                 "('{}'){}",
                                 m.key, kubernetes ? "" : ", tier aside"),
                     "spec." + m.key);
    }
  }
}

// CAL025: validateObjectMeta's label and annotation checks
// (validateObjectMetaLabels: keys are qualified names and values label
// values; validateObjectMetaAnnotations: keys are qualified names) and
// validateNetworkSet / validateGlobalNetworkSet (the label
// projectcalico.org/namespace is Calico's own).
void checkCalicoMetadataInvalid(const Resource& resource, CheckContext& context) {
  const Value* metadata = resource.body.find("metadata");
  if (!metadata || !metadata->isObject()) return;
  if (const Value* labels = metadata->find("labels"); labels && labels->isObject()) {
    for (const Member& m : labels->members()) {
      const std::string path = "metadata.labels['" + m.key + "']";
      if (!isQualifiedName(m.key)) {
        context.report(resource, m.key_span,
                       fmt::format("label key '{}' is not a qualified name (an optional DNS prefix and '/', then up "
                                   "to 63 letters, digits, '-', '_' and '.', starting and ending alphanumeric)",
                                   m.key),
                       path);
      } else if ((resource.kind == "NetworkSet" || resource.kind == "GlobalNetworkSet") &&
                 m.key == "projectcalico.org/namespace") {
        context.report(resource, m.key_span,
                       "the label projectcalico.org/namespace is reserved: Calico sets it from the namespace itself "
                       "and refuses it on network sets",
                       path);
      }
      if (m.value.isString() && !isValidLabelValue(m.value.asString())) {
        context.report(resource, m.value.span(),
                       fmt::format("label value '{}' is not a label value (up to 63 letters, digits, '-', '_' and "
                                   "'.', starting and ending alphanumeric)",
                                   m.value.asString()),
                       path);
      }
    }
  }
  if (const Value* annotations = metadata->find("annotations"); annotations && annotations->isObject()) {
    for (const Member& m : annotations->members()) {
      if (isQualifiedName(lowerAscii(m.key))) continue;
      context.report(resource, m.key_span,
                     fmt::format("annotation key '{}' is not a qualified name", m.key),
                     "metadata.annotations['" + m.key + "']");
    }
  }
}

// CAL026: NetworkPolicySpec / GlobalNetworkPolicySpec performanceHints tags
// (`unique,dive,oneof=AssumeNeededOnEveryNode`).
void checkCalicoPerformanceHintsInvalid(const Resource& resource, CheckContext& context) {
  const PolicyView* policy = factsOf(context).policyOf(resource);
  if (!policy || !policy->spec) return;
  const Value* hints = policy->spec->find("performanceHints");
  if (!hints || hints->isNull() || hints->isUnknown()) return;
  if (!hints->isArray()) {
    context.report(resource, hints->span(), "performanceHints must be a list", "spec.performanceHints");
    return;
  }
  std::set<std::string> seen;
  for (const Value& h : hints->items()) {
    if (h.isUnknown()) continue;
    const std::string text = h.isString() ? h.asString() : h.toDisplayString();
    if (text != "AssumeNeededOnEveryNode") {
      context.report(resource, h.span(),
                     fmt::format("'{}' is not a performance hint (the only one is AssumeNeededOnEveryNode, "
                                 "case-sensitive)",
                                 text),
                     "spec.performanceHints");
    } else if (!seen.insert(text).second) {
      context.report(resource, h.span(), "performanceHints lists AssumeNeededOnEveryNode twice; Calico refuses repeats",
                     "spec.performanceHints");
    }
  }
}

}  // namespace palisade::calico
