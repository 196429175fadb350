// Component configurations: the settings of a cluster's own components
// (kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kubelet)
// derived from every file that can carry them — static Pod manifests, kubeadm
// ClusterConfiguration/InitConfiguration/JoinConfiguration (v1beta3 map and
// v1beta4 list `extraArgs`), KubeletConfiguration, Cluster API
// KubeadmControlPlane/KubeadmConfigTemplate/KubeadmConfig — in one shape:
// flag name → value, so a rule about a flag is written once. Each value keeps
// the span of the line that set it; a flag that is absent takes the value the
// component would run with (what kubeadm writes, else the binary's or the
// config file's default for the Kubernetes version), located at the block
// where it would be set. Built once per project: `project.derived<ComponentConfigs>(version)`.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/project.h"
#include "core/resource.h"
#include "core/value.h"

namespace palisade {

// A Kubernetes minor release, "1.28". Component defaults depend on it.
struct KubernetesVersion {
  int major = 1;
  int minor = 28;
  // "1.28", "v1.28", "1.28.3"; nullopt for anything else.
  static std::optional<KubernetesVersion> parse(std::string_view text);
  std::string toString() const;
};

// The default when neither `.palisade.yaml` nor --kubernetes-version names one.
inline constexpr KubernetesVersion kDefaultKubernetesVersion{1, 28};

struct ComponentConfig {
  std::string component;  // kube-apiserver, kube-controller-manager, kube-scheduler, etcd, kubelet
  std::string source;     // "static Pod", "kubeadm", "Cluster API", "KubeletConfiguration"
  const Resource* resource = nullptr;  // the object the settings were read from
  std::string identity;   // tells several configurations of one object apart (a container's name)
  // What rules see: {component, source, kubernetes-version, kubernetes-minor,
  // flags: {name: value}}. Scalars are strings as a command line writes them;
  // comma lists (--authorization-mode, --enable-admission-plugins,
  // --tls-cipher-suites…) are arrays; --feature-gates is a mapping of "true"/"false".
  Value view;
  Span anchor;  // where an absent flag is reported: the command, extraArgs or config block
  // The flag values that were not written but defaulted, with why (for messages).
  std::unordered_map<const Value*, std::string> defaulted;

  const Value& flags() const { return *view.find("flags"); }
  // "not set; …" for a defaulted value, empty otherwise.
  std::string defaultNote(const Value* node) const;
};

class ComponentConfigs {
 public:
  explicit ComponentConfigs(const Project& project, KubernetesVersion version = kDefaultKubernetesVersion);

  // The configurations read from one resource (a static Pod has one per
  // component container; a kubeadm ClusterConfiguration has four).
  const std::vector<const ComponentConfig*>& of(const Resource& resource) const;
  const std::vector<std::unique_ptr<ComponentConfig>>& all() const { return all_; }
  KubernetesVersion version() const { return version_; }

 private:
  KubernetesVersion version_;
  std::vector<std::unique_ptr<ComponentConfig>> all_;
  std::unordered_map<const Resource*, std::vector<const ComponentConfig*>> by_resource_;
};

// The flags of a command line (`command` + `args` items): `--name=value`,
// `--name value`, a bare boolean `--name`; a repeated list flag appends, a
// repeated scalar flag replaces. Exposed for tests.
Value parseComponentFlags(const std::vector<const Value*>& items, const Span& span_of_block);

}  // namespace palisade
