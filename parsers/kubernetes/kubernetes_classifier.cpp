#include "parsers/kubernetes/kubernetes_classifier.h"

namespace palisade {

std::vector<std::string> podSpecPathOf(std::string_view kind) {
  if (kind == "Pod") return {"spec"};
  if (kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" || kind == "ReplicaSet" ||
      kind == "ReplicationController" || kind == "Job") {
    return {"spec", "template", "spec"};
  }
  if (kind == "CronJob") return {"spec", "jobTemplate", "spec", "template", "spec"};
  if (kind == "PodTemplate") return {"template", "spec"};
  return {};
}

std::vector<std::string> podSpecPathOf(std::string_view api_version, std::string_view kind) {
  const std::string_view group = api_version.substr(0, api_version.find('/'));
  if (kind == "DeploymentConfig" && (group == "apps.openshift.io" || api_version == "v1")) {
    return {"spec", "template", "spec"};
  }
  if ((kind == "Service" || kind == "Configuration") && group == "serving.knative.dev") {
    return {"spec", "template", "spec"};
  }
  if (kind == "Rollout" && group == "argoproj.io") return {"spec", "template", "spec"};
  if (api_version.find('/') != std::string_view::npos && group.find('.') != std::string_view::npos &&
      !group.ends_with(".k8s.io")) {
    return {};  // a custom resource that shares a built-in kind's name
  }
  return podSpecPathOf(kind);
}

namespace {

const std::string* stringAt(const Value& body, std::string_view a, std::string_view b = {}) {
  const Value* v = body.find(a);
  if (v && !b.empty()) v = v->find(b);
  return v && v->isString() ? &v->asString() : nullptr;
}

bool isCalicoApiVersion(std::string_view api_version) {
  return api_version.starts_with("projectcalico.org/") || api_version.starts_with("crd.projectcalico.org/");
}

void classifyObject(Value&& body, std::vector<Resource>& out, int depth) {
  if (!body.isObject()) return;
  const std::string* api_version = stringAt(body, "apiVersion");
  const std::string* kind = stringAt(body, "kind");
  if (!api_version || !kind) return;
  // A List's items are resources of their own.
  if (depth == 0 && kind->ends_with("List")) {
    if (Value* items = body.find("items"); items && items->isArray()) {
      for (Value& item : items->items()) classifyObject(std::move(item), out, depth + 1);
      return;
    }
  }
  Resource r;
  r.format = isCalicoApiVersion(*api_version) ? Format::Calico : Format::Kubernetes;
  r.api_version = *api_version;
  r.kind = *kind;
  r.type = *api_version + "/" + *kind;
  if (const std::string* name = stringAt(body, "metadata", "name")) {
    r.name = *name;
  } else if (const std::string* generate = stringAt(body, "metadata", "generateName")) {
    r.name = *generate;
  }
  if (const std::string* ns = stringAt(body, "metadata", "namespace")) r.namespace_name = *ns;
  r.pod_spec_path = podSpecPathOf(*api_version, *kind);
  r.declaration = body.span();
  if (const Member* k = body.findMember("kind")) {
    r.declaration = k->key_span;
    r.declaration.stop = k->value.span().stop;
    r.declaration.end = k->value.span().end;
  }
  r.body = std::move(body);
  out.push_back(std::move(r));
}

}  // namespace

std::vector<Resource> classifyKubernetesDocuments(std::vector<YamlDocument>&& documents) {
  std::vector<Resource> out;
  for (YamlDocument& doc : documents) classifyObject(std::move(doc.root), out, 0);
  return out;
}

bool looksLikeHelmTemplate(std::string_view path, std::string_view text) {
  // Go templates inside valid YAML strings (Prometheus alert texts, Jinja in a
  // ConfigMap) are data, not templating: only a chart's templates/ folder is
  // taken as Helm up front. Elsewhere a file is a template only when it does
  // not parse (see templateLikeParseFailure).
  if (text.find("{{") == std::string_view::npos) return false;
  return path.starts_with("templates/") || path.find("/templates/") != std::string_view::npos;
}

bool templateLikeParseFailure(std::string_view text) {
  return text.find("{{") != std::string_view::npos || text.find("{%") != std::string_view::npos;
}

}  // namespace palisade
