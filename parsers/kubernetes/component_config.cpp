#include "parsers/kubernetes/component_config.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace palisade {

std::optional<KubernetesVersion> KubernetesVersion::parse(std::string_view text) {
  if (!text.empty() && (text[0] == 'v' || text[0] == 'V')) text.remove_prefix(1);
  KubernetesVersion v;
  const char* end = text.data() + text.size();
  auto [p1, e1] = std::from_chars(text.data(), end, v.major);
  if (e1 != std::errc() || p1 == end || *p1 != '.') return std::nullopt;
  auto [p2, e2] = std::from_chars(p1 + 1, end, v.minor);
  if (e2 != std::errc() || p2 == p1 + 1) return std::nullopt;
  if (p2 != end) {  // a patch release is allowed and ignored
    int patch = 0;
    auto [p3, e3] = std::from_chars(p2 + 1, end, patch);
    if (*p2 != '.' || e3 != std::errc() || p3 != end) return std::nullopt;
  }
  if (v.major != 1 || v.minor < 0 || v.minor > 99) return std::nullopt;
  return v;
}

std::string KubernetesVersion::toString() const { return fmt::format("{}.{}", major, minor); }

std::string ComponentConfig::defaultNote(const Value* node) const {
  auto it = defaulted.find(node);
  return it == defaulted.end() ? std::string() : it->second;
}

namespace {

constexpr std::string_view kApiServer = "kube-apiserver";
constexpr std::string_view kControllerManager = "kube-controller-manager";
constexpr std::string_view kScheduler = "kube-scheduler";
constexpr std::string_view kEtcd = "etcd";
constexpr std::string_view kKubelet = "kubelet";

// Flags whose value is a comma-separated list (pflag string slices): a
// repeated flag appends.
bool isListFlag(std::string_view name) {
  return name == "authorization-mode" || name == "enable-admission-plugins" || name == "disable-admission-plugins" ||
         name == "admission-control" || name == "tls-cipher-suites";
}
bool isMapFlag(std::string_view name) { return name == "feature-gates"; }
// Boolean flags: a bare `--name` is true and does not take the next item as its value.
bool isBoolFlag(std::string_view name) {
  static const std::set<std::string_view> names = {
      "anonymous-auth", "profiling", "service-account-lookup", "use-service-account-credentials",
      "client-cert-auth", "peer-client-cert-auth", "auto-tls", "peer-auto-tls", "make-iptables-util-chains",
      "rotate-certificates", "rotate-server-certificates", "protect-kernel-defaults", "enable-bootstrap-token-auth",
      "allow-privileged", "leader-elect", "kubelet-https", "authentication-token-webhook", "v", "logtostderr",
      "enable-aggregator-routing", "insecure-skip-tls-verify", "strict-reconfig-check", "enable-v2",
      "experimental-initial-corrupt-check", "enable-pprof", "fail-swap-on", "enable-debugging-handlers",
      "serialize-image-pulls", "cgroups-per-qos", "register-node", "enable-garbage-collector"};
  return names.contains(name);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::vector<std::string_view> splitOn(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= s.size()) {
    std::size_t end = s.find(sep, start);
    if (end == std::string_view::npos) end = s.size();
    out.push_back(trim(s.substr(start, end - start)));
    start = end + 1;
  }
  return out;
}

// A scalar as a command line would carry it: YAML `false` and "false" are the same flag value.
std::optional<std::string> scalarText(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::String: return v.asString();
    case Value::Kind::Bool: return std::string(v.asBool() ? "true" : "false");
    case Value::Kind::Int: return std::to_string(v.asInt());
    case Value::Kind::Number: return v.toDisplayString();
    default: return std::nullopt;
  }
}

// The flags of one component, built in the order a component reads them:
// later sources replace earlier ones (extraArgs over what kubeadm writes),
// a repeated list flag on one command line appends.
class FlagSet {
 public:
  enum class Repeat { Append, Replace };

  // Sets `name` from a command-line or extraArgs text.
  void setText(const std::string& name, std::string_view text, const Span& span, Repeat repeat) {
    Member* m = find(name);
    if (isListFlag(name)) {
      Value::Array items;
      for (std::string_view part : splitOn(text, ',')) {
        if (!part.empty()) items.push_back(Value::string(std::string(part), span));
      }
      if (m && repeat == Repeat::Append && m->value.isArray() && appended_.contains(name)) {
        for (Value& item : items) m->value.items().push_back(std::move(item));
        m->value.setSpan(span);
      } else {
        put(name, Value::array(std::move(items), span), span);
      }
      appended_.insert(name);
      return;
    }
    if (isMapFlag(name)) {
      Value::Object gates;
      if (m && m->value.isObject()) gates = m->value.members();  // pflag merges repeated gates
      for (std::string_view part : splitOn(text, ',')) {
        std::size_t eq = part.find('=');
        if (part.empty() || eq == std::string_view::npos) continue;
        std::string key(trim(part.substr(0, eq)));
        Value value = Value::string(std::string(trim(part.substr(eq + 1))), span);
        auto it = std::find_if(gates.begin(), gates.end(), [&](const Member& g) { return g.key == key; });
        if (it != gates.end()) {
          it->value = std::move(value);
          it->key_span = span;
        } else {
          gates.push_back(Member{key, span, std::move(value)});
        }
      }
      put(name, Value::object(std::move(gates), span), span);
      return;
    }
    put(name, Value::string(std::string(text), span), span);
  }

