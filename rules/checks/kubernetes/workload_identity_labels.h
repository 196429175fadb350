// The label and annotation Azure Workload Identity reads: a pod opts in with
// the label, its service account names the managed identity's client id.
#pragma once

#include <string_view>

namespace palisade {

inline constexpr std::string_view kWorkloadIdentityUseLabel = "azure.workload.identity/use";
inline constexpr std::string_view kWorkloadIdentityClientIdAnnotation = "azure.workload.identity/client-id";

}  // namespace palisade
