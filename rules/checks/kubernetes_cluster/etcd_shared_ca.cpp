#include <fmt/format.h>

#include <filesystem>

#include "core/source_file.h"
#include "parsers/kubernetes/component_config.h"
#include "rules/checks/kubernetes_cluster/cluster_checks.h"

namespace palisade {

namespace {

std::string folderOf(const Resource& r) {
  if (!r.declaration.file) return {};
  return std::filesystem::path(r.declaration.file->path()).parent_path().string();
}

}  // namespace

void checkKubernetesClusterEtcdSharedCa(CheckContext& context) {
  // The engine built the configurations with the scan's Kubernetes version; the
  // files compared here do not depend on it.
  const ComponentConfigs& configs = context.project().derived<ComponentConfigs>();
  for (const auto& etcd : configs.all()) {
    if (etcd->component != "etcd") continue;
    const Value* trusted = etcd->flags().find("trusted-ca-file");
    if (!trusted || !trusted->isString() || trusted->asString().empty()) continue;
    for (const auto& api : configs.all()) {
      if (api->component != "kube-apiserver" || folderOf(*api->resource) != folderOf(*etcd->resource)) continue;
      const Value* client_ca = api->flags().find("client-ca-file");
      if (!client_ca || !client_ca->isString() || client_ca->asString() != trusted->asString()) continue;
      std::vector<Location> related{locate(client_ca->span().valid() ? client_ca->span() : api->anchor,
                                           "the API server's --client-ca-file")};
      context.report(*etcd->resource, trusted->span().valid() ? trusted->span() : etcd->anchor,
                     fmt::format("etcd trusts the cluster's client CA ({}): every client certificate the cluster issues "
                                 "opens etcd",
                                 trusted->asString()),
                     "etcd.trusted-ca-file", std::move(related));
      context.addHelp("give etcd a CA of its own");
      break;
    }
  }
}

}  // namespace palisade