  // Sets `name` to a value read from a configuration file (already the right shape).
  void setValue(const std::string& name, Value value, const Span& key_span) { put(name, std::move(value), key_span); }

  bool has(std::string_view name) const {
    return std::any_of(members_.begin(), members_.end(), [&](const Member& m) { return m.key == name; });
  }
  // Starts a new command line: its list flags replace earlier values on first use.
  void newSource() { appended_.clear(); }
  Value::Object take() { return std::move(members_); }

 private:
  Member* find(std::string_view name) {
    for (Member& m : members_) {
      if (m.key == name) return &m;
    }
    return nullptr;
  }
  void put(const std::string& name, Value value, const Span& key_span) {
    if (Member* m = find(name)) {
      m->value = std::move(value);
      m->key_span = key_span;
    } else {
      members_.push_back(Member{name, key_span, std::move(value)});
    }
  }

  Value::Object members_;
  std::set<std::string> appended_;
};

struct Token {
  std::string text;
  Span span;
};

// Reads `--name=value`, `--name value` and bare boolean flags from tokens.
void readFlagTokens(const std::vector<Token>& tokens, std::size_t from, FlagSet& flags) {
  for (std::size_t i = from; i < tokens.size(); ++i) {
    std::string_view t = tokens[i].text;
    if (!t.starts_with("--") || t.size() < 3) continue;
    t.remove_prefix(2);
    std::size_t eq = t.find('=');
    if (eq != std::string_view::npos) {
      flags.setText(std::string(t.substr(0, eq)), t.substr(eq + 1), tokens[i].span, FlagSet::Repeat::Append);
      continue;
    }
    std::string name(t);
    if (!isBoolFlag(name) && i + 1 < tokens.size() && !tokens[i + 1].text.starts_with("-")) {
      flags.setText(name, tokens[i + 1].text, tokens[i].span, FlagSet::Repeat::Append);
      ++i;
    } else {
      flags.setText(name, "true", tokens[i].span, FlagSet::Repeat::Append);
    }
  }
}

// Command and args items as tokens; an item holding spaces (a shell script,
// or several flags in one string) is split, each part keeping the item's span.
void appendTokens(const Value* list, std::vector<Token>& out) {
  if (!list || !list->isArray()) return;
  for (const Value& item : list->items()) {
    std::optional<std::string> text = scalarText(item);
    if (!text) continue;
    std::string_view rest = *text;
    bool any = false;
    while (true) {
      std::size_t start = rest.find_first_not_of(" \t\r\n");
      if (start == std::string_view::npos) break;
      rest.remove_prefix(start);
      std::size_t end = rest.find_first_of(" \t\r\n");
      std::string_view word = rest.substr(0, end);
      if (word.size() >= 2 && (word.front() == '"' || word.front() == '\'') && word.back() == word.front()) {
        word = word.substr(1, word.size() - 2);
      }
      out.push_back(Token{std::string(word), item.span()});
      any = true;
      if (end == std::string_view::npos) break;
      rest.remove_prefix(end);
    }
    if (!any) out.push_back(Token{std::string(), item.span()});
  }
}

