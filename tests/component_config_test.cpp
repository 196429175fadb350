// Component configurations (parsers/kubernetes/component_config.h): one
// model of kube-apiserver, controller manager, scheduler, etcd and kubelet
// settings whatever file carries them, each value on the line that set it,
// absent flags at what the component runs with for the Kubernetes version;
// and the rules written once over it (rules/packs/kubernetes-cluster).
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "parsers/kubernetes/component_config.h"
#include "parsers/kubernetes/kubernetes_classifier.h"
#include "parsers/yaml/yaml_reader.h"
#include "rules/engine/engine.h"
#include "scan/config_loader.h"
#include "tests/test_support.h"

using namespace palisade;

namespace {

Project projectOf(const std::string& text, const std::string& path = "cluster.yaml") {
  auto file = std::make_shared<const SourceFile>(path, text);
  Project project;
  project.addFile(file);
  for (Resource& r : classifyKubernetesDocuments(readYaml(*file, {}).documents)) project.addResource(std::move(r));
  project.finalize();
  return project;
}

const ComponentConfig* configOf(const ComponentConfigs& configs, std::string_view component, std::size_t nth = 0) {
  for (const auto& c : configs.all()) {
    if (c->component == component && nth-- == 0) return c.get();
  }
  return nullptr;
}

std::string text(const ComponentConfig& c, std::string_view flag) {
  const Value* v = c.flags().find(flag);
  return v && v->isString() ? v->asString() : std::string("<") + (v ? std::string(kindName(v->kind())) : "absent") + ">";
}

std::vector<std::string> list(const ComponentConfig& c, std::string_view flag) {
  std::vector<std::string> out;
  if (const Value* v = c.flags().find(flag); v && v->isArray()) {
    for (const Value& item : v->items()) out.push_back(item.asString());
  }
  return out;
}

uint32_t line(const ComponentConfig& c, std::string_view flag) {
  const Value* v = c.flags().find(flag);
  return v ? v->span().start.line : 0;
}

std::vector<std::pair<std::string, uint32_t>> findingsOf(const Project& project, KubernetesVersion version = kDefaultKubernetesVersion) {
  RuleSet rules = palisade::testing::builtinRules();
  EngineOptions options;
  options.kubernetes_version = version;
  std::vector<std::pair<std::string, uint32_t>> out;
  for (const Finding& f : runRules(rules, project, options)) {
    if (f.rule_id.starts_with("KCP")) out.emplace_back(f.rule_id, f.location.start_line);
  }
  return out;
}

bool has(const std::vector<std::pair<std::string, uint32_t>>& findings, const std::string& rule, uint32_t at = 0) {
  return std::any_of(findings.begin(), findings.end(),
                     [&](const auto& f) { return f.first == rule && (at == 0 || f.second == at); });
}

}  // namespace

TEST_CASE("a static Pod's flags: =value, separate value, bare booleans, repeated lists, shell scripts", "[components]") {
  Project project = projectOf(R"(apiVersion: v1
kind: Pod
metadata: {name: kube-apiserver, namespace: kube-system}
spec:
  containers:
    - name: kube-apiserver
      image: registry.k8s.io/kube-apiserver:v1.29.1
      command:
        - kube-apiserver
        - --authorization-mode=Node,RBAC
        - --audit-log-maxage
        - "30"
        - --enable-admission-plugins=NodeRestriction
        - --enable-admission-plugins=EventRateLimit
        - --profiling
        - --feature-gates=A=true,B=false
        - --feature-gates=A=false
---
apiVersion: v1
kind: Pod
metadata: {name: sched, namespace: kube-system}
spec:
  containers:
    - name: s
      image: busybox
      command: ["/bin/sh", "-c", "exec kube-scheduler --bind-address=127.0.0.1 --profiling=false"]
)");
  const ComponentConfigs configs(project);
  const ComponentConfig* api = configOf(configs, "kube-apiserver");
  REQUIRE(api);
  CHECK(api->source == "static Pod");
  CHECK(list(*api, "authorization-mode") == std::vector<std::string>{"Node", "RBAC"});
  CHECK(line(*api, "authorization-mode") == 10);
  CHECK(text(*api, "audit-log-maxage") == "30");
  CHECK(line(*api, "audit-log-maxage") == 11);  // the flag's line, not its value's
  CHECK(list(*api, "enable-admission-plugins") == std::vector<std::string>{"NodeRestriction", "EventRateLimit"});
  CHECK(text(*api, "profiling") == "true");
  const Value* gates = api->flags().find("feature-gates");
  REQUIRE(gates);
  CHECK(gates->find("A")->asString() == "false");
  CHECK(gates->find("B")->asString() == "false");
  // The image tag says the release; absent flags take its defaults, at the command block.
  CHECK(api->view.find("kubernetes-version")->asString() == "1.29");
  CHECK(text(*api, "anonymous-auth") == "true");
  CHECK(line(*api, "anonymous-auth") == 8);
  CHECK(api->defaultNote(api->flags().find("anonymous-auth")) == "not set: kube-apiserver's default in Kubernetes 1.29");
  CHECK(api->defaultNote(api->flags().find("profiling")).empty());

  const ComponentConfig* scheduler = configOf(configs, "kube-scheduler");
  REQUIRE(scheduler);
  CHECK(text(*scheduler, "bind-address") == "127.0.0.1");
  CHECK(text(*scheduler, "profiling") == "false");
}

