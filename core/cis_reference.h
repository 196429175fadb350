// CIS benchmark references: which benchmark, which version, which control.
// Rule files write them as tags (`cis-kubernetes-1.8.0:5.1.5`); the rule loader
// parses those once into RuleInfo::cis, and reporters read only the structure
// (SARIF taxonomies, the JSON and HTML rule lists).
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

// Whether a tag is meant as a CIS reference (starts with `cis-`).
bool isCisTag(std::string_view tag);
// `cis-BENCHMARK-VERSION:CONTROL`; nullopt when the tag is not one.
std::optional<CisReference> parseCisTag(std::string_view tag);
// The references among a rule's tags, in their order.
std::vector<CisReference> cisReferencesOf(const std::vector<std::string>& tags);

}  // namespace palisade
