// The Kubernetes classifier: YAML documents → Kubernetes and Calico
// Resources. `List` kinds are unpacked and every workload kind is mapped to
// its pod spec, so pod rules are written once.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/resource.h"
#include "parsers/yaml/yaml_reader.h"

namespace palisade {

// Path from a workload's body to its pod spec; empty for other kinds.
std::vector<std::string> podSpecPathOf(std::string_view kind);
// The same, knowing the apiVersion: also OpenShift DeploymentConfig, Knative
// Service and Configuration, and Argo Rollout (whose kinds alone say
// nothing: a Knative Service is not a core Service).
std::vector<std::string> podSpecPathOf(std::string_view api_version, std::string_view kind);

// Resources of the documents that are Kubernetes objects (apiVersion + kind);
// other documents are not ours and are left alone.
std::vector<Resource> classifyKubernetesDocuments(std::vector<YamlDocument>&& documents);

// True when a YAML file is a Helm chart template ({{ }} directives under a
// templates/ folder), which is not YAML until rendered.
bool looksLikeHelmTemplate(std::string_view path, std::string_view text);
// True when a file that failed to parse holds template directives, so the
// failure is the templating's, not a YAML mistake.
bool templateLikeParseFailure(std::string_view text);

}  // namespace palisade
