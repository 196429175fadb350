// RES021: a storage account of the platform (deployed with an AKS cluster)
// whose SKU keeps its data in one zone.
#include <fmt/format.h>

#include <array>

#include "core/ascii.h"
#include "rules/checks/azure/aks_subnets.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/azure/azure_model.h"
#include "rules/checks/resilience/resilience_checks.h"

namespace palisade {

namespace {

constexpr std::array<std::string_view, 4> kZoneRedundantSkus = {"Standard_ZRS", "Premium_ZRS", "Standard_GZRS",
                                                                 "Standard_RAGZRS"};

bool zoneRedundant(const Value& sku) {
  for (std::string_view z : kZoneRedundantSkus) {
    if (sku.isString() && equalsIgnoreCase(sku.asString(), z)) return true;
  }
  return false;
}

}  // namespace

void checkResilienceStorageZoneRedundant(const Resource& resource, CheckContext& context) {
  // Storage the cluster or its workloads use is deployed with the cluster: the same deployment (entry
  // file, with its modules) declares one. Elsewhere (a module's test, diagnostics) it is not the platform's.
  const SourceFile* root = azure::deploymentRoot(resource);
  bool beside_cluster = false;
  for (const Resource* cluster : azure::declaredOfType(context.project(), azure::kManagedClusterType)) {
    beside_cluster |= azure::deploymentRoot(*cluster) == root;
  }
  if (!beside_cluster) return;
  const Value* sku = valueAt(resource.body, "sku.name");
  Tri failing = Tri::Unknown;
  std::string shown;
  if (!sku || sku->isNull()) {
    return;  // a storage account without a SKU is not deployable; another error, not this one
  } else if (sku->isString()) {
    failing = triOf(!zoneRedundant(*sku));
    shown = sku->asString();
  } else if (const Value::Array* candidates = sku->candidates()) {
    // A parameter without a value whose allowed values all fail (or all pass) decides it.
    bool all_fail = true, all_pass = true;
    for (const Value& c : *candidates) {
      (zoneRedundant(c) ? all_fail : all_pass) = false;
    }
    if (all_pass) return;
    if (all_fail) failing = Tri::True;
    shown = "any of its allowed values";
    for (const Value& c : *candidates) shown += (&c == &candidates->front() ? " " : ", ") + c.toDisplayString();
  }
  if (failing == Tri::False || (failing == Tri::Unknown && !context.strict())) return;
  std::vector<Location> related;
  if (sku->origin().valid()) related.push_back(locate(sku->origin(), "the SKU comes from here"));
  context.report(resource, sku->span(),
                 fmt::format("{} is not zone-redundant (sku.name: {})", resource.displayName(),
                             shown.empty() ? "not known statically" : shown),
                 "sku.name", std::move(related));
  context.addHelp("use Standard_ZRS, Premium_ZRS, Standard_GZRS or Standard_RAGZRS");
  if (failing == Tri::Unknown) context.markReportedBecauseStrict("the SKU cannot be known statically");
}

}  // namespace palisade