std::string_view baseName(std::string_view path) {
  std::size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string_view componentOfBinary(std::string_view word) {
  std::string_view name = baseName(word);
  for (std::string_view c : {kApiServer, kControllerManager, kScheduler, kEtcd, kKubelet}) {
    if (name == c) return c;
  }
  return {};
}

std::string_view componentOfHyperkube(std::string_view word) {
  if (word == "apiserver" || word == kApiServer) return kApiServer;
  if (word == "controller-manager" || word == kControllerManager) return kControllerManager;
  if (word == "scheduler" || word == kScheduler) return kScheduler;
  if (word == kKubelet) return kKubelet;
  return {};
}

// registry.k8s.io/kube-apiserver:v1.28.0 → kube-apiserver (also the -amd64 images).
std::string_view componentOfImage(std::string_view image) {
  if (std::size_t at = image.find('@'); at != std::string_view::npos) image = image.substr(0, at);
  std::string_view name = baseName(image);
  if (std::size_t colon = name.find(':'); colon != std::string_view::npos) name = name.substr(0, colon);
  for (std::string_view arch : {"-amd64", "-arm64", "-arm", "-ppc64le", "-s390x"}) {
    if (name.ends_with(arch)) name.remove_suffix(arch.size());
  }
  for (std::string_view c : {kApiServer, kControllerManager, kScheduler, kEtcd}) {
    if (name == c) return c;
  }
  return {};
}

// Finds the component a container runs and the index of its first flag.
std::string_view findComponent(const std::vector<Token>& tokens, std::size_t& first_flag) {
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::string_view word = tokens[i].text;
    if (std::string_view c = componentOfBinary(word); !c.empty()) {
      first_flag = i + 1;
      return c;
    }
    if (baseName(word) == "hyperkube" && i + 1 < tokens.size()) {
      if (std::string_view c = componentOfHyperkube(tokens[i + 1].text); !c.empty()) {
        first_flag = i + 2;
        return c;
      }
    }
    // Only a shell, `exec` or an environment assignment may come before the binary.
    std::string_view base = baseName(word);
    bool prelude = base == "sh" || base == "bash" || base == "ash" || base == "dash" || word == "-c" || word == "-ec" ||
                   word == "-xc" || word == "exec" || (word.find('=') != std::string_view::npos && !word.starts_with("-"));
    if (!prelude) return {};
  }
  return {};
}

struct Defaults {
  std::string name;
  std::string value;     // or, when `unknown`, why it cannot be known
  bool unknown = false;
};

// What each component runs with when a flag is absent: the binary's defaults
// (for the flags the rules read).
std::vector<Defaults> binaryDefaults(std::string_view component, KubernetesVersion version) {
  const bool rotate_server_gate = version.minor >= 12;  // RotateKubeletServerCertificate: beta, on by default since 1.12
  if (component == kApiServer) {
    return {{"anonymous-auth", "true"},   {"authorization-mode", "AlwaysAllow"}, {"profiling", "true"},
            {"service-account-lookup", "true"}, {"request-timeout", "1m0s"}};
  }
  if (component == kControllerManager) {
    return {{"profiling", "true"},
            {"use-service-account-credentials", "false"},
            {"terminated-pod-gc-threshold", "12500"},
            {"bind-address", "0.0.0.0"},
            {"feature-gates", rotate_server_gate ? "RotateKubeletServerCertificate=true" : "RotateKubeletServerCertificate=false"}};
  }
  if (component == kScheduler) return {{"profiling", "true"}, {"bind-address", "0.0.0.0"}};
  if (component == kEtcd) {
    return {{"client-cert-auth", "false"}, {"peer-client-cert-auth", "false"}, {"auto-tls", "false"}, {"peer-auto-tls", "false"}};
  }
  if (component == kKubelet) {  // command-line defaults
    return {{"anonymous-auth", "true"},
            {"authorization-mode", "AlwaysAllow"},
            {"read-only-port", "10255"},
            {"streaming-connection-idle-timeout", "4h0m0s"},
            {"make-iptables-util-chains", "true"},
            {"rotate-certificates", "false"},
            {"rotate-server-certificates", "false"},
            {"protect-kernel-defaults", "false"},
            {"pod-max-pids", "-1"},
            {"feature-gates", rotate_server_gate ? "RotateKubeletServerCertificate=true" : "RotateKubeletServerCertificate=false"}};
  }
  return {};
}

// KubeletConfiguration (kubelet.config.k8s.io/v1beta1) defaults, which are
// safer than the command line's.
std::vector<Defaults> kubeletConfigFileDefaults(KubernetesVersion version) {
  std::vector<Defaults> d = binaryDefaults(kKubelet, version);
  for (Defaults& x : d) {
    if (x.name == "anonymous-auth") x.value = "false";
    if (x.name == "authorization-mode") x.value = "Webhook";
    if (x.name == "read-only-port") x.value = "0";
  }
  return d;
}

