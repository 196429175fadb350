// The registry of built-in C++ checks: every check a rule file can name with
// `check:`, listed explicitly and kept sorted by name.
#include <algorithm>

#include "rules/checks/kubernetes/kubernetes_checks.h"
#include "rules/engine/check.h"

namespace palisade {

const std::vector<CheckDefinition>& builtinChecks() {
  static const std::vector<CheckDefinition> checks = [] {
    std::vector<CheckDefinition> list = {
        // Kubernetes
        {"kubernetes-service-account-token-automount", checkServiceAccountTokenAutomount, nullptr},
    };
    std::sort(list.begin(), list.end(), [](const CheckDefinition& a, const CheckDefinition& b) { return a.name < b.name; });
    return list;
  }();
  return checks;
}

const CheckDefinition* findCheck(std::string_view name) {
  const auto& checks = builtinChecks();
  auto it = std::lower_bound(checks.begin(), checks.end(), name,
                             [](const CheckDefinition& c, std::string_view n) { return c.name < n; });
  return it != checks.end() && it->name == name ? &*it : nullptr;
}

}  // namespace palisade
