// One evaluation of a Bicep file: an entry file, or a module called with its
// arguments. Instance resolves names for the expression evaluator, expands
// resource and module loops, calls modules, and records the deployment as ARM
// would. Its work is split by concern:
//   bicep_instance.cpp             running a file, names, expressions
//   bicep_instance_parameters.cpp  parameters, types, @secure, variables, imports, load*() functions
//   bicep_instance_resources.cpp   resource instances, parents, ids, loops
//   bicep_instance_modules.cpp     module calls: scopes, local and registry modules, their results
//   bicep_deployment_resource.cpp  the Microsoft.Resources/deployments resource of a file
// Internal to parsers/bicep; bicep_evaluator.h is the interface.
#pragma once

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/ascii.h"
#include "core/project.h"
#include "parsers/arm/api_version_defaults.h"
#include "parsers/arm/azure_files.h"
#include "parsers/bicep/bicep_evaluator.h"
#include "parsers/bicep/bicep_module_results.h"
#include "parsers/bicep/bicep_types.h"
#include "parsers/expression/evaluator.h"
#include "parsers/expression/operators.h"
#include "parsers/json/located_json.h"

namespace palisade::bicep {

inline bool isRegistryPath(std::string_view path) {
  return path.starts_with("br:") || path.starts_with("br/") || path.starts_with("ts:") || path.starts_with("ts/");
}

// The member of a resource reference that holds its full name (`parent/child`); not a
// Bicep identifier, so templates cannot read it.
inline constexpr std::string_view kFullNameKey = "$fullName";

inline std::string typeWithoutVersion(const std::string& type) { return type.substr(0, type.find('@')); }

inline std::string apiVersionOf(const std::string& type) {
  std::size_t at = type.find('@');
  return at == std::string::npos ? std::string() : type.substr(at + 1);
}

struct ResourceInstance {
  Resource resource;
  Value reference;  // what `symbol` evaluates to
  Tri deployed = Tri::True;
};

struct DeclarationInstances {
  bool looped = false;
  bool loop_known = true;
  std::vector<ResourceInstance> instances;
};

struct ModuleInstance {
  std::vector<Resource> resources;
  Value reference;
};

class Instance : public EvalScope {
 public:
  Instance(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
           const std::vector<ModuleCall>& chain, const std::vector<std::filesystem::path>& path_chain,
           const ModuleCallSite* call_site)
      : workspace_(workspace), unit_(unit), parameters_(parameters), chain_(chain), path_chain_(path_chain) {
    context_.scope = call_site ? call_site->scope : DeploymentScope::ofTargetScope(unit.syntax.target_scope);
    if (call_site) deployment_name_ = call_site->deployment_name;
    for (const BicepDeclaration& d : unit.syntax.declarations) {
      if (d.kind == BicepDeclaration::Kind::Import) {
        for (std::size_t i = 0; i < d.imported_names.size(); ++i) imports_[d.imported_names[i]] = {&d, d.imported_sources[i]};
        continue;
      }
      if (d.kind == BicepDeclaration::Kind::Output) continue;
      if (d.kind == BicepDeclaration::Kind::Type) continue;  // read through typeDeclaration()
      symbols_.emplace(d.name, &d);
    }
  }

  BicepInstanceResult run();

  Value outputs();

  Value parameterValue(const std::string& name) { return parameter(name); }

  // The file's deployment as ARM records it: `properties.parameters.<p>.value` for the
  // values it is given (by a module call, a parameter file), `properties.template.parameters`
  // for its @secure() parameters (type and default) and `properties.template.outputs` (type,
  // value and, when it returns a secret, `secretSource`). Kept to what rules read: a module
  // called a thousand times is a thousand of these (listing every parameter's type cost
  // 7% more memory on the corpus).
  Resource deploymentResource(const Value& output_values);

  std::optional<Value> resolve(std::string_view name, const Span& use) override;

  std::optional<Value> call(const Expr& e, const std::vector<Value>& args, Evaluator& evaluator) override;

 private:
  const std::string& path() const { return unit_.source->path(); }

  Value evaluate(const Expr& e);

