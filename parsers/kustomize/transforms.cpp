#include "parsers/kustomize/transforms.h"

#include <algorithm>
#include <functional>
#include <string_view>

#include "parsers/kustomize/value_edit.h"

namespace palisade::kustomize {

namespace {

std::vector<std::string_view> splitPath(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t slash = path.find('/', start);
    out.push_back(path.substr(start, slash == std::string_view::npos ? std::string_view::npos : slash - start));
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return out;
}

// Calls `at(parent, key)` for every place `path` (keys separated by '/', lists
// crossed implicitly) reaches; with `create`, missing objects on the way are made.
void walk(Value& node, const std::vector<std::string_view>& path, std::size_t i, bool create, const Span& span,
          const std::function<void(Value& parent, std::string_view key)>& at) {
  if (node.isArray()) {
    for (Value& item : node.items()) walk(item, path, i, create, span, at);
    return;
  }
  if (!node.isObject()) return;
  if (i + 1 == path.size()) {
    at(node, path[i]);
    return;
  }
  Value* child = node.find(path[i]);
  if (!child) {
    if (!create) return;
    child = memberOrInsert(node, path[i], Value::object({}, span));
  }
  if (child->isNull() && create) *child = Value::object({}, span);
  walk(*child, path, i + 1, create, span, at);
}

void walkPath(Value& root, std::string_view path, bool create, const Span& span,
              const std::function<void(Value& parent, std::string_view key)>& at) {
  walk(root, splitPath(path), 0, create, span, at);
}

struct FieldSpec {
  std::string_view group;  // "*" any
  std::string_view kind;   // "" any
  std::string_view path;
  bool create;
};

bool selects(const FieldSpec& spec, const std::string& kind, const std::string& group) {
  if (!spec.kind.empty() && spec.kind != kind) return false;
  return spec.group == "*" || spec.group == group;
}

// Where kustomize's label transformer writes selectors and pod template labels.
constexpr FieldSpec kSelectorSpecs[] = {
    {"", "Service", "spec/selector", true},
    {"", "ReplicationController", "spec/selector", true},
    {"*", "Deployment", "spec/selector/matchLabels", true},
    {"*", "ReplicaSet", "spec/selector/matchLabels", true},
    {"*", "DaemonSet", "spec/selector/matchLabels", true},
    {"apps", "StatefulSet", "spec/selector/matchLabels", true},
    {"batch", "Job", "spec/selector/matchLabels", false},
    {"batch", "CronJob", "spec/jobTemplate/spec/selector/matchLabels", false},
    {"policy", "PodDisruptionBudget", "spec/selector/matchLabels", false},
    {"networking.k8s.io", "NetworkPolicy", "spec/podSelector/matchLabels", false},
    {"networking.k8s.io", "NetworkPolicy", "spec/ingress/from/podSelector/matchLabels", false},
    {"networking.k8s.io", "NetworkPolicy", "spec/egress/to/podSelector/matchLabels", false},
    {"apps", "Deployment", "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", false},
    {"apps", "Deployment", "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false},
    {"apps", "Deployment", "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", false},
    {"apps", "Deployment", "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false},
    {"apps", "StatefulSet", "spec/template/spec/affinity/podAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", false},
    {"apps", "StatefulSet", "spec/template/spec/affinity/podAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false},
    {"apps", "StatefulSet", "spec/template/spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution/podAffinityTerm/labelSelector/matchLabels", false},
    {"apps", "StatefulSet", "spec/template/spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution/labelSelector/matchLabels", false},
};

constexpr FieldSpec kTemplateLabelSpecs[] = {
    {"", "ReplicationController", "spec/template/metadata/labels", true},
    {"*", "Deployment", "spec/template/metadata/labels", true},
    {"*", "ReplicaSet", "spec/template/metadata/labels", true},
    {"*", "DaemonSet", "spec/template/metadata/labels", true},
    {"apps", "StatefulSet", "spec/template/metadata/labels", true},
    {"apps", "StatefulSet", "spec/volumeClaimTemplates/metadata/labels", true},
    {"batch", "Job", "spec/template/metadata/labels", true},
    {"batch", "CronJob", "spec/jobTemplate/metadata/labels", true},
    {"batch", "CronJob", "spec/jobTemplate/spec/template/metadata/labels", true},
};

constexpr FieldSpec kTemplateAnnotationSpecs[] = {
    {"", "ReplicationController", "spec/template/metadata/annotations", true},
    {"*", "Deployment", "spec/template/metadata/annotations", true},
    {"*", "ReplicaSet", "spec/template/metadata/annotations", true},
    {"*", "DaemonSet", "spec/template/metadata/annotations", true},
    {"apps", "StatefulSet", "spec/template/metadata/annotations", true},
    {"batch", "Job", "spec/template/metadata/annotations", true},
    {"batch", "CronJob", "spec/jobTemplate/metadata/annotations", true},
    {"batch", "CronJob", "spec/jobTemplate/spec/template/metadata/annotations", true},
};

void putAll(Value& parent, std::string_view key, const Value& map, const Span& span) {
  Value* target = parent.find(key);
  if (!target || target->isNull()) target = &setMember(parent, key, Value::object({}, span));
  if (!target->isObject()) return;
  for (const Member& m : map.members()) {
    Value v = m.value.isString() ? m.value : Value::string(m.value.toDisplayString(), m.value.span());
    setMember(*target, m.key, std::move(v), m.key_span);
  }
}

void applySpecs(BuiltObject& o, const FieldSpec* begin, const FieldSpec* end, const Value& map) {
  const std::string kind = o.kind();
  const std::string group = o.group();
  for (const FieldSpec* spec = begin; spec != end; ++spec) {
    if (!selects(*spec, kind, group)) continue;
    walkPath(o.body, spec->path, spec->create, map.span(),
             [&](Value& parent, std::string_view key) {
               if (!spec->create && !parent.find(key)) return;
               putAll(parent, key, map, map.span());
             });
  }
}

// Pod specs inside workloads, where most references live.
std::vector<Value*> podSpecsOf(BuiltObject& o) {
  std::vector<Value*> out;
  const std::string kind = o.kind();
  Value* spec = nullptr;
  if (kind == "Pod") {
    spec = o.body.find("spec");
  } else if (kind == "CronJob") {
    spec = valueAt(o.body, {"spec", "jobTemplate", "spec", "template", "spec"});
  } else if (kind == "PodTemplate") {
    spec = valueAt(o.body, {"template", "spec"});
  } else {
    spec = valueAt(o.body, {"spec", "template", "spec"});
  }
  if (spec && spec->isObject()) out.push_back(spec);
  return out;
}

struct Reference {
  std::string_view target_kind;
  std::string_view referrer_kind;  // "" any workload (the path is inside its pod spec); "*" any object
  std::string_view path;
  std::string_view when_kind;      // the sibling `kind` must equal this (subjects, roleRef, scaleTargetRef)
};

constexpr Reference kReferences[] = {
    {"ConfigMap", "", "volumes/configMap/name", ""},
    {"ConfigMap", "", "volumes/projected/sources/configMap/name", ""},
    {"ConfigMap", "", "containers/env/valueFrom/configMapKeyRef/name", ""},
    {"ConfigMap", "", "initContainers/env/valueFrom/configMapKeyRef/name", ""},
    {"ConfigMap", "", "ephemeralContainers/env/valueFrom/configMapKeyRef/name", ""},
    {"ConfigMap", "", "containers/envFrom/configMapRef/name", ""},
    {"ConfigMap", "", "initContainers/envFrom/configMapRef/name", ""},
    {"ConfigMap", "", "ephemeralContainers/envFrom/configMapRef/name", ""},
    {"Secret", "", "volumes/secret/secretName", ""},
    {"Secret", "", "volumes/projected/sources/secret/name", ""},
    {"Secret", "", "containers/env/valueFrom/secretKeyRef/name", ""},
    {"Secret", "", "initContainers/env/valueFrom/secretKeyRef/name", ""},
    {"Secret", "", "ephemeralContainers/env/valueFrom/secretKeyRef/name", ""},
    {"Secret", "", "containers/envFrom/secretRef/name", ""},
    {"Secret", "", "initContainers/envFrom/secretRef/name", ""},
    {"Secret", "", "ephemeralContainers/envFrom/secretRef/name", ""},
    {"Secret", "", "imagePullSecrets/name", ""},
    {"ServiceAccount", "", "serviceAccountName", ""},
    {"ServiceAccount", "", "serviceAccount", ""},
    {"PersistentVolumeClaim", "", "volumes/persistentVolumeClaim/claimName", ""},
    {"PriorityClass", "", "priorityClassName", ""},
    {"Secret", "ServiceAccount", "secrets/name", ""},
    {"Secret", "ServiceAccount", "imagePullSecrets/name", ""},
    {"Secret", "Ingress", "spec/tls/secretName", ""},
    {"ServiceAccount", "RoleBinding", "subjects/name", "ServiceAccount"},
    {"ServiceAccount", "ClusterRoleBinding", "subjects/name", "ServiceAccount"},
    {"Role", "RoleBinding", "roleRef/name", "Role"},
    {"ClusterRole", "RoleBinding", "roleRef/name", "ClusterRole"},
    {"ClusterRole", "ClusterRoleBinding", "roleRef/name", "ClusterRole"},
    {"Service", "StatefulSet", "spec/serviceName", ""},
    {"Service", "Ingress", "spec/rules/http/paths/backend/service/name", ""},
    {"Service", "Ingress", "spec/defaultBackend/service/name", ""},
    {"Service", "Ingress", "spec/rules/http/paths/backend/serviceName", ""},
    {"Service", "Ingress", "spec/backend/serviceName", ""},
    {"Service", "APIService", "spec/service/name", ""},
    {"Service", "MutatingWebhookConfiguration", "webhooks/clientConfig/service/name", ""},
    {"Service", "ValidatingWebhookConfiguration", "webhooks/clientConfig/service/name", ""},
    {"Service", "CustomResourceDefinition", "spec/conversion/webhook/clientConfig/service/name", ""},
    {"Deployment", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", "Deployment"},
    {"StatefulSet", "HorizontalPodAutoscaler", "spec/scaleTargetRef/name", "StatefulSet"},
    {"PersistentVolume", "PersistentVolumeClaim", "spec/volumeName", ""},
    {"StorageClass", "PersistentVolumeClaim", "spec/storageClassName", ""},
};

// The object of `kind` that had the name `written` and is in the referrer's
// namespace (kustomize rewrites no reference across namespaces; a subject
// names its namespace, as written before any transformer).
const BuiltObject* referenced(const std::vector<BuiltObject>& objects, std::string_view kind, std::string_view written,
                              const BuiltObject& referrer, const std::string* subject_namespace) {
  auto effective = [](std::string ns) { return ns.empty() ? std::string("default") : ns; };
  const std::string referrer_ns = effective(referrer.namespaceName());
  for (const BuiltObject& o : objects) {
    if (o.kind() != kind || !o.hadName(written)) continue;
    if (isClusterScoped(kind)) return &o;
    // A subject that names its namespace names it also in a cluster-scoped
    // binding: an account of another namespace is not this one.
    if (subject_namespace) {
      if (o.hadNamespace(*subject_namespace) || effective(o.namespaceName()) == effective(*subject_namespace)) return &o;
      continue;
    }
    if (isClusterScoped(referrer.kind())) return &o;
    if (effective(o.namespaceName()) == referrer_ns) return &o;
  }
  return nullptr;
}

}  // namespace

void setNamespace(std::vector<BuiltObject>& objects, const Value& ns) {
  if (!ns.isString() || ns.asString().empty()) return;
  for (BuiltObject& o : objects) {
    const std::string kind = o.kind();
    if (kind == "Namespace") {
      // kustomize renames the Namespace objects of the build to the namespace it sets.
      Value* metadata = memberOrInsert(o.body, "metadata", Value::object({}, ns.span()));
      if (metadata) {
        Value* name = metadata->find("name");
        Span was = name ? (name->origin().valid() ? name->origin() : name->span()) : Span{};
        setMember(*metadata, "name", locatedString(ns.asString(), ns.span(), was));
      }
    } else if (!isClusterScoped(kind)) {
      Value* metadata = memberOrInsert(o.body, "metadata", Value::object({}, ns.span()));
      if (metadata) setMember(*metadata, "namespace", ns);
    }
    if (kind == "RoleBinding" || kind == "ClusterRoleBinding") {
      // ServiceAccount subjects in the namespace the objects were in (or none) move with them.
      if (Value* subjects = o.body.find("subjects"); subjects && subjects->isArray()) {
        for (Value& s : subjects->items()) {
          const std::string* k = stringAt(s, {"kind"});
          if (!k || *k != "ServiceAccount") continue;
          const std::string* current = stringAt(s, {"namespace"});
          if (!current || o.hadNamespace(*current) || *current == "default") setMember(s, "namespace", ns);
        }
      }
    }
    if (kind == "MutatingWebhookConfiguration" || kind == "ValidatingWebhookConfiguration") {
      walkPath(o.body, "webhooks/clientConfig/service", false, ns.span(), [&](Value& parent, std::string_view key) {
        if (Value* service = parent.find(key); service && service->isObject()) setMember(*service, "namespace", ns);
      });
    }
    if (kind == "APIService") {
      if (Value* service = valueAt(o.body, {"spec", "service"}); service && service->isObject()) setMember(*service, "namespace", ns);
    }
    if (kind == "CustomResourceDefinition") {
      if (Value* service = valueAt(o.body, {"spec", "conversion", "webhook", "clientConfig", "service"}); service && service->isObject()) {
        setMember(*service, "namespace", ns);
      }
    }
    o.remember();
  }
}

void addNamePrefixSuffix(std::vector<BuiltObject>& objects, const Value* prefix, const Value* suffix) {
  std::string p = prefix && prefix->isString() ? prefix->asString() : "";
  std::string s = suffix && suffix->isString() ? suffix->asString() : "";
  if (p.empty() && s.empty()) return;
  const Span& at = !p.empty() ? prefix->span() : suffix->span();
  for (BuiltObject& o : objects) {
    if (o.kind() == "CustomResourceDefinition" || o.kind() == "Namespace") continue;
    Value* name = valueAt(o.body, {"metadata", "name"});
    if (!name || !name->isString()) continue;
    *name = locatedString(p + name->asString() + s, at, name->origin().valid() ? name->origin() : name->span());
    o.remember();
  }
}

void addLabels(std::vector<BuiltObject>& objects, const Value& labels, bool selectors, bool templates) {
  if (!labels.isObject() || labels.members().empty()) return;
  for (BuiltObject& o : objects) {
    Value* metadata = memberOrInsert(o.body, "metadata", Value::object({}, labels.span()));
    if (!metadata) continue;
    putAll(*metadata, "labels", labels, labels.span());
    if (selectors) applySpecs(o, std::begin(kSelectorSpecs), std::end(kSelectorSpecs), labels);
    if (selectors || templates) applySpecs(o, std::begin(kTemplateLabelSpecs), std::end(kTemplateLabelSpecs), labels);
  }
}

void applyFieldSpec(BuiltObject& object, std::string_view path, bool create, const Value& map) {
  walkPath(object.body, path, create, map.span(), [&](Value& parent, std::string_view key) {
    if (!create && !parent.find(key)) return;
    putAll(parent, key, map, map.span());
  });
}

void addAnnotations(std::vector<BuiltObject>& objects, const Value& annotations) {
  if (!annotations.isObject() || annotations.members().empty()) return;
  for (BuiltObject& o : objects) {
    Value* metadata = memberOrInsert(o.body, "metadata", Value::object({}, annotations.span()));
    if (!metadata) continue;
    putAll(*metadata, "annotations", annotations, annotations.span());
    applySpecs(o, std::begin(kTemplateAnnotationSpecs), std::end(kTemplateAnnotationSpecs), annotations);
  }
}

namespace {

struct ImageRef {
  std::string name, tag, digest;
};

ImageRef parseImage(std::string_view image) {
  ImageRef r;
  std::string_view rest = image;
  if (auto at = rest.find('@'); at != std::string_view::npos) {
    r.digest = std::string(rest.substr(at + 1));
    rest = rest.substr(0, at);
  }
  auto colon = rest.rfind(':');
  auto slash = rest.rfind('/');
  if (colon != std::string_view::npos && (slash == std::string_view::npos || colon > slash)) {
    r.tag = std::string(rest.substr(colon + 1));
    rest = rest.substr(0, colon);
  }
  r.name = std::string(rest);
  return r;
}

void setImagesIn(Value& node, const Value& images) {
  if (node.isArray()) {
    for (Value& item : node.items()) setImagesIn(item, images);
    return;
  }
  if (!node.isObject()) return;
  for (Member& m : node.members()) {
    if ((m.key == "containers" || m.key == "initContainers") && m.value.isArray()) {
      for (Value& c : m.value.items()) {
        Value* image = c.find("image");
        if (!image || !image->isString()) continue;
        ImageRef ref = parseImage(image->asString());
        for (const Value& want : images.items()) {
          const std::string* name = stringAt(want, {"name"});
          if (!name || *name != ref.name) continue;
          Span at = want.span();
          if (const Value* n = want.find("newName"); n && n->isString()) {
            ref.name = n->asString();
            at = n->span();
          }
          if (const Value* t = want.find("newTag"); t && t->isScalar() && !t->isNull()) {
            ref.tag = t->isString() ? t->asString() : t->toDisplayString();
            ref.digest.clear();
            at = t->span();
          }
          if (const Value* d = want.find("digest"); d && d->isString()) {
            ref.digest = d->asString();
            ref.tag.clear();
            at = d->span();
          }
          std::string text = ref.name;
          if (!ref.tag.empty()) text += ":" + ref.tag;
          if (!ref.digest.empty()) text += "@" + ref.digest;
          *image = locatedString(std::move(text), at, image->origin().valid() ? image->origin() : image->span());
          break;
        }
      }
    }
    setImagesIn(m.value, images);
  }
}

}  // namespace

void setImages(std::vector<BuiltObject>& objects, const Value& images) {
  if (!images.isArray()) return;
  for (BuiltObject& o : objects) setImagesIn(o.body, images);
}

std::vector<std::string> setReplicas(std::vector<BuiltObject>& objects, const Value& replicas) {
  std::vector<std::string> unmatched;
  if (!replicas.isArray()) return unmatched;
  for (const Value& r : replicas.items()) {
    const std::string* name = stringAt(r, {"name"});
    const Value* count = r.find("count");
    if (!name || !count) continue;
    bool any = false;
    for (BuiltObject& o : objects) {
      if (!o.hadName(*name)) continue;
      const std::string kind = o.kind();
      if (kind != "Deployment" && kind != "ReplicaSet" && kind != "StatefulSet" && kind != "ReplicationController") continue;
      Value* spec = memberOrInsert(o.body, "spec", Value::object({}, r.span()));
      if (spec) setMember(*spec, "replicas", *count);
      any = true;
    }
    if (!any) unmatched.push_back(*name);
  }
  return unmatched;
}

void fixNameReferences(std::vector<BuiltObject>& objects) {
  for (BuiltObject& referrer : objects) {
    const std::string kind = referrer.kind();
    std::vector<Value*> pod_specs;
    bool pods_known = false;
    for (const Reference& ref : kReferences) {
      std::vector<Value*> roots;
      if (ref.referrer_kind.empty()) {
        if (!pods_known) {
          pod_specs = podSpecsOf(referrer);
          pods_known = true;
        }
        roots = pod_specs;
      } else if (ref.referrer_kind == kind) {
        roots.push_back(&referrer.body);
      }
      for (Value* root : roots) {
        walkPath(*root, ref.path, false, {}, [&](Value& parent, std::string_view key) {
          Value* name = parent.find(key);
          if (!name || !name->isString()) return;
          if (!ref.when_kind.empty()) {
            const std::string* k = stringAt(parent, {"kind"});
            if (!k || *k != ref.when_kind) return;
          }
          const std::string* subject_ns = ref.when_kind == "ServiceAccount" ? stringAt(parent, {"namespace"}) : nullptr;
          const BuiltObject* target = referenced(objects, ref.target_kind, name->asString(), referrer, subject_ns);
          if (!target) return;
          std::string now = target->name();
          if (now != name->asString()) {
            const Value* target_name = valueAt(target->body, {"metadata", "name"});
            Value renamed = Value::string(now, name->span());
            if (target_name && target_name->span().valid()) renamed.setOrigin(target_name->span());
            *name = std::move(renamed);
          }
          if (ref.when_kind == "ServiceAccount") {
            std::string ns = target->namespaceName();
            if (!ns.empty()) {
              const Value* target_ns = valueAt(target->body, {"metadata", "namespace"});
              setMember(parent, "namespace", target_ns ? *target_ns : Value::string(ns));
            }
          }
        });
      }
    }
  }
}

}  // namespace palisade::kustomize
