// K8S074: a RoleBinding or ClusterRoleBinding whose ServiceAccount subject
// names an account the scan does not define, in a namespace where the scan
// does define ServiceAccounts (so it owns that namespace's accounts). The
// usual cause is a rename the binding did not follow: a Kustomize
// `namePrefix`/`nameSuffix` renames the ServiceAccount and the pods that run
// as it, but not a binding outside the build or a subject in a namespace the
// overlay does not own.
#include <fmt/format.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "rules/checks/kubernetes/kubernetes_checks.h"

namespace palisade {

namespace {

// Namespaces the cluster fills with accounts of its own (controllers, add-ons):
// that the scan defines some ServiceAccounts there says nothing about the rest.
bool isClusterNamespace(std::string_view ns) {
  return ns == "kube-system" || ns == "kube-public" || ns == "kube-node-lease";
}

// A name or namespace that is a placeholder for something filled in later
// (`$(NAMESPACE)` of Kustomize vars, a template), not an account name.
bool isPlaceholder(std::string_view s) {
  return s.find('$') != std::string_view::npos || s.find('{') != std::string_view::npos ||
         s.find('<') != std::string_view::npos;
}

// The name the object had in its own file, before an overlay renamed it:
// the last field of Resource::source_identity ("" when it was never built).
std::string sourceName(const Resource& r) {
  std::size_t bar = r.source_identity.rfind('|');
  return bar == std::string::npos ? std::string() : r.source_identity.substr(bar + 1);
}

struct ServiceAccounts {
  std::map<std::string, std::vector<const Resource*>> in_namespace;  // namespace -> its accounts
  std::set<std::string> unplaced;  // names of accounts without a namespace: placed at deploy time

  bool defines(const std::string& ns, const std::string& name) const {
    if (unplaced.count(name)) return true;
    auto it = in_namespace.find(ns);
    if (it == in_namespace.end()) return false;
    for (const Resource* account : it->second) {
      if (account->name == name) return true;
    }
    return false;
  }
};

}  // namespace

void checkKubernetesBindingServiceAccountMissing(CheckContext& context) {
  const Project& project = context.project();
  ServiceAccounts accounts;
  for (const Resource* r : project.ofKind("ServiceAccount")) {
    if (r->format != Format::Kubernetes || r->condition == Tri::False || r->name.empty()) continue;
    if (r->namespace_name.empty()) {
      accounts.unplaced.insert(r->name);
    } else {
      accounts.in_namespace[r->namespace_name].push_back(r);
    }
  }
  if (accounts.in_namespace.empty()) return;
  for (std::string_view kind : {"RoleBinding", "ClusterRoleBinding"}) {
    for (const Resource* binding : project.ofKind(kind)) {
      if (binding->format != Format::Kubernetes || binding->condition == Tri::False) continue;
      const Value* subjects = binding->body.find("subjects");
      if (!subjects || !subjects->isArray()) continue;
      for (std::size_t i = 0; i < subjects->items().size(); ++i) {
        const Value& subject = subjects->items()[i];
        const Value* subject_kind = subject.find("kind");
        const Value* name = subject.find("name");
        const Value* ns_value = subject.find("namespace");
        if (!subject_kind || !subject_kind->isString() || subject_kind->asString() != "ServiceAccount") continue;
        if (!name || !name->isString()) continue;
        const std::string& account = name->asString();
        // `default` exists in every namespace; `system:` names are the API server's own.
        if (account.empty() || account == "default" || account.starts_with("system:") || isPlaceholder(account)) continue;
        // A RoleBinding's subject without a namespace is in the binding's namespace.
        std::string ns = ns_value && ns_value->isString() ? ns_value->asString() : std::string();
        if (ns.empty() && kind == "RoleBinding") ns = binding->namespace_name;
        if (ns.empty() || isPlaceholder(ns) || isClusterNamespace(ns)) continue;
        auto owned = accounts.in_namespace.find(ns);
        if (owned == accounts.in_namespace.end()) continue;  // the scan does not own that namespace's accounts
        if (accounts.defines(ns, account)) continue;

        // An account of the namespace that a namePrefix/nameSuffix renamed from
        // this very name explains the finding; else one account shows the
        // namespace is the scan's.
        const Resource* renamed = nullptr;
        for (const Resource* candidate : owned->second) {
          if (candidate->name != account && sourceName(*candidate) == account) {
            renamed = candidate;
            break;
          }
        }
        std::vector<Location> related;
        std::string advice;
        if (renamed) {
          const Value* metadata = renamed->body.find("metadata");
          const Value* renamed_name = metadata ? metadata->find("name") : nullptr;
          related.push_back(locate(renamed_name ? renamed_name->span() : renamed->declaration,
                                   fmt::format("ServiceAccount '{}' renamed to '{}'", account, renamed->name)));
          advice = fmt::format("the build renamed '{}' to '{}': bind that name, or build the binding with the "
                               "ServiceAccount so kustomize rewrites it",
                               account, renamed->name);
        } else {
          related.push_back(locate(owned->second.front()->declaration,
                                   fmt::format("a ServiceAccount the scan defines in namespace '{}'", ns)));
          advice = "bind the ServiceAccount the workload runs as, or add the ServiceAccount";
        }
        const Value* role_ref = binding->body.find("roleRef");
        const Value* role_name = role_ref ? role_ref->find("name") : nullptr;
        std::string role = role_name && role_name->isString() ? fmt::format(" '{}'", role_name->asString()) : "";
        context.report(*binding, name->span(),
                       fmt::format("{} grants its role{} to ServiceAccount '{}' of namespace '{}', which the scanned "
                                   "files do not define although they define the ServiceAccounts of '{}': the "
                                   "workload it was meant for lacks the rights, and whoever creates that "
                                   "ServiceAccount gets them; {}",
                                   binding->displayName(), role, account, ns, ns, advice),
                       fmt::format("subjects[{}].name", i), std::move(related));
      }
    }
  }
}

}  // namespace palisade
