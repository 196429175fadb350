// CIS benchmark references carried in rule tags (`cis-kubernetes-1.8.0:5.1.5`):
// which benchmark, which version, which control. SARIF turns them into
// taxonomies; JSON and HTML list them beside each rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

struct CisReference {
  std::string benchmark;  // kebab-case slug, e.g. kubernetes, azure, aks
  std::string version;    // e.g. 1.8.0
  std::string control;    // e.g. 5.1.5

  // Versioned, stable name of the benchmark: cis-kubernetes-1.8.0.
  std::string taxonomyName() const;
  // For people: "CIS Kubernetes Benchmark v1.8.0".
  std::string title() const;
  std::string informationUri() const;
};

std::optional<CisReference> parseCisTag(std::string_view tag);
std::vector<CisReference> cisReferencesOf(const std::vector<std::string>& tags);

}  // namespace palisade