// What kubeadm writes into each static Pod manifest (and the kubelet
// configuration) before `extraArgs` are applied, for the flags the rules read.
std::vector<Defaults> kubeadmWrites(std::string_view component, const Value* cluster) {
  if (component == kApiServer) {
    std::vector<Defaults> d = {{"authorization-mode", "Node,RBAC"},
                               {"enable-admission-plugins", "NodeRestriction"},
                               {"client-ca-file", "/etc/kubernetes/pki/ca.crt"},
                               {"tls-cert-file", "/etc/kubernetes/pki/apiserver.crt"},
                               {"tls-private-key-file", "/etc/kubernetes/pki/apiserver.key"},
                               {"kubelet-client-certificate", "/etc/kubernetes/pki/apiserver-kubelet-client.crt"},
                               {"kubelet-client-key", "/etc/kubernetes/pki/apiserver-kubelet-client.key"},
                               {"service-account-key-file", "/etc/kubernetes/pki/sa.pub"},
                               {"enable-bootstrap-token-auth", "true"}};
    const Value* external = cluster ? cluster->find("etcd") : nullptr;
    external = external ? external->find("external") : nullptr;
    if (!external) {
      d.push_back({"etcd-cafile", "/etc/kubernetes/pki/etcd/ca.crt"});
      d.push_back({"etcd-certfile", "/etc/kubernetes/pki/apiserver-etcd-client.crt"});
      d.push_back({"etcd-keyfile", "/etc/kubernetes/pki/apiserver-etcd-client.key"});
    } else {  // kubeadm passes the external etcd's files when they are given
      for (auto [field, flag] : {std::pair{"caFile", "etcd-cafile"}, {"certFile", "etcd-certfile"}, {"keyFile", "etcd-keyfile"}}) {
        if (const Value* v = external->find(field); v && v->isString()) d.push_back({flag, v->asString()});
      }
    }
    return d;
  }
  if (component == kControllerManager) {
    return {{"bind-address", "127.0.0.1"},
            {"use-service-account-credentials", "true"},
            {"service-account-private-key-file", "/etc/kubernetes/pki/sa.key"},
            {"root-ca-file", "/etc/kubernetes/pki/ca.crt"}};
  }
  if (component == kScheduler) return {{"bind-address", "127.0.0.1"}};
  if (component == kEtcd) {
    return {{"cert-file", "/etc/kubernetes/pki/etcd/server.crt"},
            {"key-file", "/etc/kubernetes/pki/etcd/server.key"},
            {"client-cert-auth", "true"},
            {"peer-cert-file", "/etc/kubernetes/pki/etcd/peer.crt"},
            {"peer-key-file", "/etc/kubernetes/pki/etcd/peer.key"},
            {"peer-client-cert-auth", "true"},
            {"trusted-ca-file", "/etc/kubernetes/pki/etcd/ca.crt"},
            {"peer-trusted-ca-file", "/etc/kubernetes/pki/etcd/ca.crt"}};
  }
  if (component == kKubelet) {  // kubeadm's KubeletConfiguration defaults
    return {{"anonymous-auth", "false"}, {"authorization-mode", "Webhook"},
            {"client-ca-file", "/etc/kubernetes/pki/ca.crt"}, {"rotate-certificates", "true"}};
  }
  return {};
}

// The kubelet configuration file's fields and the flags they stand for.
struct KubeletField {
  std::vector<std::string_view> path;
  std::string_view flag;
};
const std::vector<KubeletField>& kubeletFields() {
  static const std::vector<KubeletField> fields = {
      {{"authentication", "anonymous", "enabled"}, "anonymous-auth"},
      {{"authentication", "webhook", "enabled"}, "authentication-token-webhook"},
      {{"authentication", "x509", "clientCAFile"}, "client-ca-file"},
      {{"authorization", "mode"}, "authorization-mode"},
      {{"readOnlyPort"}, "read-only-port"},
      {{"streamingConnectionIdleTimeout"}, "streaming-connection-idle-timeout"},
      {{"protectKernelDefaults"}, "protect-kernel-defaults"},
      {{"makeIPTablesUtilChains"}, "make-iptables-util-chains"},
      {{"eventRecordQPS"}, "event-qps"},
      {{"tlsCertFile"}, "tls-cert-file"},
      {{"tlsPrivateKeyFile"}, "tls-private-key-file"},
      {{"rotateCertificates"}, "rotate-certificates"},
      {{"serverTLSBootstrap"}, "rotate-server-certificates"},
      {{"featureGates"}, "feature-gates"},
      {{"tlsCipherSuites"}, "tls-cipher-suites"},
      {{"podPidsLimit"}, "pod-max-pids"},
  };
  return fields;
}

const Member* memberAt(const Value& root, const std::vector<std::string_view>& path) {
  const Value* node = &root;
  const Member* member = nullptr;
  for (std::string_view key : path) {
    if (!node || !node->isObject()) return nullptr;
    member = node->findMember(key);
    if (!member) return nullptr;
    node = &member->value;
  }
  return member;
}

