#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <utility>

#include "core/ascii.h"
#include "rules/checks/kubernetes/pod_template.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/platform/platform_checks.h"

namespace palisade {

namespace {


constexpr std::string_view kGatewayType = "Microsoft.Network/applicationGateways";
constexpr std::string_view kWafPolicyType = "Microsoft.Network/ApplicationGatewayWebApplicationFirewallPolicies";
// The IngressClass the AKS add-on (AGIC) installs, its controller, and the older annotation value.
constexpr std::string_view kAgicClassName = "azure-application-gateway";
constexpr std::string_view kAgicController = "azure/application-gateway";
constexpr std::string_view kClassAnnotation = "kubernetes.io/ingress.class";
constexpr std::string_view kPerPathPolicyAnnotation = "appgw.ingress.kubernetes.io/waf-policy-for-path";

// The value that routes an Ingress through AGIC (its class name or annotation); nullptr when it does not.
const Value* agicClassOf(const Resource& ingress, const Project& project) {
  const Value* metadata = ingress.body.find("metadata");
  if (const Value* annotation = metadataEntry(metadata, "annotations", kClassAnnotation);
      annotation && annotation->isString() && annotation->asString() == kAgicController) {
    return annotation;
  }
  const Value* class_name = valueAt(ingress.body, "spec.ingressClassName");
  if (!class_name || !class_name->isString()) return nullptr;
  if (class_name->asString() == kAgicClassName) return class_name;
  const Resource* ingress_class = project.findNamed("IngressClass", "", class_name->asString());
  const Value* controller = ingress_class ? valueAt(ingress_class->body, "spec.controller") : nullptr;
  return controller && controller->isString() && controller->asString() == kAgicController ? class_name : nullptr;
}

// The gateways AGIC may drive: the ones AKS clusters' add-ons name, else
// (no cluster names one, or a name cannot be known) every gateway of the
// project. Empty when a cluster names a gateway the scan does not hold.
std::vector<const Resource*> agicGatewayCandidates(const Project& project, const std::vector<const Resource*>& gateways) {
  std::vector<const Resource*> named;
  for (const Resource* cluster : azure::declaredOfType(project, azure::kManagedClusterType)) {
    const Value* id = valueAt(cluster->body, "properties.addonProfiles.ingressApplicationGateway.config.applicationGatewayId");
    if (!id || id->isNull()) continue;
    if (!id->isString()) return gateways;
    const Resource* gateway = azure::declaredNamed(project, kGatewayType, lastSegment(id->asString()));
    if (!gateway) return {};
    if (std::find(named.begin(), named.end(), gateway) == named.end()) named.push_back(gateway);
  }
  return named.empty() ? gateways : named;
}

// Why a gateway does not block attacks, with where that is said; nullopt when
// its WAF is enabled in Prevention mode or that cannot be known.
struct WafGap {
  std::string why;
  Span at;
  std::string what;  // the related location's message
};

std::optional<WafGap> modeGap(const Value* state, const Value* mode, bool state_default_enabled, std::string_view owner,
                              const Span& fallback) {
  if ((state && state->isUnknown()) || (mode && mode->isUnknown())) return std::nullopt;
  bool enabled = isAbsent(state) ? state_default_enabled
                 : state->isBool()         ? state->asBool()
                                           : state->isString() && equalsIgnoreCase(state->asString(), "Enabled");
  if (!enabled) {
    return WafGap{fmt::format("whose {} is disabled", owner), spanOr(state, fallback), std::string(owner) + " disabled"};
  }
  if (mode && mode->isString() && equalsIgnoreCase(mode->asString(), "Prevention")) return std::nullopt;
  std::string shown = mode && mode->isString() ? "in " + mode->asString() + " mode" : "without a mode (Detection by default)";
  return WafGap{fmt::format("whose {} runs {}: attacks are logged, not blocked", owner, shown),
                spanOr(mode, fallback), fmt::format("{} {}", owner, shown)};
}

std::optional<WafGap> wafGapOf(const Resource& gateway, const Project& project) {
  const Value* properties = gateway.body.find("properties");
  if (!properties || properties->isUnknown()) return std::nullopt;
  const Value* tier = valueAt(*properties, "sku.tier");
  if (tier && tier->isUnknown()) return std::nullopt;
  const Value* policy_id = valueAt(*properties, "firewallPolicy.id");
  if (!isAbsent(policy_id)) {
    if (!policy_id->isString()) return std::nullopt;
    const Resource* policy = azure::declaredNamed(project, kWafPolicyType, lastSegment(policy_id->asString()));
    if (!policy) return std::nullopt;
    const Value* settings = valueAt(policy->body, "properties.policySettings");
    if (settings && settings->isUnknown()) return std::nullopt;
    const Value* state = settings ? settings->find("state") : nullptr;
    const Value* mode = settings ? settings->find("mode") : nullptr;
    return modeGap(state, mode, true, fmt::format("WAF policy '{}'", policy->name),
                   spanOr(settings, policy->declaration));
  }
  const Value* config = properties->find("webApplicationFirewallConfiguration");
  if (!isAbsent(config)) {
    if (config->isUnknown()) return std::nullopt;
    return modeGap(config->find("enabled"), config->find("firewallMode"), false, "WAF", config->span());
  }
  std::string sku = tier && tier->isString() ? fmt::format(" (SKU tier {})", tier->asString()) : std::string();
  return WafGap{fmt::format("which has no WAF at all{}", sku), spanOr(tier, gateway.declaration), "no WAF configured"};
}

}  // namespace

void checkPlatformIngressBehindWaf(CheckContext& context) {
  const Project& project = context.project();
  std::vector<const Resource*> gateways = azure::declaredOfType(project, kGatewayType);
  if (gateways.empty()) return;
  // When the ingress's gateway cannot be told apart, every candidate must lack
  // a blocking WAF for a finding; one that has it (or may have it) silences it.
  std::vector<std::pair<const Resource*, WafGap>> gaps;
  bool resolved = false;
  for (const Resource* ingress : project.ofKind("Ingress")) {
    if (ingress->format != Format::Kubernetes || ingress->condition == Tri::False) continue;
    const Value* route = agicClassOf(*ingress, project);
    if (!route) continue;
    // A per-path WAF policy replaces the gateway's own for that path; it is not judged here.
    if (metadataEntry(ingress->body.find("metadata"), "annotations", kPerPathPolicyAnnotation)) continue;
    if (!resolved) {
      resolved = true;
      for (const Resource* candidate : agicGatewayCandidates(project, gateways)) {
        std::optional<WafGap> gap = wafGapOf(*candidate, project);
        if (!gap) {
          gaps.clear();
          return;
        }
        gaps.emplace_back(candidate, std::move(*gap));
      }
    }
    if (gaps.empty()) return;
    std::vector<Location> related;
    for (const auto& [gateway, gap] : gaps) {
      related.push_back(locate(gap.at, fmt::format("Application Gateway '{}': {}", gateway->name, gap.what)));
    }
    std::string through;
    if (gaps.size() == 1) {
      through = fmt::format("Application Gateway '{}' (Application Gateway Ingress Controller), {}", gaps.front().first->name,
                            gaps.front().second.why);
    } else {
      through = fmt::format("one of {} Application Gateways (Application Gateway Ingress Controller; which one is not "
                            "clear from the scan), and none of them has an enabled WAF in Prevention mode",
                            gaps.size());
    }
    context.report(*ingress, route->span(),
                   fmt::format("{} is routed through {}", ingress->displayName(), through),
                   route->isString() && route->asString() == kAgicController
                       ? "metadata.annotations['kubernetes.io/ingress.class']"
                       : "spec.ingressClassName",
                   related);
    context.addHelp("give the gateway an enabled WAF policy in Prevention mode");
  }
}

}  // namespace palisade
