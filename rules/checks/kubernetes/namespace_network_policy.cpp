#include <fmt/format.h>

#include <map>
#include <set>
#include <vector>

#include "core/source_file.h"

#include "core/tri.h"
#include "parsers/calico/selector.h"
#include "rules/checks/kubernetes/kubernetes_checks.h"

namespace palisade {

namespace {

// Namespaces the cluster runs itself, which hold no workloads of the scanned project.
bool isClusterManagedNamespace(std::string_view name) { return name == "kube-public" || name == "kube-node-lease"; }

struct NamespaceUse {
  const Resource* namespace_object = nullptr;  // the scanned Namespace, if any
  const Resource* first_workload = nullptr;
  std::vector<const Resource*> workloads;  // in scan order; the finding's related locations
  std::set<std::string> folders;  // top-level folders its resources are in
};

// The first folder of a resource's file under the scan root ("" for a file
// directly in the root). A policy without a namespace is applied into some
// namespace at deploy time; we assume it belongs with the resources of its
// own top-level folder (one application, one kustomization tree).
std::string topFolderOf(const Resource& r) {
  const SourceFile* file = r.declaration.file ? r.declaration.file : r.body.span().file;
  if (!file) return {};
  std::string_view path = file->path();
  std::size_t slash = path.find('/');
  return slash == std::string_view::npos ? std::string() : std::string(path.substr(0, slash));
}

std::string fileOf(const Resource& r) {
  const SourceFile* file = r.declaration.file ? r.declaration.file : r.body.span().file;
  return file ? std::string(file->path()) : std::string();
}

// `a/b/../c/./d` → `a/c/d`; "" when it climbs above the root.
std::string normalPath(std::string_view path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    std::string_view part = path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (part == "..") {
      if (parts.empty()) return {};
      parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.emplace_back(part);
    }
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : "/") + part;
  return out;
}

std::string folderOf(const std::string& file) {
  std::size_t slash = file.rfind('/');
  return slash == std::string::npos ? std::string() : file.substr(0, slash);
}

// The namespaces kustomizations in the scan put each of their files and
// folders in (`namespace:` over `resources:`, through the kustomizations of
// the folders they include). A policy without `metadata.namespace` under one
// of those paths is placed in that namespace: covered, not a guess. This is
// what can be known without building the kustomization (issue 19).
std::vector<std::pair<std::string, std::string>> kustomizedPaths(const Project& project) {
  std::map<std::string, const Resource*> by_folder;
  for (const Resource* k : project.ofKind("Kustomization")) by_folder.emplace(folderOf(fileOf(*k)), k);
  std::vector<std::pair<std::string, std::string>> placed;  // (path, namespace)
  for (const auto& [folder, kustomization] : by_folder) {
    const Value* ns = kustomization->body.find("namespace");
    if (!ns || !ns->isString() || ns->asString().empty()) continue;
    std::vector<std::string> pending = {folder};
    std::set<std::string> seen;
    while (!pending.empty()) {
      std::string at = std::move(pending.back());
      pending.pop_back();
      if (!seen.insert(at).second) continue;
      auto k = by_folder.find(at);
      if (k == by_folder.end()) continue;
      for (std::string_view key : {"resources", "bases", "components"}) {
        const Value* list = k->second->body.find(key);
        if (!list || !list->isArray()) continue;
        for (const Value& entry : list->items()) {
          if (!entry.isString() || entry.asString().find("://") != std::string::npos) continue;
          std::string path = normalPath(at.empty() ? entry.asString() : at + "/" + entry.asString());
          if (path.empty()) continue;
          placed.emplace_back(path, ns->asString());
          pending.push_back(path);  // a folder with its own kustomization
        }
      }
    }
  }
  return placed;
}

bool isNamespacedPolicy(const Resource& r) {
  if (r.format == Format::Calico) return r.kind == "NetworkPolicy";  // staged policies enforce nothing
  return r.kind == "NetworkPolicy" || r.kind == "CiliumNetworkPolicy";
}

calico::Labels namespaceLabels(const std::string& name, const Resource* namespace_object) {
  calico::Labels labels;
  if (namespace_object) {
    const Value* metadata = namespace_object->body.find("metadata");
    const Value* map = metadata ? metadata->find("labels") : nullptr;
    if (map && map->isObject()) {
      for (const Member& m : map->members()) {
        if (m.value.isString()) labels[m.key] = m.value.asString();
      }
    }
  }
  labels["kubernetes.io/metadata.name"] = name;
  labels["projectcalico.org/name"] = name;
  return labels;
}

// Whether a GlobalNetworkPolicy's namespaceSelector applies to the namespace.
Tri globalPolicyCovers(const Resource& policy, const std::string& name, const Resource* namespace_object) {
  const Value* spec = policy.body.find("spec");
  const Value* selector = spec ? spec->find("namespaceSelector") : nullptr;
  if (!selector || selector->isNull()) return Tri::True;  // applies to endpoints in every namespace
  if (!selector->isString()) return Tri::Unknown;
  calico::ParsedSelector parsed = calico::parseSelector(selector->asString());
  if (!parsed.ok()) return Tri::Unknown;
  if (calico::matches(*parsed.root, namespaceLabels(name, namespace_object))) return Tri::True;
  // Without the Namespace object its labels are unknown: the selector may still select it.
  return namespace_object ? Tri::False : Tri::Unknown;
}

}  // namespace

