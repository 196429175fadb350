#include <fmt/format.h>

#include <cstddef>
#include <utility>

#include "core/ascii.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/platform/platform_checks.h"

namespace palisade {

namespace {


constexpr std::size_t kMaxRelated = 10;

// What a cluster's network policy engine enforces.
struct Engine {
  enum class Kind { Unknown, None, KubernetesOnly, KubernetesAndCalico } kind = Kind::Unknown;
  std::string name;          // as configured: "azure", "cilium", "calico", or "" when none
  const Value* setting = nullptr;  // networkProfile.networkPolicy (or networkDataplane), when present
};

Engine engineOf(const Resource& cluster) {
  Engine engine;
  const Value* profile = valueAt(cluster.body, "properties.networkProfile");
  if (profile && profile->isUnknown()) return engine;
  const Value* policy = profile ? profile->find("networkPolicy") : nullptr;
  const Value* dataplane = profile ? profile->find("networkDataplane") : nullptr;
  if ((policy && policy->isUnknown()) || (dataplane && dataplane->isUnknown())) return engine;
  engine.setting = policy;
  if (policy && policy->isString() && !equalsIgnoreCase(policy->asString(), "none")) {
    engine.name = lowerAscii(policy->asString());
  } else if (dataplane && dataplane->isString() && equalsIgnoreCase(dataplane->asString(), "cilium")) {
    // Azure CNI powered by Cilium enforces policies in its dataplane.
    engine.name = "cilium";
    engine.setting = dataplane;
  }
  if (engine.name.empty()) {
    engine.kind = Engine::Kind::None;
  } else if (engine.name == "calico") {
    engine.kind = Engine::Kind::KubernetesAndCalico;
  } else if (engine.name == "azure" || engine.name == "cilium") {
    engine.kind = Engine::Kind::KubernetesOnly;
  }
  return engine;
}

bool enforces(const Engine& engine, const Resource& policy) {
  if (engine.kind == Engine::Kind::KubernetesAndCalico) return true;
  return engine.kind == Engine::Kind::KubernetesOnly && policy.format == Format::Kubernetes;
}

// Policies that take effect only when an engine enforces them; staged Calico
// policies enforce nothing anyway.
std::vector<const Resource*> policiesOf(const Project& project) {
  std::vector<const Resource*> out;
  for (const Resource& r : project.resources()) {
    if (r.condition == Tri::False) continue;
    bool kubernetes = r.format == Format::Kubernetes && r.kind == "NetworkPolicy";
    bool calico = r.format == Format::Calico && (r.kind == "NetworkPolicy" || r.kind == "GlobalNetworkPolicy");
    if (kubernetes || calico) out.push_back(&r);
  }
  return out;
}

std::string engineDescription(const Engine& engine) {
  switch (engine.kind) {
    case Engine::Kind::None:
      return "has no network policy engine (networkProfile.networkPolicy is not set)";
    case Engine::Kind::KubernetesOnly:
      return fmt::format("runs the '{}' network policy engine, which enforces Kubernetes NetworkPolicies but ignores "
                         "Calico's projectcalico.org policies",
                         engine.name);
    default:
      return {};
  }
}

// "Calico GlobalNetworkPolicy default-deny", "Kubernetes NetworkPolicy deny (namespace shop)".
std::string policyName(const Resource& policy) {
  return (policy.format == Format::Calico ? "Calico " : "Kubernetes ") + policy.displayName();
}

}  // namespace

void checkPlatformNetworkPolicyEngine(CheckContext& context) {
  const Project& project = context.project();
  std::vector<const Resource*> clusters = azure::declaredOfType(project, azure::kManagedClusterType);
  if (clusters.empty()) return;
  std::vector<const Resource*> policies = policiesOf(project);
  if (policies.empty()) return;

  std::vector<Engine> engines;
  bool any_unknown = false;
  for (const Resource* cluster : clusters) {
    engines.push_back(engineOf(*cluster));
    any_unknown = any_unknown || engines.back().kind == Engine::Kind::Unknown;
    // Which of several clusters a policy lands on is not in the files: it is
    // inert only if none of them enforces it, and then only if all are known.
    if (engines.back().kind == Engine::Kind::Unknown && !context.strict()) return;
  }

  std::vector<const Resource*> inert;
  for (const Resource* policy : policies) {
    bool enforced = false;
    for (const Engine& engine : engines) enforced = enforced || enforces(engine, *policy);
    if (!enforced) inert.push_back(policy);
  }
  if (inert.empty()) return;

  for (std::size_t i = 0; i < clusters.size(); ++i) {
    const Resource& cluster = *clusters[i];
    const Engine& engine = engines[i];
    if (engine.kind == Engine::Kind::Unknown) continue;  // --strict: reported from the policies' side only
    std::vector<const Resource*> ignored;
    for (const Resource* policy : inert) {
      if (!enforces(engine, *policy)) ignored.push_back(policy);
    }
    if (ignored.empty()) continue;
    std::vector<Location> related;
    for (const Resource* policy : ignored) {
      if (related.size() == kMaxRelated) break;
      related.push_back(locate(policy->declaration, policyName(*policy) + ", not enforced"));
    }
    bool calico_ignored = false;
    for (const Resource* policy : ignored) calico_ignored = calico_ignored || policy->format == Format::Calico;
    std::string fix = !calico_ignored ? "set networkProfile.networkPolicy to 'azure', 'cilium' or 'calico'"
                      : engine.kind == Engine::Kind::None
                          ? "set networkProfile.networkPolicy to 'calico', the only engine that enforces Calico policies"
                          : "set networkProfile.networkPolicy to 'calico' or rewrite the Calico policies as Kubernetes "
                            "NetworkPolicies";
    const Value* profile = valueAt(cluster.body, "properties.networkProfile");
    Span at = spanOr(engine.setting, spanOr(profile, cluster.declaration));
    context.report(cluster, at,
                   fmt::format("AKS cluster {} {}, yet the scanned manifests hold {} network polic{} for it that "
                               "therefore do nothing (first: {} in {})",
                               cluster.quotedName(), engineDescription(engine), ignored.size(), ignored.size() == 1 ? "y" : "ies",
                               policyName(*ignored.front()), locate(ignored.front()->declaration).uri),
                   "properties.networkProfile.networkPolicy", std::move(related));
    context.addHelp(fix);
  }

  for (const Resource* policy : inert) {
    std::vector<Location> related;
    std::string why;
    for (std::size_t i = 0; i < clusters.size(); ++i) {
      const Value* profile = valueAt(clusters[i]->body, "properties.networkProfile");
      Span at = spanOr(engines[i].setting, spanOr(profile, clusters[i]->declaration));
      std::string description = engines[i].kind == Engine::Kind::Unknown ? "has a network policy engine that is not known"
                                                                         : engineDescription(engines[i]);
      related.push_back(locate(at, fmt::format("AKS cluster {}: {}", clusters[i]->quotedName(), description)));
      if (why.empty()) why = fmt::format("AKS cluster {} {}", clusters[i]->quotedName(), description);
    }
    if (clusters.size() > 1) why += fmt::format(" (nor does any of the other {} clusters enforce it)", clusters.size() - 1);
    context.report(*policy, policy->declaration,
                   fmt::format("{} is inert: {}; nothing in the cluster enforces it", policyName(*policy), why),
                   "enforcement", std::move(related));
    if (any_unknown) context.markReportedBecauseStrict("a cluster's network policy engine cannot be known statically");
  }
}

}  // namespace palisade
