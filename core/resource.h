// Resource: one object of the model — an Azure resource, a Kubernetes
// object or a Calico policy — with its type, identity, located body and
// where it came from (module chain, loop index, deploy condition).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/deployment_scope.h"
#include "core/span.h"
#include "core/tri.h"
#include "core/value.h"

namespace palisade {

enum class Format : uint8_t { Kubernetes, Calico, Bicep, Arm };

std::string_view formatName(Format format);

struct ModuleCall {
  std::string name;  // the module's symbolic name
  std::string path;  // the module file as written
  Span span;         // the module declaration in the caller
};

struct Resource {
  Format format = Format::Kubernetes;
  // `Microsoft.KeyVault/vaults`, `apps/v1/Deployment`, `v1/Pod`,
  // `projectcalico.org/v3/GlobalNetworkPolicy`.
  std::string type;
  std::string api_version;
  std::string kind;  // Kubernetes/Calico kind; empty for Azure
  std::string name;  // "" when not statically known
  std::string namespace_name;
  std::string symbolic_name;  // Bicep
  Value body;
  Span declaration;
  std::vector<ModuleCall> module_chain;
  Tri condition = Tri::True;  // deploy condition: Unknown when it depends on a parameter
  std::optional<int64_t> loop_index;
  bool existing = false;  // Bicep `existing`: referenced, not deployed
  DeploymentScope deployment_scope;  // Bicep/ARM: where it is deployed (a module's `scope:` moves it)
  // Bicep/ARM: the parameters files the evaluation that made it used (a
  // .bicepparam file, the ARM parameters file paired with its template,
  // `--params`), for --dump-model; empty when none.
  std::string parameter_file;
  // Kustomize: the kustomization file of the build that produced it (invalid
  // for objects read as they are), and the identity of the object as its own
  // file declares it, before overlays renamed it: a base object reached through
  // several overlays keeps one fingerprint, so its findings are one.
  Span built_by;
  std::string source_identity;
  // Helm: the chart that rendered it (its values.yaml, else its Chart.yaml)
  // and the chart's name; invalid for objects not rendered from a chart.
  Span rendered_by;
  std::string chart_name;
  // Path from the body to the pod spec for every workload kind; empty otherwise.
  std::vector<std::string> pod_spec_path;

  // A stable identity for fingerprints: type, namespace and name (or symbolic name).
  std::string identity() const;
  // How reports name it: `Deployment web (namespace shop)`, `Microsoft.KeyVault/vaults kv`.
  // An unnamed resource: `(unnamed)`, or `with an unknown name (parameter
  // 'siteName' has no default)` — never `<unnamed>` or `''`.
  std::string displayName() const;
  std::string unknownName() const;
  // The name for a message that quotes it: 'aks' (its symbolic name in Bicep
  // when the name is not known), else unknownName()'s words.
  std::string quotedName() const;
  // The pod spec of a workload, or nullptr.
  const Value* podSpec() const;
};

}  // namespace palisade