// A configuration-file value in the flag's shape.
std::optional<Value> flagValueOf(std::string_view flag, const Value& v) {
  if (v.isUnknown()) return v;
  if (isListFlag(flag)) {
    if (v.isArray()) {
      Value::Array items;
      for (const Value& item : v.items()) {
        if (auto text = scalarText(item)) items.push_back(Value::string(*text, item.span()));
      }
      return Value::array(std::move(items), v.span());
    }
    if (auto text = scalarText(v)) return Value::array({Value::string(*text, v.span())}, v.span());
    return std::nullopt;
  }
  if (isMapFlag(flag)) {
    if (!v.isObject()) return std::nullopt;
    Value::Object gates;
    for (const Member& m : v.members()) {
      if (auto text = scalarText(m.value)) gates.push_back(Member{m.key, m.key_span, Value::string(*text, m.value.span())});
    }
    return Value::object(std::move(gates), v.span());
  }
  if (auto text = scalarText(v)) return Value::string(*text, v.span());
  return std::nullopt;
}

// kubeadm `extraArgs`: a mapping (v1beta3, Cluster API v1beta1) or a list of
// {name, value} (v1beta4, Cluster API v1beta2). Returns false when absent.
bool readExtraArgs(const Value* args, FlagSet& flags) {
  if (!args) return false;
  if (args->isObject()) {
    for (const Member& m : args->members()) {
      if (m.value.isUnknown()) {
        flags.setValue(m.key, m.value, m.key_span);
      } else if (auto text = scalarText(m.value)) {
        flags.setText(m.key, *text, m.value.span().valid() ? m.value.span() : m.key_span, FlagSet::Repeat::Replace);
      }
    }
    return true;
  }
  if (args->isArray()) {
    flags.newSource();
    for (const Value& item : args->items()) {
      const Value* name = item.find("name");
      const Value* value = item.find("value");
      if (!name || !name->isString()) continue;
      Span at = value && value->span().valid() ? value->span() : item.span();
      if (value && value->isUnknown()) {
        flags.setValue(name->asString(), *value, at);
      } else {
        // A repeated name in the list form is how v1beta4 passes a flag twice.
        flags.setText(name->asString(), value ? scalarText(*value).value_or("") : "", at, FlagSet::Repeat::Append);
      }
    }
    return true;
  }
  return false;
}

Span keySpan(const Value* object, std::string_view key) {
  if (!object || !object->isObject()) return {};
  const Member* m = object->findMember(key);
  return m ? m->key_span : Span{};
}

const Span& firstValid(std::initializer_list<const Span*> spans) {
  for (const Span* s : spans) {
    if (s->valid()) return *s;
  }
  return **(spans.end() - 1);
}

bool isKubeadmApi(std::string_view api_version) { return api_version.starts_with("kubeadm.k8s.io/"); }
bool isClusterApiBootstrap(std::string_view api_version) {
  return api_version.starts_with("controlplane.cluster.x-k8s.io/") || api_version.starts_with("bootstrap.cluster.x-k8s.io/");
}

class Builder {
 public:
  Builder(KubernetesVersion version, std::vector<std::unique_ptr<ComponentConfig>>& out) : version_(version), out_(out) {}

  void add(const Resource& resource, std::string_view component, std::string source, std::string identity, FlagSet flags,
           const Span& anchor, const std::vector<Defaults>& defaults, const std::string& defaults_why,
           KubernetesVersion version) {
    auto config = std::make_unique<ComponentConfig>();
    config->component = std::string(component);
    config->source = std::move(source);
    config->resource = &resource;
    config->identity = std::move(identity);
    config->anchor = anchor.valid() ? anchor : resource.declaration;
    std::vector<std::pair<std::string, std::string>> notes;
    for (const Defaults& d : defaults) {
      if (flags.has(d.name)) continue;
      if (d.unknown) {
        flags.setValue(d.name, Value::unknown(d.value, config->anchor), config->anchor);
      } else {
        flags.setText(d.name, d.value, config->anchor, FlagSet::Repeat::Replace);
      }
      notes.emplace_back(d.name, defaults_why);
    }
    Value::Object view;
    view.push_back(Member{"component", {}, Value::string(config->component, config->anchor)});
    view.push_back(Member{"source", {}, Value::string(config->source, config->anchor)});
    view.push_back(Member{"kubernetes-version", {}, Value::string(version.toString(), config->anchor)});
    view.push_back(Member{"kubernetes-minor", {}, Value::integer(version.minor, config->anchor)});
    view.push_back(Member{"flags", config->anchor, Value::object(flags.take(), config->anchor)});
    config->view = Value::object(std::move(view), config->anchor);
    // Only now are the values where they stay: remember which were defaulted.
    const Value& set = config->flags();
    for (const auto& [name, why] : notes) {
      if (const Value* v = set.find(name)) markDefaulted(*config, *v, why);
    }
    out_.push_back(std::move(config));
  }