void checkKubernetesNamespaceWithoutNetworkPolicy(CheckContext& context) {
  const Project& project = context.project();
  std::map<std::string, NamespaceUse> namespaces;
  std::map<std::string, bool> has_policy;
  std::set<std::string> unplaced_policy_folders;  // top folders of policies without a namespace
  bool clusterwide_unknown = false;
  std::vector<const Resource*> global_policies;
  const std::vector<std::pair<std::string, std::string>> kustomized_paths = kustomizedPaths(project);
  for (const Resource& r : project.resources()) {
    if (r.condition == Tri::False) continue;
    if (r.format == Format::Kubernetes && r.kind == "Namespace" && !r.name.empty()) {
      namespaces[r.name].namespace_object = &r;
      namespaces[r.name].folders.insert(topFolderOf(r));
    } else if (r.podSpec() && !r.namespace_name.empty()) {
      NamespaceUse& use = namespaces[r.namespace_name];
      if (!use.first_workload) use.first_workload = &r;
      use.workloads.push_back(&r);
      use.folders.insert(topFolderOf(r));
    }
    if (isNamespacedPolicy(r)) {
      if (r.namespace_name.empty()) {
        std::string file = fileOf(r);
        bool kustomized = false;
        for (const auto& [path, ns] : kustomized_paths) {
          if (file == path || file.starts_with(path + "/")) {
            has_policy[ns] = true;
            kustomized = true;
          }
        }
        if (!kustomized) unplaced_policy_folders.insert(topFolderOf(r));
      } else {
        has_policy[r.namespace_name] = true;
      }
    } else if (r.format == Format::Calico && r.kind == "GlobalNetworkPolicy") {
      global_policies.push_back(&r);
    } else if (r.kind == "CiliumClusterwideNetworkPolicy") {
      clusterwide_unknown = true;
    }
  }
  for (const auto& [name, use] : namespaces) {
    if (isClusterManagedNamespace(name) || has_policy.count(name)) continue;
    bool maybe_unplaced = unplaced_policy_folders.count("") > 0;
    for (const std::string& folder : use.folders) {
      maybe_unplaced = maybe_unplaced || folder.empty() || unplaced_policy_folders.count(folder) > 0;
    }
    if (unplaced_policy_folders.empty()) maybe_unplaced = false;
    Tri covered = (maybe_unplaced || clusterwide_unknown) ? Tri::Unknown : Tri::False;
    for (const Resource* policy : global_policies) {
      Tri t = globalPolicyCovers(*policy, name, use.namespace_object);
      if (t == Tri::True) {
        covered = Tri::True;
        break;
      }
      if (t == Tri::Unknown) covered = Tri::Unknown;
    }
    if (covered == Tri::True || (covered == Tri::Unknown && !context.strict())) continue;
    const Resource& anchor = use.namespace_object ? *use.namespace_object : *use.first_workload;
    std::string where = use.namespace_object ? "" : fmt::format(" (its first workload is {})", anchor.displayName());
    std::string message =
        fmt::format("namespace '{}' has no network policy in the scanned files{}; add a default-deny NetworkPolicy "
                    "to it and allow only the traffic it needs",
                    name, where);
    // Every workload of the namespace is a related location, so diff mode and
    // the pre-commit hook (`--context`) report the finding when a change adds
    // or touches one, even when the Namespace object lies in another file.
    std::vector<Location> related;
    for (const Resource* workload : use.workloads) {
      if (workload != &anchor) related.push_back(locate(workload->declaration, "a workload in the namespace"));
    }
    context.report(anchor, anchor.declaration, std::move(message), "namespace:" + name, std::move(related));
    if (covered == Tri::Unknown) {
      context.markReportedBecauseStrict("a policy placed at deploy time or a label selector may cover it");
    }
  }
}

}  // namespace palisade
