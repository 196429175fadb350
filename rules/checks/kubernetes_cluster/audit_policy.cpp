// What an audit policy records for a request: the level of the first rule
// that matches it (kube-apiserver's semantics), or None when no rule does.
// The requests asked about are an ordinary user's, so rules limited to named
// users, groups other than system:authenticated, namespaces or resource names
// do not decide them.
#include <fmt/format.h>

#include <algorithm>
#include <optional>

#include "rules/checks/kubernetes_cluster/cluster_checks.h"

namespace palisade {

namespace {

enum class AuditLevel { None = 0, Metadata, Request, RequestResponse };

std::optional<AuditLevel> levelOf(const Value* v) {
  if (!v || !v->isString()) return std::nullopt;
  const std::string& s = v->asString();
  if (s == "None") return AuditLevel::None;
  if (s == "Metadata") return AuditLevel::Metadata;
  if (s == "Request") return AuditLevel::Request;
  if (s == "RequestResponse") return AuditLevel::RequestResponse;
  return std::nullopt;
}

struct Request {
  std::string_view group;        // "" is the core group
  std::string_view resource;     // "pods"
  std::string_view subresource;  // "exec", or ""
  std::string_view verb;
};

bool hasString(const Value* list, std::string_view want) {
  if (!list || !list->isArray()) return false;
  return std::any_of(list->items().begin(), list->items().end(),
                     [&](const Value& v) { return v.isString() && v.asString() == want; });
}

bool nonEmpty(const Value* list) { return list && list->isArray() && !list->items().empty(); }

bool resourceMatches(std::string_view pattern, const Request& r) {
  if (pattern == "*") return true;
  std::size_t slash = pattern.find('/');
  if (slash == std::string_view::npos) return r.subresource.empty() && pattern == r.resource;
  std::string_view res = pattern.substr(0, slash);
  std::string_view sub = pattern.substr(slash + 1);
  if (r.subresource.empty()) return false;
  return (res == "*" || res == r.resource) && (sub == "*" || sub == r.subresource);
}

// Whether one policy rule decides an ordinary user's request; Unknown parts
// (a templated list) make it undecidable, reported as nullopt.
std::optional<bool> ruleMatches(const Value& rule, const Request& r) {
  if (rule.containsUnknown()) return std::nullopt;
  if (nonEmpty(rule.find("users"))) return false;
  if (const Value* groups = rule.find("userGroups"); nonEmpty(groups) && !hasString(groups, "system:authenticated")) return false;
  if (nonEmpty(rule.find("namespaces"))) return false;
  if (const Value* verbs = rule.find("verbs"); nonEmpty(verbs) && !hasString(verbs, r.verb) && !hasString(verbs, "*")) return false;
  const Value* resources = rule.find("resources");
  if (!nonEmpty(resources)) return !nonEmpty(rule.find("nonResourceURLs"));
  for (const Value& entry : resources->items()) {
    if (!entry.isObject() || nonEmpty(entry.find("resourceNames"))) continue;
    const Value* group = entry.find("group");
    std::string_view g = group && group->isString() ? std::string_view(group->asString()) : std::string_view();
    if (g != r.group && g != "*") continue;
    const Value* names = entry.find("resources");
    if (!nonEmpty(names)) return true;
    for (const Value& name : names->items()) {
      if (name.isString() && resourceMatches(name.asString(), r)) return true;
    }
  }
  return false;
}

struct Decision {
  AuditLevel level = AuditLevel::None;
  const Value* rule = nullptr;  // the deciding rule, nullptr when none matched
};

std::optional<Decision> decide(const Value& policy, const Request& r) {
  const Value* rules = policy.find("rules");
  if (!rules || !rules->isArray()) return Decision{};
  for (const Value& rule : rules->items()) {
    std::optional<bool> matches = ruleMatches(rule, r);
    if (!matches) return std::nullopt;
    if (!*matches) continue;
    std::optional<AuditLevel> level = levelOf(rule.find("level"));
    if (!level) return std::nullopt;
    return Decision{*level, &rule};
  }
  return Decision{};
}

std::string describe(const Request& r) {
  std::string res = r.group.empty() ? std::string(r.resource) : fmt::format("{}.{}", r.resource, r.group);
  if (!r.subresource.empty()) res += "/" + std::string(r.subresource);
  return fmt::format("{} {}", r.verb, res);
}

std::string_view levelName(AuditLevel l) {
  switch (l) {
    case AuditLevel::None: return "None";
    case AuditLevel::Metadata: return "Metadata";
    case AuditLevel::Request: return "Request";
    case AuditLevel::RequestResponse: return "RequestResponse";
  }
  return "None";
}

Span ruleSpan(const Resource& resource, const Decision& d) {
  if (d.rule) {
    if (const Value* level = d.rule->find("level"); level && level->span().valid()) return level->span();
    return d.rule->span();
  }
  if (const Member* rules = resource.body.findMember("rules")) return rules->key_span;
  return resource.declaration;
}

struct Concern {
  std::string_view what;
  std::vector<Request> requests;
};

}  // namespace

void checkKubernetesClusterAuditPolicyCoverage(const Resource& resource, CheckContext& context) {
  static const std::vector<Concern> concerns = {
      {"access to Secrets", {{"", "secrets", "", "get"}, {"", "secrets", "", "list"}, {"", "secrets", "", "watch"}}},
      {"changes to Pods and Deployments",
       {{"", "pods", "", "create"}, {"", "pods", "", "update"}, {"", "pods", "", "patch"}, {"", "pods", "", "delete"},
        {"apps", "deployments", "", "create"}, {"apps", "deployments", "", "update"}, {"apps", "deployments", "", "patch"},
        {"apps", "deployments", "", "delete"}}},
      {"exec, attach, port-forward and proxy into pods and services",
       {{"", "pods", "exec", "create"}, {"", "pods", "exec", "get"}, {"", "pods", "attach", "create"},
        {"", "pods", "portforward", "create"}, {"", "pods", "proxy", "get"}, {"", "services", "proxy", "get"}}},
      {"changes to RBAC roles and bindings",
       {{"rbac.authorization.k8s.io", "roles", "", "create"}, {"rbac.authorization.k8s.io", "roles", "", "update"},
        {"rbac.authorization.k8s.io", "clusterroles", "", "create"}, {"rbac.authorization.k8s.io", "clusterroles", "", "update"},
        {"rbac.authorization.k8s.io", "rolebindings", "", "create"}, {"rbac.authorization.k8s.io", "rolebindings", "", "update"},
        {"rbac.authorization.k8s.io", "clusterrolebindings", "", "create"},
        {"rbac.authorization.k8s.io", "clusterrolebindings", "", "update"}}},
  };
  for (const Concern& concern : concerns) {
    for (const Request& r : concern.requests) {
      std::optional<Decision> d = decide(resource.body, r);
      if (!d || d->level != AuditLevel::None) continue;
      std::string why = d->rule ? "a rule with level None matches it first" : "no rule matches it";
      context.report(resource, ruleSpan(resource, *d),
                     fmt::format("the audit policy records nothing about {}: {} is not logged ({})", concern.what,
                                 describe(r), why),
                     fmt::format("rules[{}]", concern.what));
      context.addHelp("log it at Metadata or above");
      break;  // one finding per concern
    }
  }
}

void checkKubernetesClusterAuditPolicySecretBodies(const Resource& resource, CheckContext& context) {
  static const std::vector<Concern> concerns = {
      {"Secrets", {{"", "secrets", "", "get"}, {"", "secrets", "", "list"}, {"", "secrets", "", "create"}, {"", "secrets", "", "update"}, {"", "secrets", "", "patch"}}},
      {"ConfigMaps", {{"", "configmaps", "", "get"}, {"", "configmaps", "", "list"}, {"", "configmaps", "", "create"}, {"", "configmaps", "", "update"}, {"", "configmaps", "", "patch"}}},
      {"TokenReviews", {{"authentication.k8s.io", "tokenreviews", "", "create"}}},
  };
  for (const Concern& concern : concerns) {
    for (const Request& r : concern.requests) {
      std::optional<Decision> d = decide(resource.body, r);
      if (!d || d->level < AuditLevel::Request) continue;
      context.report(resource, ruleSpan(resource, *d),
                     fmt::format("the audit policy writes the contents of {} to the audit log ({} is logged at {})",
                                 concern.what, describe(r), levelName(d->level)),
                     fmt::format("rules[{}]", concern.what));
      context.addHelp("log them at Metadata");
      break;
    }
  }
}

}  // namespace palisade
