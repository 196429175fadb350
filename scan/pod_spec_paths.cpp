#include "scan/pod_spec_paths.h"

namespace palisade {

std::string parsePodSpecPath(std::string_view text, std::vector<std::string>& keys) {
  keys.clear();
  if (text.empty()) return "the path is empty";
  std::size_t start = 0;
  while (true) {
    std::size_t dot = text.find('.', start);
    std::string_view key = text.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (key.empty()) return "a path is keys separated by single dots, e.g. spec.template";
    if (key.find_first_of("[]*'\" ") != std::string_view::npos) {
      return "a path is plain keys separated by dots (no indexes, wildcards or quotes), e.g. spec.template";
    }
    keys.emplace_back(key);
    if (dot == std::string_view::npos) return {};
    start = dot + 1;
  }
}

bool podSpecLocationMatches(const PodSpecLocation& location, const Resource& resource) {
  if (resource.kind != location.kind) return false;
  const std::string& want = location.api_version;
  if (want.empty()) return true;
  if (want.find('/') != std::string::npos) return resource.api_version == want;
  std::string_view group = resource.api_version;
  group = group.substr(0, group.find('/'));
  return group == want;
}

void applyPodSpecLocations(Resource& resource, const std::vector<PodSpecLocation>& locations) {
  if (resource.format != Format::Kubernetes || !resource.pod_spec_path.empty()) return;
  for (const PodSpecLocation& location : locations) {
    if (!podSpecLocationMatches(location, resource)) continue;
    resource.pod_spec_path = location.path;
    const Value* node = &resource.body;
    for (const std::string& key : location.path) {
      node = node ? node->find(key) : nullptr;
    }
    if (node && node->isObject() && !node->find("containers")) {
      if (const Value* spec = node->find("spec"); spec && spec->isObject()) resource.pod_spec_path.push_back("spec");
    }
    return;
  }
}

}  // namespace palisade