  void diagnose(GenCode code, std::string message, const Span& span, std::string subject = {});

  // A `type x = …` declaration of `unit` by name, also through `import { x } from 'file.bicep'`
  // (local files only); `in_unit` is set to the file that declares it.
  const BicepDeclaration* typeDeclaration(const BicepUnit& unit, std::string_view name, const BicepUnit*& in_unit);

  // A parameter's type with aliases followed (local `type` declarations and local
  // imports, a few hops deep); @secure() on the parameter or any alias counts.
  ResolvedType resolveType(const BicepDeclaration& d);

  // What a parameter may be: its @allowed list, else the literals of its union type; nullopt when anything.
  std::optional<Value::Array> allowedValues(const BicepDeclaration& d, const ResolvedType& type);

  // A bound value outside the allowed list fails the deployment: a located GEN013 (for an
  // array, each element must be allowed). An unknown value of a scalar type can only be one
  // of the list: it becomes an Unknown with those candidates. Types we cannot read (a
  // `resourceInput<>` type, say) get no candidates.
  Value constrainToAllowed(const BicepDeclaration& d, Value v, const Value::Array& allowed, bool scalar_type);

  static bool refersToDeclarations(const Expr& e);

  Value secureParameter(const BicepDeclaration& d);

  // Why an output's expression returns a secret — a @secure() parameter or a list*()
  // call it reads, directly or through variables — or "" when it does not.
  std::string secretSource(const Expr& e, int depth);

  Value parameter(const std::string& name);

  Value variable(const BicepDeclaration& d);

  Value importedValue(const std::pair<const BicepDeclaration*, std::string>& import);

  std::optional<Value> loadContent(const Expr& e, const std::vector<Value>& args);

  // `dependsOn`, `parent` and `scope` name other declarations: they become their symbolic names.
  Value symbolicReference(const Expr& e);

  Value evaluateBody(const Expr& body);

  // The `parent:` of a resource: its instance, when it can be told.
  const ResourceInstance* parentInstance(const Expr& parent_expr);

  Value resourceIdOf(const std::string& type, const std::string& name, const DeploymentScope& scope, const Span& span);

  ResourceInstance makeInstance(const BicepDeclaration& d, const ResourceInstance* outer, Tri deployed,
                                std::optional<int64_t> loop_index);

  // Expands a declaration's loop and condition: calls `each` with the loop index and deploy condition.
  template <typename Each>
  bool expand(const BicepDeclaration& d, Each each) {
    auto withCondition = [&](std::optional<int64_t> index, Tri base) {
      Tri deployed = base;
      if (d.condition) {
        Tri t = truthOf(evaluate(*d.condition));
        if (t == Tri::False) deployed = Tri::False;
        if (t == Tri::Unknown && deployed == Tri::True) deployed = Tri::Unknown;
      }
      each(index, deployed);
    };
    if (!d.loop) {
      withCondition(std::nullopt, Tri::True);
      return true;
    }
    const Expr& loop = *d.loop;
    Value iterable = evaluate(loop.children[0]);
    if (!iterable.isArray() || iterable.items().size() > workspace_.limits().max_loop_expansion) {
      std::string reason = iterable.isUnknown() ? iterable.asString() : "loop source is not a known array";
      if (iterable.isArray()) {
        diagnose(GenCode::AnalysisLimit,
                 fmt::format("not analysed: the loop of '{}' has {} items, over the loop expansion limit of {}", d.name,
                             iterable.items().size(), workspace_.limits().max_loop_expansion),
                 d.span);
      }
      std::size_t bound = 0;
      if (!loop.name.empty()) {
        locals_.emplace_back(loop.name, Value::unknown(reason, loop.span));
        ++bound;
      }
      if (!loop.index_name.empty()) {
        locals_.emplace_back(loop.index_name, Value::unknown(reason, loop.span));
        ++bound;
      }
      withCondition(std::nullopt, Tri::Unknown);
      locals_.resize(locals_.size() - bound);
      return false;
    }
    for (std::size_t i = 0; i < iterable.items().size(); ++i) {
      std::size_t bound = 0;
      if (!loop.name.empty()) {
        locals_.emplace_back(loop.name, iterable.items()[i]);
        ++bound;
      }
      if (!loop.index_name.empty()) {
        locals_.emplace_back(loop.index_name, Value::integer(static_cast<int64_t>(i), loop.span));
        ++bound;
      }
      withCondition(static_cast<int64_t>(i), Tri::True);
      locals_.resize(locals_.size() - bound);
    }
    return true;
  }