  void markDefaulted(ComponentConfig& config, const Value& v, const std::string& why) {
    config.defaulted.emplace(&v, why);
    if (v.isArray()) {
      for (const Value& item : v.items()) config.defaulted.emplace(&item, why);
    } else if (v.isObject()) {
      for (const Member& m : v.members()) config.defaulted.emplace(&m.value, why);
    }
  }

  static std::string binaryWhy(std::string_view component, KubernetesVersion version) {
    if (component == kEtcd) return "not set: etcd's default";
    return fmt::format("not set: {}'s default in Kubernetes {}", component, version.toString());
  }

  // The release a file names (a static Pod's image tag, kubeadm's
  // kubernetesVersion, a KubeadmControlPlane's version), else the setting.
  KubernetesVersion versionFrom(const Value* text) const {
    if (text && text->isString()) {
      if (auto v = KubernetesVersion::parse(text->asString())) return *v;
    }
    return version_;
  }
  KubernetesVersion versionOfImage(const Value* image) const {
    if (!image || !image->isString()) return version_;
    std::string_view name = image->asString();
    if (std::size_t at = name.find('@'); at != std::string_view::npos) name = name.substr(0, at);
    std::size_t colon = name.rfind(':');
    if (colon == std::string_view::npos || name.find('/', colon) != std::string_view::npos) return version_;
    std::string_view tag = name.substr(colon + 1);
    if (std::size_t dash = tag.find('-'); dash != std::string_view::npos) tag = tag.substr(0, dash);
    if (auto v = KubernetesVersion::parse(tag)) return *v;
    return version_;
  }

  // Each container of a workload that runs a control-plane binary.
  void fromWorkload(const Resource& resource) {
    const Value* pod = resource.podSpec();
    const Value* containers = pod ? pod->find("containers") : nullptr;
    if (!containers || !containers->isArray()) return;
    for (const Value& container : containers->items()) {
      if (!container.isObject()) continue;
      const Value* command = container.find("command");
      const Value* args = container.find("args");
      std::vector<Token> tokens;
      appendTokens(command, tokens);
      appendTokens(args, tokens);
      std::size_t first_flag = 0;
      std::string_view component;
      if (command && command->isArray() && !command->items().empty()) {
        component = findComponent(tokens, first_flag);
      } else if (const Value* image = container.find("image"); image && image->isString()) {
        // No command: the image's entrypoint is the binary, so args are its flags.
        component = componentOfImage(image->asString());
        bool has_flag = std::any_of(tokens.begin(), tokens.end(), [](const Token& t) { return t.text.starts_with("--"); });
        if (!has_flag) component = {};
      }
      if (component.empty()) continue;
      FlagSet flags;
      readFlagTokens(tokens, first_flag, flags);
      Span command_key = keySpan(&container, "command");
      Span args_key = keySpan(&container, "args");
      const Span& anchor = firstValid({&command_key, &args_key, &container.span()});
      const Value* name = container.find("name");
      // etcd's image tags are etcd releases, not Kubernetes ones.
      KubernetesVersion version = component == kEtcd ? version_ : versionOfImage(container.find("image"));
      add(resource, component, "static Pod", name && name->isString() ? name->asString() : std::string(component),
          std::move(flags), anchor, binaryDefaults(component, version), binaryWhy(component, version), version);
    }
  }

  // The control-plane components of a kubeadm ClusterConfiguration (or a
  // Cluster API `clusterConfiguration`, which has the same fields). `cluster`
  // may be null: kubeadm then writes its own manifests alone.
  void fromClusterConfiguration(const Resource& resource, const Value* cluster, const Span& fallback, const std::string& source,
                                KubernetesVersion version) {
    struct Section {
      std::string_view component;
      std::string_view key;
    };
    for (Section s : {Section{kApiServer, "apiServer"}, Section{kControllerManager, "controllerManager"},
                      Section{kScheduler, "scheduler"}, Section{kEtcd, "etcd"}}) {
      const Value* section = cluster ? cluster->find(s.key) : nullptr;
      Span section_key = keySpan(cluster, s.key);
      const Value* holder = section;
      if (s.component == kEtcd) {
        if (section && section->find("external")) continue;  // not run by kubeadm: nothing here says how
        holder = section ? section->find("local") : nullptr;
        if (Span local_key = keySpan(section, "local"); local_key.valid()) section_key = local_key;
      }
      FlagSet flags;
      for (const Defaults& d : kubeadmWrites(s.component, cluster)) {
        flags.setText(d.name, d.value, Span{}, FlagSet::Repeat::Replace);
      }
      flags.newSource();
      readExtraArgs(holder ? holder->find("extraArgs") : nullptr, flags);
      Span args_key = keySpan(holder, "extraArgs");
      const Span& anchor = firstValid({&args_key, &section_key, &fallback});
      // What kubeadm wrote and extraArgs did not replace has no line of its own: locate it at the anchor.
      Value::Object members = flags.take();
      FlagSet located;
      std::vector<std::pair<std::string, std::string>> kubeadm_notes;
      for (Member& m : members) {
        if (!m.key_span.valid()) {
          relocate(m.value, anchor);
          m.key_span = anchor;
          kubeadm_notes.emplace_back(m.key, "not set: kubeadm writes it");
        }
        located.setValue(m.key, std::move(m.value), m.key_span);
      }
      add(resource, s.component, source, std::string(s.component), std::move(located), anchor,
          binaryDefaults(s.component, version), binaryWhy(s.component, version), version);
      ComponentConfig& config = *out_.back();
      for (const auto& [name, why] : kubeadm_notes) {
        if (const Value* v = config.flags().find(name)) markDefaulted(config, *v, why);
      }
    }
  }

