// K8S017 (seccomp turned off, by field or by the legacy annotations) and
// K8S050 (a sensitive node path mounted writable into a container).
#include <fmt/format.h>

#include <array>
#include <map>
#include <optional>

#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/checks/kubernetes/pod_template.h"

namespace palisade {

namespace {

constexpr std::string_view kSeccompPodAnnotation = "seccomp.security.alpha.kubernetes.io/pod";
constexpr std::string_view kSeccompContainerAnnotationPrefix = "container.seccomp.security.alpha.kubernetes.io/";

const Value* unconfinedSeccomp(const Value& holder) {
  const Value* context = holder.find("securityContext");
  const Value* profile = context ? context->find("seccompProfile") : nullptr;
  const Value* type = profile ? profile->find("type") : nullptr;
  return type && type->isString() && type->asString() == "Unconfined" ? type : nullptr;
}

std::string containerLabel(const Value& container, std::size_t index) {
  const Value* name = container.find("name");
  return name && name->isString() ? name->asString() : std::to_string(index);
}

template <typename Visit>
void forEachContainer(const Value& pod, Visit&& visit) {
  for (std::string_view list : {"initContainers", "containers", "ephemeralContainers"}) {
    const Value* containers = pod.find(list);
    if (!containers || !containers->isArray()) continue;
    for (std::size_t i = 0; i < containers->items().size(); ++i) visit(list, containers->items()[i], i);
  }
}

}  // namespace

void checkKubernetesSeccompUnconfined(const Resource& resource, CheckContext& context) {
  const Value* pod = resource.podSpec();
  if (!pod) return;
  const std::string fix = "set seccompProfile.type: RuntimeDefault";
  if (const Value* type = unconfinedSeccomp(*pod)) {
    context.report(resource, type->span(),
                   fmt::format("{} turns seccomp off for all its containers (securityContext.seccompProfile.type: "
                               "Unconfined)",
                               resource.displayName()),
                   "securityContext.seccompProfile.type");
    context.addHelp(fix);
  }
  forEachContainer(*pod, [&](std::string_view list, const Value& container, std::size_t i) {
    const Value* type = unconfinedSeccomp(container);
    if (!type) return;
    const std::string label = containerLabel(container, i);
    context.report(resource, type->span(),
                   fmt::format("container '{}' of {} runs without seccomp (seccompProfile.type: Unconfined)", label,
                               resource.displayName()),
                   fmt::format("{}[{}].securityContext.seccompProfile.type", list, label));
    context.addHelp(fix);
  });
  // The annotations Kubernetes used before the field (1.19): Pod Security
  // admission's baseline level still refuses `unconfined` in them.
  for (const Member* annotation : podAnnotationsSetTo(resource, "unconfined")) {
    const Member& m = *annotation;
    std::string who;
    if (m.key == kSeccompPodAnnotation) {
      who = fmt::format("{} turns seccomp off for all its containers", resource.displayName());
    } else if (m.key.starts_with(kSeccompContainerAnnotationPrefix)) {
      who = fmt::format("container '{}' of {} runs without seccomp",
                        std::string_view(m.key).substr(kSeccompContainerAnnotationPrefix.size()),
                        resource.displayName());
    } else {
      continue;
    }
    context.report(resource, m.value.span(),
                   fmt::format("{} (legacy annotation {}: unconfined)", who, m.key),
                   "metadata.annotations['" + m.key + "']");
    context.addHelp("remove it and " + fix);
  }
}

namespace {

// Node paths whose write access is a way onto the node (or its other pods).
constexpr std::array<std::string_view, 17> kSensitivePaths{
    "/", "/etc", "/root", "/boot", "/dev", "/proc", "/sys", "/var/lib/kubelet", "/var/lib/docker",
    "/var/lib/containerd", "/var/run/docker.sock", "/run/docker.sock", "/var/run/containerd",
    "/run/containerd", "/var/run/crio", "/run/crio", "/etc/kubernetes"};

std::string normalisedPath(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// The sensitive path `path` is, or lies under ("/etc/ssl" is under "/etc").
std::optional<std::string_view> sensitivePrefix(const std::string& path) {
  for (std::string_view p : kSensitivePaths) {
    if (path == p) return p;
    if (p != "/" && path.size() > p.size() && path.starts_with(p) && path[p.size()] == '/') return p;
  }
  return std::nullopt;
}

}  // namespace

void checkKubernetesSensitiveHostPathWritable(const Resource& resource, CheckContext& context) {
  const Value* pod = resource.podSpec();
  const Value* volumes = pod ? pod->find("volumes") : nullptr;
  if (!volumes || !volumes->isArray()) return;
  std::map<std::string, std::pair<std::string, const Value*>> sensitive;  // volume name -> (node path, its value)
  for (const Value& volume : volumes->items()) {
    const Value* name = volume.find("name");
    const Value* host = volume.find("hostPath");
    const Value* path = host ? host->find("path") : nullptr;
    if (!name || !name->isString() || !path || !path->isString()) continue;
    const std::string normal = normalisedPath(path->asString());
    if (sensitivePrefix(normal)) sensitive[name->asString()] = {normal, path};
  }
  if (sensitive.empty()) return;
  forEachContainer(*pod, [&](std::string_view list, const Value& container, std::size_t i) {
    const Value* mounts = container.find("volumeMounts");
    if (!mounts || !mounts->isArray()) return;
    for (const Value& mount : mounts->items()) {
      const Value* name = mount.find("name");
      if (!name || !name->isString()) continue;
      const auto it = sensitive.find(name->asString());
      if (it == sensitive.end()) continue;
      const Value* read_only = mount.find("readOnly");
      if (read_only && (read_only->isUnknown() || (read_only->isBool() && read_only->asBool()))) continue;
      const Value* mount_path = mount.find("mountPath");
      const std::string label = containerLabel(container, i);
      context.report(resource, mount_path ? mount_path->span() : mount.span(),
                     fmt::format("container '{}' of {} mounts the node path {} writable (volume '{}'): a write there "
                                 "changes the node or reaches its container runtime",
                                 label, resource.displayName(), it->second.first, it->first),
                     fmt::format("{}[{}].volumeMounts[{}]", list, label, it->first),
                     {locate(it->second.second->span(), "the hostPath volume")});
      context.addHelp("set readOnly: true on the mount, or use a narrower path");
    }
  });
}

}  // namespace palisade
