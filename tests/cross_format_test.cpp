// The cross-format rules (rules/packs/platform): every finding carries the
// other format's end as a related location, --strict turns an unknown AKS
// network policy engine into findings, and several clusters are judged
// together.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "rules/engine/rule_set.h"
#include "scan/scanner.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;

namespace {



std::vector<palisade::Finding> scan(const fs::path& folder, bool strict = false) {
  palisade::ScanRequest request;
  request.paths = {folder.string()};
  request.root = folder;
  request.strict = strict;
  std::vector<palisade::Finding> out;
  for (auto& f : palisade::runScan(request, palisade::testing::builtinRules()).findings) {
    if (f.rule_id.starts_with("PLT")) out.push_back(std::move(f));
  }
  return out;
}

bool isAzureFile(const std::string& uri) { return uri.ends_with(".bicep") || uri.ends_with(".json"); }

using Scratch = palisade::testing::ScratchDir;

std::string cluster(const std::string& symbol, const std::string& name, const std::string& network_profile) {
  return "resource " + symbol + " 'Microsoft.ContainerService/managedClusters@2024-02-01' = {\n  name: '" + name +
         "'\n  location: 'westeurope'\n  properties: {\n    dnsPrefix: '" + name + "'\n    networkProfile: " +
         network_profile + "\n  }\n}\n";
}

const char* const kCalicoDefaultDeny = R"(apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata:
  name: default-deny
spec:
  selector: all()
  types: [Ingress, Egress]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
)";

}  // namespace

TEST_CASE("every cross-format finding names the other format's end", "[platform][fixtures]") {
  std::size_t checked = 0;
  for (const auto& entry : fs::directory_iterator(palisade::testing::repoRoot() / "fixtures" / "platform")) {
    if (!entry.is_directory()) continue;
    for (const palisade::Finding& f : scan(entry.path())) {
      INFO(f.location.uri << ":" << f.location.start_line << " " << f.rule_id << " " << f.message);
      bool other_format = false;
      for (const palisade::Location& related : f.related) {
        CHECK(related.valid());
        CHECK_FALSE(related.message.empty());
        other_format = other_format || isAzureFile(related.uri) != isAzureFile(f.location.uri);
      }
      CHECK(other_format);
      ++checked;
    }
  }
  CHECK(checked >= 12);
}

TEST_CASE("an unknown network policy engine is reported only with --strict", "[platform]") {
  fs::path fixture = palisade::testing::repoRoot() / "fixtures" / "platform" / "PLT002-network-policy-engine-unknown";
  CHECK(scan(fixture).empty());
  std::vector<palisade::Finding> strict = scan(fixture, true);
  REQUIRE(strict.size() == 2);  // both Calico policies, nothing on the cluster whose engine is unknown
  for (const palisade::Finding& f : strict) {
    CHECK(f.location.uri == "calico/policies.yaml");
    CHECK(f.strict_reason == "a cluster's network policy engine cannot be known statically");
    CHECK(f.message.find("--strict") == std::string::npos);  // the reporters add it, from strict_reason
    CHECK(palisade::displayMessage(f).ends_with("(reported because of --strict: " + f.strict_reason + ")"));
  }
}

TEST_CASE("with several clusters a policy is inert only when none enforces it", "[platform]") {
  Scratch project("clusters");
  project.write("k8s/policies.yaml", kCalicoDefaultDeny);

  SECTION("a Calico cluster beside an Azure one enforces everything") {
    project.write("infra/aks.bicep", cluster("blue", "aks-blue", "{ networkPlugin: 'azure', networkPolicy: 'azure' }") +
                                         cluster("green", "aks-green", "{ networkPlugin: 'azure', networkPolicy: 'calico' }"));
    CHECK(scan(project.dir).empty());
  }
  SECTION("the Calico policy is inert on both, the Kubernetes one enforced by one") {
    project.write("infra/aks.bicep", cluster("blue", "aks-blue", "{ networkPlugin: 'azure', networkPolicy: 'Azure' }") +
                                         cluster("green", "aks-green", "{ networkPlugin: 'azure' }"));
    std::vector<palisade::Finding> findings = scan(project.dir);
    std::size_t on_clusters = 0, on_policies = 0;
    for (const palisade::Finding& f : findings) {
      INFO(f.location.uri << ":" << f.location.start_line << " " << f.message);
      if (isAzureFile(f.location.uri)) {
        ++on_clusters;
        REQUIRE(f.related.size() == 1);  // only the Calico policy; the Kubernetes one is enforced by aks-blue
        CHECK(f.related[0].start_line == 2);
      } else {
        ++on_policies;
        CHECK(f.location.start_line == 2);
        CHECK(f.related.size() == 2);  // both clusters
      }
    }
    CHECK(on_clusters == 2);
    CHECK(on_policies == 1);
  }
  SECTION("Cilium's dataplane enforces Kubernetes policies but not Calico's") {
    project.write("infra/aks.bicep",
                  cluster("blue", "aks-blue", "{ networkPlugin: 'azure', networkDataplane: 'cilium' }"));
    std::vector<palisade::Finding> findings = scan(project.dir);
    REQUIRE(findings.size() == 2);
    CHECK(findings[0].message.find("'cilium'") != std::string::npos);
  }
}