  static void relocate(Value& v, const Span& at) {
    v.setSpan(at);
    if (v.isArray()) {
      for (Value& item : v.items()) relocate(item, at);
    } else if (v.isObject()) {
      for (Member& m : v.members()) {
        m.key_span = at;
        relocate(m.value, at);
      }
    }
  }

  // A kubelet's flags from `nodeRegistration.kubeletExtraArgs` alone: what is
  // not set there comes from a KubeletConfiguration this object does not show.
  void kubeletExtraArgs(const Value* config, FlagSet& flags, Span& anchor) {
    const Value* registration = config ? config->find("nodeRegistration") : nullptr;
    const Value* args = registration ? registration->find("kubeletExtraArgs") : nullptr;
    if (!args) return;
    readExtraArgs(args, flags);
    anchor = keySpan(registration, "kubeletExtraArgs");
  }

  void fromKubeletConfiguration(const Resource& resource, const std::vector<std::pair<const Resource*, const Value*>>& overrides,
                                bool kubeadm) {
    FlagSet flags;
    for (const KubeletField& field : kubeletFields()) {
      const Member* m = memberAt(resource.body, field.path);
      if (!m || m->value.isNull()) continue;
      if (auto v = flagValueOf(field.flag, m->value)) flags.setValue(std::string(field.flag), std::move(*v), m->key_span);
    }
    Span anchor = resource.declaration;
    // kubeletExtraArgs of kubeadm objects in the same file: flags override the file.
    for (const auto& [owner, config] : overrides) {
      Span ignored;
      flags.newSource();
      kubeletExtraArgs(config, flags, ignored);
    }
    std::vector<Defaults> defaults = kubeletConfigFileDefaults(version_);
    std::string why = fmt::format("not set: the KubeletConfiguration default in Kubernetes {}", version_.toString());
    if (kubeadm) {
      for (const Defaults& k : kubeadmWrites(kKubelet, nullptr)) {
        for (Defaults& d : defaults) {
          if (d.name == k.name) d.value = k.value;
        }
        if (std::none_of(defaults.begin(), defaults.end(), [&](const Defaults& d) { return d.name == k.name; })) defaults.push_back(k);
      }
      why = fmt::format("not set: kubeadm's KubeletConfiguration default in Kubernetes {}", version_.toString());
    }
    add(resource, kKubelet, "KubeletConfiguration", "kubelet", std::move(flags), anchor, defaults, why, version_);
  }

  // Only the flags are known: every other setting comes from a
  // KubeletConfiguration this file does not hold, so it is Unknown (a rule on
  // it is inconclusive, reported only with --strict).
  void fromKubeletArgsOnly(const Resource& resource, const Value* config, const std::string& source, const std::string& identity) {
    FlagSet flags;
    Span anchor;
    kubeletExtraArgs(config, flags, anchor);
    if (!anchor.valid()) return;
    std::vector<Defaults> unknown;
    for (const KubeletField& field : kubeletFields()) {
      unknown.push_back({std::string(field.flag), "set by a KubeletConfiguration that is not in this file", true});
    }
    add(resource, kKubelet, source, identity, std::move(flags), anchor, unknown,
        "not set here: the node's KubeletConfiguration decides it", version_);
  }

 private:
  KubernetesVersion version_;
  std::vector<std::unique_ptr<ComponentConfig>>& out_;
};

}  // namespace

Value parseComponentFlags(const std::vector<const Value*>& items, const Span& span_of_block) {
  std::vector<Token> tokens;
  for (const Value* list : items) appendTokens(list, tokens);
  FlagSet flags;
  readFlagTokens(tokens, 0, flags);
  return Value::object(flags.take(), span_of_block);
}