TEST_CASE("kubeadm: what kubeadm writes, v1beta3 map and v1beta4 list extraArgs over it, external etcd left out", "[components]") {
  Project v1beta3 = projectOf(R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: ClusterConfiguration
kubernetesVersion: v1.27.3
apiServer:
  extraArgs:
    authorization-mode: RBAC
    profiling: false
)");
  const ComponentConfigs c3(v1beta3);
  const ComponentConfig* api = configOf(c3, "kube-apiserver");
  REQUIRE(api);
  CHECK(list(*api, "authorization-mode") == std::vector<std::string>{"RBAC"});
  CHECK(line(*api, "authorization-mode") == 6);
  CHECK(text(*api, "profiling") == "false");
  CHECK(list(*api, "enable-admission-plugins") == std::vector<std::string>{"NodeRestriction"});  // kubeadm writes it
  CHECK(api->defaultNote(api->flags().find("enable-admission-plugins")) == "not set: kubeadm writes it");
  CHECK(line(*api, "enable-admission-plugins") == 5);  // at extraArgs
  CHECK(api->view.find("kubernetes-version")->asString() == "1.27");
  const ComponentConfig* cm = configOf(c3, "kube-controller-manager");
  REQUIRE(cm);
  CHECK(text(*cm, "bind-address") == "127.0.0.1");
  CHECK(text(*cm, "use-service-account-credentials") == "true");
  CHECK(text(*cm, "profiling") == "true");  // the binary's default: kubeadm does not write it
  REQUIRE(configOf(c3, "etcd"));
  CHECK(text(*configOf(c3, "etcd"), "client-cert-auth") == "true");

  Project v1beta4 = projectOf(R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
etcd:
  external: {endpoints: [https://etcd:2379]}
apiServer:
  extraArgs:
    - name: enable-admission-plugins
      value: NodeRestriction
    - name: enable-admission-plugins
      value: AlwaysAdmit
)");
  const ComponentConfigs c4(v1beta4);
  REQUIRE(configOf(c4, "kube-apiserver"));
  CHECK(list(*configOf(c4, "kube-apiserver"), "enable-admission-plugins") ==
        std::vector<std::string>{"NodeRestriction", "AlwaysAdmit"});
  CHECK(line(*configOf(c4, "kube-apiserver"), "enable-admission-plugins") == 10);
  CHECK(configOf(c4, "etcd") == nullptr);
  CHECK(!configOf(c4, "kube-apiserver")->flags().find("etcd-cafile"));  // external etcd without files
}

TEST_CASE("kubelet: KubeletConfiguration fields as flags, kubeletExtraArgs over them, args alone leave the rest Unknown", "[components]") {
  Project project = projectOf(R"(apiVersion: kubeadm.k8s.io/v1beta3
kind: InitConfiguration
nodeRegistration:
  kubeletExtraArgs:
    read-only-port: "10255"
---
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
authentication:
  anonymous: {enabled: false}
readOnlyPort: 0
tlsCipherSuites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
)");
  const ComponentConfigs configs(project);
  REQUIRE(configs.all().size() == 1);  // the InitConfiguration's flags are merged into the file's KubeletConfiguration
  const ComponentConfig& kubelet = *configs.all()[0];
  CHECK(kubelet.resource->kind == "KubeletConfiguration");
  CHECK(text(kubelet, "anonymous-auth") == "false");
  CHECK(text(kubelet, "read-only-port") == "10255");
  CHECK(line(kubelet, "read-only-port") == 5);
  CHECK(list(kubelet, "tls-cipher-suites") == std::vector<std::string>{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"});
  CHECK(text(kubelet, "rotate-certificates") == "true");  // kubeadm's default, the file being kubeadm's
  CHECK(text(kubelet, "authorization-mode") == "<array>");
  CHECK(list(kubelet, "authorization-mode") == std::vector<std::string>{"Webhook"});

  Project join = projectOf(R"(apiVersion: kubeadm.k8s.io/v1beta4
kind: JoinConfiguration
nodeRegistration:
  kubeletExtraArgs:
    - {name: anonymous-auth, value: "true"}
)");
  const ComponentConfigs joined(join);
  REQUIRE(configOf(joined, "kubelet"));
  CHECK(text(*configOf(joined, "kubelet"), "anonymous-auth") == "true");
  CHECK(configOf(joined, "kubelet")->flags().find("read-only-port")->isUnknown());
  auto findings = findingsOf(join);
  CHECK(has(findings, "KCP060", 5));
  CHECK(!has(findings, "KCP063"));  // the read-only port is the KubeletConfiguration's business
}

TEST_CASE("Cluster API objects carry the same kubeadm configuration", "[components]") {
  Project project = projectOf(R"(apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {name: cp}
spec:
  version: v1.26.5
  kubeadmConfigSpec:
    clusterConfiguration:
      scheduler:
        extraArgs: {bind-address: 0.0.0.0}
---
apiVersion: bootstrap.cluster.x-k8s.io/v1beta1
kind: KubeadmConfigTemplate
metadata: {name: workers}
spec:
  template:
    spec:
      joinConfiguration:
        nodeRegistration:
          kubeletExtraArgs: {anonymous-auth: "true"}
)");
  const ComponentConfigs configs(project);
  REQUIRE(configOf(configs, "kube-scheduler"));
  CHECK(configOf(configs, "kube-scheduler")->source == "Cluster API");
  CHECK(configOf(configs, "kube-scheduler")->view.find("kubernetes-version")->asString() == "1.26");
  CHECK(configOf(configs, "kube-apiserver"));  // kubeadm still writes one, with its own flags
  REQUIRE(configOf(configs, "kubelet"));
  CHECK(configOf(configs, "kubelet")->resource->kind == "KubeadmConfigTemplate");
  auto findings = findingsOf(project);
  CHECK(has(findings, "KCP039", 9));
  CHECK(has(findings, "KCP060", 19));
  CHECK(!has(findings, "KCP006"));  // kubeadm writes Node,RBAC
}

TEST_CASE("the Kubernetes version setting decides the defaults and the rules that depend on the release", "[components]") {
  const std::string pod = R"(apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  containers:
    - name: api
      image: example.com/custom-apiserver
      command: [kube-apiserver, "--authorization-mode=Node,RBAC"]
)";
  Project project = projectOf(pod);
  // SecurityContextDeny/PodSecurityPolicy (1.2.12) only matter before Pod Security admission (1.25).
  CHECK(has(findingsOf(project, KubernetesVersion{1, 24}), "KCP012", 8));
  Project again = projectOf(pod);
  CHECK(!has(findingsOf(again, KubernetesVersion{1, 28}), "KCP012"));

  CHECK(KubernetesVersion::parse("1.30")->minor == 30);
  CHECK(KubernetesVersion::parse("v1.28.4")->minor == 28);
  CHECK(!KubernetesVersion::parse("1.3x"));
  CHECK(!KubernetesVersion::parse("2.1"));
  CHECK(!KubernetesVersion::parse("stable-1.28"));
}

TEST_CASE("kubernetes-version in .palisade.yaml: a quoted release, not a number", "[components][config]") {
  auto dir = std::filesystem::temp_directory_path() / "palisade-components-config";
  std::filesystem::create_directories(dir);
  std::ofstream(dir / ".palisade.yaml") << "kubernetes-version: \"1.30\"\n";
  LoadedConfig good = loadConfigFile(dir / ".palisade.yaml");
  CHECK(good.errors.empty());
  REQUIRE(good.config.kubernetes_version);
  CHECK(good.config.kubernetes_version->text == "1.30");

  std::ofstream(dir / ".palisade.yaml") << "kubernetes-version: 1.30\n";
  LoadedConfig number = loadConfigFile(dir / ".palisade.yaml");
  REQUIRE(number.errors.size() == 1);
  CHECK(number.errors[0].message.find("must be quoted") != std::string::npos);
  std::filesystem::remove_all(dir);
}
