// The RBAC rules of the Kubernetes pack (K8S026-K8S030, K8S044-K8S047): does
// a Role or ClusterRole rule grant one of the (API group, resource, verb)
// triples the rule file lists, the way the API server's authorizer reads
// rules: `*` matches every group, resource (subresources included) and verb,
// `pods/*` every subresource of pods, `*/scale` that subresource of every
// resource. A rule element is reported once, at its most specific offending
// value, with what it grants in the message.
#include <fmt/format.h>
#include <fmt/ranges.h>

#include <set>
#include <string>
#include <vector>

#include "rules/checks/kubernetes/kubernetes_checks.h"

namespace palisade {

namespace {

struct Wanted {
  std::vector<std::string> groups;
  std::vector<std::string> resources;
  std::vector<std::string> verbs;
};

std::vector<std::string> stringList(const Value* list) {
  std::vector<std::string> out;
  if (!list || !list->isArray()) return out;
  for (const Value& item : list->items())
    if (item.isString()) out.push_back(item.asString());
  return out;
}

std::vector<Wanted> wantedOf(const Value& params) {
  std::vector<Wanted> out;
  const Value* grants = params.isObject() ? params.find("grants") : nullptr;
  if (!grants || !grants->isArray()) return out;
  for (const Value& g : grants->items()) {
    if (!g.isObject()) continue;
    out.push_back({stringList(g.find("api-groups")), stringList(g.find("resources")), stringList(g.find("verbs"))});
  }
  return out;
}

// Whether a role's resource entry covers the wanted resource; either may be
// `x/*` (every subresource of x) and the role's may be `*` or `*/y`.
bool resourceCovers(std::string_view entry, std::string_view wanted) {
  if (entry == "*" || entry == wanted) return true;
  const auto split = [](std::string_view s) {
    const std::size_t slash = s.find('/');
    return slash == std::string_view::npos ? std::pair{s, std::string_view()}
                                           : std::pair{s.substr(0, slash), s.substr(slash + 1)};
  };
  const auto [entry_main, entry_sub] = split(entry);
  const auto [wanted_main, wanted_sub] = split(wanted);
  if (entry_sub.empty() || wanted_sub.empty()) return false;
  const bool main_ok = entry_main == "*" || entry_main == wanted_main;
  const bool sub_ok = entry_sub == "*" || wanted_sub == "*" || entry_sub == wanted_sub;
  return main_ok && sub_ok;
}

bool boolParam(const Value& params, std::string_view key, bool fallback) {
  const Value* v = params.isObject() ? params.find(key) : nullptr;
  return v && v->isBool() ? v->asBool() : fallback;
}

std::string stringParam(const Value& params, std::string_view key) {
  const Value* v = params.isObject() ? params.find(key) : nullptr;
  return v && v->isString() ? v->asString() : std::string();
}

bool isWildcardOnly(const Value* list) {
  const std::vector<std::string> items = stringList(list);
  return !items.empty() && std::find(items.begin(), items.end(), "*") != items.end();
}

}  // namespace

void checkKubernetesRbacGrants(const Resource& resource, CheckContext& context) {
  const Value* rules = resource.body.find("rules");
  if (!rules || !rules->isArray()) return;
  const std::vector<Wanted> wanted = wantedOf(context.params());
  // A rule element scoped with resourceNames reaches only the named objects.
  const bool respect_names = boolParam(context.params(), "respect-resource-names", true);
  const std::string what = stringParam(context.params(), "what");
  for (std::size_t i = 0; i < rules->items().size(); ++i) {
    const Value& rule = rules->items()[i];
    if (!rule.isObject()) continue;
    const Value* groups = rule.find("apiGroups");
    const Value* resources = rule.find("resources");
    const Value* verbs = rule.find("verbs");
    if (!resources || !resources->isArray() || !verbs || !verbs->isArray()) continue;
    if (respect_names) {
      const Value* names = rule.find("resourceNames");
      if (names && names->isArray() && !names->items().empty()) continue;
    }
    // Everything on everything is K8S025's (and K8S024's when bound): one
    // finding there says it all.
    if (isWildcardOnly(groups) && isWildcardOnly(resources) && isWildcardOnly(verbs)) continue;
    std::vector<std::string> granted;  // "escalate on roles"
    const Value* at = nullptr;         // the most specific offending value
    int at_rank = -1;                  // 2: a named verb, 1: a named resource, 0: a wildcard
    bool through_wildcard = false;
    for (const Wanted& w : wanted) {
      bool group_ok = false;
      for (const std::string& g : stringList(groups))
        group_ok = group_ok || g == "*" || std::find(w.groups.begin(), w.groups.end(), g) != w.groups.end();
      if (!group_ok) continue;
      for (const std::string& want_resource : w.resources) {
        const Value* resource_item = nullptr;
        for (const Value& item : resources->items()) {
          if (item.isString() && resourceCovers(item.asString(), want_resource)) {
            if (!resource_item || resource_item->asString().find('*') != std::string::npos) resource_item = &item;
          }
        }
        if (!resource_item) continue;
        for (const std::string& want_verb : w.verbs) {
          const Value* verb_item = nullptr;
          for (const Value& item : verbs->items()) {
            if (item.isString() && (item.asString() == want_verb || item.asString() == "*")) {
              if (!verb_item || verb_item->asString() == "*") verb_item = &item;
            }
          }
          if (!verb_item) continue;
          const bool verb_named = verb_item->asString() != "*";
          const bool resource_named = resource_item->asString().find('*') == std::string::npos;
          through_wildcard = through_wildcard || !verb_named || !resource_named;
          const int rank = verb_named ? 2 : resource_named ? 1 : 0;
          if (rank > at_rank) at = verb_named ? verb_item : resource_named ? resource_item : verb_item, at_rank = rank;
          std::string pair = fmt::format("{} on {}", want_verb, want_resource);
          if (std::find(granted.begin(), granted.end(), pair) == granted.end()) granted.push_back(std::move(pair));
        }
      }
    }
    if (granted.empty() || !at) continue;
    std::string list;
    const std::size_t shown = std::min<std::size_t>(granted.size(), 4);
    for (std::size_t k = 0; k < shown; ++k) list += (k ? ", " : "") + granted[k];
    if (granted.size() > shown) list += fmt::format(" and {} more", granted.size() - shown);
    context.report(resource, at->span(),
                   fmt::format("{} {} (rules[{}] grants {}{})", resource.displayName(), what, i, list,
                               through_wildcard ? ", through a wildcard" : ""),
                   fmt::format("rules[{}]", i));
  }
}

// K8S048: a RoleBinding that hands a role to a ServiceAccount of another
// namespace: that namespace's pods get rights in this one.
void checkKubernetesRolebindingCrossNamespace(const Resource& resource, CheckContext& context) {
  if (resource.namespace_name.empty()) return;
  const Value* subjects = resource.body.find("subjects");
  if (!subjects || !subjects->isArray()) return;
  const Value* role_ref = resource.body.find("roleRef");
  const Value* role_kind = role_ref ? role_ref->find("kind") : nullptr;
  const Value* role_name = role_ref ? role_ref->find("name") : nullptr;
  // Aggregated API servers read the authentication ConfigMap this way, as
  // Kubernetes documents: the one cross-namespace grant every cluster has.
  if (resource.namespace_name == "kube-system" && role_name && role_name->isString() &&
      role_name->asString() == "extension-apiserver-authentication-reader") {
    return;
  }
  const std::string role = fmt::format("{} '{}'", role_kind && role_kind->isString() ? role_kind->asString() : "role",
                                       role_name && role_name->isString() ? role_name->asString() : "?");
  for (std::size_t i = 0; i < subjects->items().size(); ++i) {
    const Value& subject = subjects->items()[i];
    const Value* kind = subject.find("kind");
    const Value* ns = subject.find("namespace");
    const Value* name = subject.find("name");
    if (!kind || !kind->isString() || kind->asString() != "ServiceAccount") continue;
    if (!ns || !ns->isString() || ns->asString().empty() || ns->asString() == resource.namespace_name) continue;
    context.report(resource, ns->span(),
                   fmt::format("{} grants {} in namespace '{}' to ServiceAccount '{}' of namespace '{}': every pod "
                               "that runs as it there gets these rights here",
                               resource.displayName(), role, resource.namespace_name,
                               name && name->isString() ? name->asString() : "?", ns->asString()),
                   fmt::format("subjects[{}].namespace", i));
    context.addHelp(fmt::format("use a ServiceAccount of '{}' or document the cross-namespace grant", resource.namespace_name));
  }
}

}  // namespace palisade