ComponentConfigs::ComponentConfigs(const Project& project, KubernetesVersion version) : version_(version) {
  Builder builder(version, all_);
  // Files holding a KubeletConfiguration: kubeadm's kubeletExtraArgs there are merged into it.
  std::unordered_map<const SourceFile*, std::vector<std::pair<const Resource*, const Value*>>> kubelet_args_by_file;
  std::set<const SourceFile*> files_with_kubelet_config, files_with_kubeadm;
  for (const Resource& r : project.resources()) {
    if (r.format != Format::Kubernetes) continue;
    if (r.kind == "KubeletConfiguration" && r.api_version.starts_with("kubelet.config.k8s.io/")) {
      files_with_kubelet_config.insert(r.declaration.file);
    }
    if (isKubeadmApi(r.api_version)) files_with_kubeadm.insert(r.declaration.file);
  }
  for (const Resource& r : project.resources()) {
    if (r.format != Format::Kubernetes) continue;
    if ((r.kind == "InitConfiguration" || r.kind == "JoinConfiguration") && isKubeadmApi(r.api_version) &&
        files_with_kubelet_config.contains(r.declaration.file)) {
      kubelet_args_by_file[r.declaration.file].emplace_back(&r, &r.body);
    }
  }
  for (const Resource& r : project.resources()) {
    if (r.format != Format::Kubernetes) continue;
    if (!r.pod_spec_path.empty()) {
      builder.fromWorkload(r);
    } else if (isKubeadmApi(r.api_version)) {
      if (r.kind == "ClusterConfiguration") {
        builder.fromClusterConfiguration(r, &r.body, r.declaration, "kubeadm", builder.versionFrom(r.body.find("kubernetesVersion")));
      } else if ((r.kind == "InitConfiguration" || r.kind == "JoinConfiguration") &&
                 !files_with_kubelet_config.contains(r.declaration.file)) {
        builder.fromKubeletArgsOnly(r, &r.body, "kubeadm", "kubelet");
      }
    } else if (r.kind == "KubeletConfiguration" && r.api_version.starts_with("kubelet.config.k8s.io/")) {
      auto it = kubelet_args_by_file.find(r.declaration.file);
      static const std::vector<std::pair<const Resource*, const Value*>> none;
      builder.fromKubeletConfiguration(r, it == kubelet_args_by_file.end() ? none : it->second,
                                       files_with_kubeadm.contains(r.declaration.file));
    } else if (isClusterApiBootstrap(r.api_version)) {
      const Value* spec = r.body.find("spec");
      const Value* holder = nullptr;  // the object holding clusterConfiguration/initConfiguration/joinConfiguration
      Span holder_key;
      bool control_plane = false;
      if (r.kind == "KubeadmControlPlane") {
        holder = spec ? spec->find("kubeadmConfigSpec") : nullptr;
        holder_key = keySpan(spec, "kubeadmConfigSpec");
        control_plane = true;
      } else if (r.kind == "KubeadmControlPlaneTemplate") {
        const Value* t = spec ? spec->find("template") : nullptr;
        const Value* ts = t ? t->find("spec") : nullptr;
        holder = ts ? ts->find("kubeadmConfigSpec") : nullptr;
        holder_key = keySpan(ts, "kubeadmConfigSpec");
        control_plane = true;
      } else if (r.kind == "KubeadmConfigTemplate") {
        const Value* t = spec ? spec->find("template") : nullptr;
        holder = t ? t->find("spec") : nullptr;
        holder_key = keySpan(t, "spec");
      } else if (r.kind == "KubeadmConfig") {
        holder = spec;
        holder_key = keySpan(&r.body, "spec");
        control_plane = spec && spec->find("clusterConfiguration");
      }
      if (!holder || !holder->isObject()) continue;
      if (control_plane) {
        const Value* cluster = holder->find("clusterConfiguration");
        Span cluster_key = keySpan(holder, "clusterConfiguration");
        const Value* stated = spec ? spec->find("version") : nullptr;  // KubeadmControlPlane
        if (!stated && cluster) stated = cluster->find("kubernetesVersion");
        builder.fromClusterConfiguration(r, cluster, cluster_key.valid() ? cluster_key : holder_key, "Cluster API",
                                         builder.versionFrom(stated));
      }
      builder.fromKubeletArgsOnly(r, holder->find("initConfiguration"), "Cluster API", "kubelet (initConfiguration)");
      builder.fromKubeletArgsOnly(r, holder->find("joinConfiguration"), "Cluster API", "kubelet (joinConfiguration)");
    }
  }
  for (const auto& config : all_) by_resource_[config->resource].push_back(config.get());
}

const std::vector<const ComponentConfig*>& ComponentConfigs::of(const Resource& resource) const {
  static const std::vector<const ComponentConfig*> none;
  auto it = by_resource_.find(&resource);
  return it == by_resource_.end() ? none : it->second;
}

}  // namespace palisade
