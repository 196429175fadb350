// Facts derived from a whole project (Project::derived): built once and
// shared, by every thread; forgotten when the project changes. And the
// Calico facts built on it: policy views by resource, host policies, and
// selectors parsed once.
#include <catch2/catch.hpp>

#include <atomic>
#include <thread>

#include "core/parallel.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/checks/calico/calico_facts.h"

using namespace palisade;

namespace {

std::atomic<int> built{0};

struct CountedFacts {
  explicit CountedFacts(const Project& project) : resources(project.resources().size()) { ++built; }
  std::size_t resources;
};

Project projectOf(const std::string& text) {
  auto file = std::make_shared<const SourceFile>("policies.yaml", text);
  Project project;
  project.addFile(file);
  for (Resource& r : classifyKubernetesDocuments(readYaml(*file, {}).documents)) project.addResource(std::move(r));
  project.finalize();
  return project;
}

const char* kPolicies = R"(apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: protect-hosts}
spec:
  selector: role == 'node'
  ingress:
    - action: Allow
      source: {selector: "app == 'admin'"}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node-1, labels: {role: node}}
spec: {node: node-1, interfaceName: eth0}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  selector: app == 'web'
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop}
data: {selector: "a == ("}
)";

}  // namespace

TEST_CASE("derived facts are built once per project and shared by every thread", "[project][facts]") {
  Project project = projectOf(kPolicies);
  built = 0;
  std::vector<const CountedFacts*> seen(64);
  parallelFor(seen.size(), 2, [&](std::size_t i) { seen[i] = &project.derived<CountedFacts>(); });
  CHECK(built == 1);
  for (const CountedFacts* facts : seen) CHECK(facts == seen.front());
  CHECK(seen.front()->resources == 4);

  project.addResource(Resource{});
  project.finalize();  // the project changed: facts derived from the old one must not be served
  CHECK(project.derived<CountedFacts>().resources == 5);
  CHECK(built == 2);
}

TEST_CASE("Calico facts index policies, host policies and parsed selectors", "[project][facts][calico]") {
  const std::size_t jobs = GENERATE(1, 2);  // built on one thread or two: the same facts
  const Project project = projectOf(kPolicies);
  const calico::ProjectFacts& facts = calico::factsOf(project, jobs);
  const std::vector<Resource>& resources = project.resources();
  REQUIRE(resources.size() == 4);

  const calico::PolicyView* hosts = facts.policyOf(resources[0]);
  const calico::PolicyView* web = facts.policyOf(resources[2]);
  REQUIRE(hosts);
  REQUIRE(web);
  CHECK(hosts->resource == &resources[0]);
  CHECK(facts.policyOf(resources[1]) == nullptr);  // a HostEndpoint is no policy
  CHECK(facts.policyOf(resources[3]) == nullptr);
  CHECK(facts.policies().size() == 2);
  REQUIRE(facts.hostEndpoints().size() == 1);

  CHECK(facts.isHostPolicy(*hosts));  // its selector selects node-1's labels
  CHECK_FALSE(facts.isHostPolicy(*web));

  const calico::SelectorField& own = facts.selector(hosts->selector);
  REQUIRE(own.node());
  CHECK(&facts.selector(hosts->selector) == &own);  // parsed once, the same answer every time
  REQUIRE(facts.selector(hosts->ingress.at(0).source.selector).node());

  // A selector-like value outside any policy is parsed on demand, errors kept.
  const Value* data = resources[3].body.find("data");
  REQUIRE(data);
  const calico::SelectorField& other = facts.selector(data->find("selector"));
  REQUIRE(other.parsed);
  CHECK(other.parsed->error);
  CHECK(&facts.selector(data->find("selector")) == &other);
}
