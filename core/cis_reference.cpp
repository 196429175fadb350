#include "core/cis_reference.h"

#include <fmt/format.h>

#include <cctype>

namespace palisade {

namespace {

std::string benchmarkTitle(const std::string& slug) {
  if (slug == "kubernetes") return "CIS Kubernetes Benchmark";
  if (slug == "azure") return "CIS Microsoft Azure Foundations Benchmark";
  if (slug == "aks") return "CIS Azure Kubernetes Service (AKS) Benchmark";
  std::string words;
  bool word_start = true;
  for (char c : slug) {
    if (c == '-') {
      words += ' ';
      word_start = true;
      continue;
    }
    words += word_start ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : c;
    word_start = false;
  }
  return fmt::format("CIS {} Benchmark", words);
}

bool looksLikeVersion(std::string_view text) {
  return !text.empty() && std::isdigit(static_cast<unsigned char>(text.front())) &&
         text.find_first_not_of("0123456789.") == std::string_view::npos;
}

}  // namespace

std::string CisReference::taxonomyName() const { return fmt::format("cis-{}-{}", benchmark, version); }

std::string CisReference::title() const { return fmt::format("{} v{}", benchmarkTitle(benchmark), version); }

std::string CisReference::informationUri() const {
  if (benchmark == "azure") return "https://www.cisecurity.org/benchmark/azure";
  return "https://www.cisecurity.org/benchmark/" + benchmark;
}

bool isCisTag(std::string_view tag) { return tag.starts_with("cis-"); }

std::optional<CisReference> parseCisTag(std::string_view tag) {
  if (!isCisTag(tag)) return std::nullopt;
  std::size_t colon = tag.find(':');
  if (colon == std::string_view::npos || colon + 1 == tag.size()) return std::nullopt;
  std::string_view head = tag.substr(4, colon - 4);
  std::size_t dash = head.rfind('-');
  if (dash == std::string_view::npos || dash == 0) return std::nullopt;
  std::string_view version = head.substr(dash + 1);
  if (!looksLikeVersion(version)) return std::nullopt;
  std::string_view control = tag.substr(colon + 1);
  if (control.find_first_of(" \t/") != std::string_view::npos) return std::nullopt;
  return CisReference{std::string(head.substr(0, dash)), std::string(version), std::string(control)};
}

std::vector<CisReference> cisReferencesOf(const std::vector<std::string>& tags) {
  std::vector<CisReference> references;
  for (const std::string& tag : tags) {
    if (auto reference = parseCisTag(tag)) references.push_back(std::move(*reference));
  }
  return references;
}

}  // namespace palisade