  // Instances of a resource declaration and, nested in each, its child declarations.
  void expandResource(const BicepDeclaration& d, const ResourceInstance* outer, DeclarationInstances& into,
                      std::vector<ResourceInstance>& children_out);

  const DeclarationInstances& resourceInstances(const BicepDeclaration& d);

  // Nested children are emitted by evaluateBicepUnit, after the file's top-level resources.
  void collect(const ResourceInstance& instance, std::vector<Resource>& out) { out.push_back(instance.resource); }

  const std::vector<ModuleInstance>& moduleInstances(const BicepDeclaration& d);

  // Where a module deploys: its `scope:` (resourceGroup('rg'), subscription('id'),
  // managementGroup('mg'), tenant(), a resource group resource), else the caller's
  // scope carried over to the module's `targetScope` kind. Names that cannot be
  // known stay empty: `resourceGroup().name` inside is then unknown, not a guess.
  DeploymentScope moduleScope(const BicepDeclaration& d, DeploymentScope::Kind module_kind);

  // A symbolic reference to a resource group or management group resource as the scope it is.
  std::optional<DeploymentScope> scopeOfReference(const Expr& written);

  // The `scope:` a module or resource declaration writes, or nullptr.
  static const Expr* scopeExpression(const BicepDeclaration& d);

  // The scope a scope function names — resourceGroup([subscriptionId,] name), subscription([id]),
  // managementGroup([name]), tenant() — relative to this file's; nullopt for any other expression.
  std::optional<DeploymentScope> scopeOfCall(const Expr& written);

  // A file may read files inside the scan root; a registry module's file (outside it) also the
  // files beside it (its local modules, imports and loaded files).
  bool mayRead(const BicepUnit& from, const std::filesystem::path& target) const;

  // Outside the scan root: a registry module's file (its display path is absolute).
  static bool isExternal(const Span& span, const std::string& path = {});

  // Every span of `v` outside the scan root moves to where the value came from in the
  // scan root (its origin), else to the module call; the place in the module becomes its origin.
  static void relocateExternal(Value& v, const Span& call);

  ModuleInstance callModule(const BicepDeclaration& d, std::optional<int64_t> index, Tri deployed);

 public:
  // Resources produced by nested declarations, by their top-level declaration.
  std::map<const BicepDeclaration*, std::vector<ResourceInstance>> nested_children_;

 private:
  BicepWorkspace& workspace_;
  const BicepUnit& unit_;
  ParameterValues parameters_;
  std::vector<ModuleCall> chain_;
  std::vector<std::filesystem::path> path_chain_;
  DeploymentContext context_;
  std::map<std::string, const BicepDeclaration*, std::less<>> symbols_;
  std::map<std::string, std::pair<const BicepDeclaration*, std::string>, std::less<>> imports_;
  std::map<std::filesystem::path, std::unique_ptr<Instance>> imported_instances_;
  std::map<std::string, Value, std::less<>> parameter_cache_;
  std::map<const BicepDeclaration*, Value> variable_cache_;
  std::map<const BicepDeclaration*, DeclarationInstances> resources_;
  std::map<const BicepDeclaration*, DeclarationInstances> cycle_placeholders_;
  std::map<const BicepDeclaration*, std::vector<ModuleInstance>> modules_;
  std::map<const BicepDeclaration*, bool> module_loops_known_;
  std::set<const BicepDeclaration*> in_progress_;
  std::vector<const ResourceInstance*> nested_scopes_;  // resources whose nested declarations are being evaluated
  std::vector<std::pair<std::string, Value>> locals_;
  std::string deployment_name_;
};

}  // namespace palisade::bicep
