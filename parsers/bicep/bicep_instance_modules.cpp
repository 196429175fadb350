// Module calls: the scope a module deploys to, local and registry modules,
// and what a call returns.
#include "parsers/bicep/bicep_instance.h"

#include "core/read_file.h"

namespace palisade::bicep {

const std::vector<ModuleInstance>& Instance::moduleInstances(const BicepDeclaration& d) {
  if (auto it = modules_.find(&d); it != modules_.end()) return it->second;
  static const std::vector<ModuleInstance> kNone;
  if (!in_progress_.insert(&d).second) return kNone;
  std::vector<std::pair<std::string, Value>> saved;
  saved.swap(locals_);
  std::vector<const ResourceInstance*> saved_scopes;
  saved_scopes.swap(nested_scopes_);
  std::vector<ModuleInstance> all;
  bool known = expand(d, [&](std::optional<int64_t> index, Tri deployed) {
    if (deployed == Tri::False) return;
    all.push_back(callModule(d, index, deployed));
  });
  module_loops_known_[&d] = known;
  saved.swap(locals_);
  saved_scopes.swap(nested_scopes_);
  in_progress_.erase(&d);
  return modules_.emplace(&d, std::move(all)).first->second;
}

// Where a module deploys: its `scope:` (resourceGroup('rg'), subscription('id'),
// managementGroup('mg'), tenant(), a resource group resource), else the caller's
// scope carried over to the module's `targetScope` kind. Names that cannot be
// known stay empty: `resourceGroup().name` inside is then unknown, not a guess.
DeploymentScope Instance::moduleScope(const BicepDeclaration& d, DeploymentScope::Kind module_kind) {
  const DeploymentScope& caller = context_.scope;
  DeploymentScope scope;
  scope.kind = module_kind;
  scope.management_group = caller.management_group;
  scope.subscription = caller.subscription;
  const Expr* written = scopeExpression(d);
  if (!written) {
    if (module_kind == caller.kind) scope.resource_group = caller.resource_group;
    return scope;
  }
  if (std::optional<DeploymentScope> named = scopeOfCall(*written)) return *named;
  if (std::optional<DeploymentScope> referenced = scopeOfReference(*written)) return *referenced;
  scope.management_group.clear();
  scope.subscription.clear();
  return scope;
}

// A symbolic reference to a resource group or management group resource as the scope it is.
std::optional<DeploymentScope> Instance::scopeOfReference(const Expr& written) {
  if (written.kind != Expr::Kind::Identifier && written.kind != Expr::Kind::Index) return std::nullopt;
  Value target = evaluate(written);
  const Value* type = target.isObject() ? target.find("type") : nullptr;
  const Value* name = target.isObject() ? target.find("name") : nullptr;
  std::string type_text = type && type->isString() ? lowerAscii(type->asString()) : std::string();
  std::string name_text = name && name->isString() ? name->asString() : std::string();
  if (type_text == "microsoft.resources/resourcegroups") {
    return DeploymentScope{DeploymentScope::Kind::ResourceGroup, context_.scope.management_group, context_.scope.subscription,
                           name_text};
  }
  if (type_text == "microsoft.management/managementgroups") {
    return DeploymentScope{DeploymentScope::Kind::ManagementGroup, name_text, "", ""};
  }
  return std::nullopt;
}

// The `scope:` a module or resource declaration writes, or nullptr.
const Expr* Instance::scopeExpression(const BicepDeclaration& d) {
  if (!d.value || d.value->kind != Expr::Kind::Object) return nullptr;
  const Expr* written = nullptr;
  for (std::size_t i = 0; i < d.value->keys.size(); ++i) {
    bool spread = i < d.value->spread.size() && d.value->spread[i];
    if (d.value->keys[i] == "scope" && !spread) written = &d.value->children[i];
  }
  return written;
}

// The scope a scope function names — resourceGroup([subscriptionId,] name), subscription([id]),
// managementGroup([name]), tenant() — relative to this file's; nullopt for any other expression.
std::optional<DeploymentScope> Instance::scopeOfCall(const Expr& written) {
  if (written.kind != Expr::Kind::Call || written.method) return std::nullopt;
  std::string function = lowerAscii(written.name);
  if (function != "resourcegroup" && function != "subscription" && function != "managementgroup" && function != "tenant") {
    return std::nullopt;
  }
  const DeploymentScope& here = context_.scope;
  std::vector<Value> args;
  for (const Expr& arg : written.children) args.push_back(evaluate(arg));
  auto nameOf = [](const Value& v) { return v.isString() ? v.asString() : std::string(); };
  if (function == "tenant") return DeploymentScope{DeploymentScope::Kind::Tenant, "", "", ""};
  if (function == "managementgroup") {
    return DeploymentScope{DeploymentScope::Kind::ManagementGroup, args.empty() ? here.management_group : nameOf(args[0]), "", ""};
  }
  DeploymentScope scope{DeploymentScope::Kind::Subscription, here.management_group, here.subscription, ""};
  if (function == "subscription") {
    if (!args.empty()) scope.subscription = nameOf(args[0]);
    return scope;
  }
  scope.kind = DeploymentScope::Kind::ResourceGroup;
  if (args.empty()) scope.resource_group = here.kind == DeploymentScope::Kind::ResourceGroup ? here.resource_group : "";
  if (!args.empty()) scope.resource_group = nameOf(args.back());
  if (args.size() == 2) scope.subscription = nameOf(args[0]);
  return scope;
}

// A file may read files inside the scan root; a registry module's file (outside it) also the
// files beside it (its local modules, imports and loaded files).
bool Instance::mayRead(const BicepUnit& from, const std::filesystem::path& target) const {
  return workspace_.root().contains(target) || !workspace_.root().contains(from.path);
}

// Outside the scan root: a registry module's file (its display path is absolute).
bool Instance::isExternal(const Span& span, const std::string& path) {
  const std::string& shown = span.file ? span.file->path() : path;
  return !shown.empty() && std::filesystem::path(shown).is_absolute();
}

// Every span of `v` outside the scan root moves to where the value came from in the
// scan root (its origin), else to the module call; the place in the module becomes its origin.
void Instance::relocateExternal(Value& v, const Span& call) {
  if (isExternal(v.span())) {
    Span inside = v.span();
    v.setSpan(v.origin().valid() && !isExternal(v.origin()) ? v.origin() : call);
    v.setOrigin(inside);
  } else if (isExternal(v.origin()) && !v.span().valid()) {
    v.setSpan(call);
  }
  if (v.isObject()) {
    for (Member& m : v.members()) {
      if (isExternal(m.key_span)) m.key_span = m.value.origin().valid() && !isExternal(m.value.origin()) ? m.value.origin() : call;
      relocateExternal(m.value, call);
    }
  } else if (v.isArray()) {
    for (Value& item : v.items()) relocateExternal(item, call);
  }
}

ModuleInstance Instance::callModule(const BicepDeclaration& d, std::optional<int64_t> index, Tri deployed) {
  ModuleInstance m;
  Value body = d.value ? evaluateBody(*d.value) : Value::object({}, d.span);
  const Value* name = body.find("name");
  Value reference = Value::object({}, d.span);
  reference.members().push_back(Member{"name", d.name_span, name ? *name : Value::unknown("module name", d.span)});
  auto fail = [&](std::string reason) {
    reference.members().push_back(Member{"outputs", d.name_span, Value::unknown(std::move(reason), d.type_span)});
    m.reference = std::move(reference);
    return std::move(m);
  };
  const std::string& written = d.type_text;
  if (written.empty()) return fail("module path is not a string");
  std::filesystem::path target;
  bool registry = isRegistryPath(written);
  if (registry) {
    // Resolved offline (bicep_registry.h): a mapped folder, else the Bicep CLI's module cache.
    const BicepModuleConfig& config = workspace_.moduleConfig(unit_.path.parent_path());
    std::string error;
    std::optional<RegistryReference> registry_ref = parseRegistryReference(written, config, error);
    RegistryResolution found;
    if (registry_ref) found = resolveRegistryModule(*registry_ref, workspace_.registry(), config);
    if (found.file.empty()) {
      std::string why = registry_ref ? "it is not in the Bicep module cache (run `bicep restore`) and no --module-path or `module-paths:` maps it"
                                  : error;
      diagnose(GenCode::ModuleNotResolved,
               fmt::format("module '{}' comes from a registry or template spec and is not evaluated: {}", written, why),
               d.type_span, written);
      return fail(fmt::format("outputs of registry module '{}'", written));
    }
    target = found.file;
  } else {
    target = workspace_.resolve(unit_.path, written);
  }
  if (!registry && !mayRead(unit_, target)) {
    diagnose(GenCode::ModuleNotResolved, fmt::format("module path '{}' escapes the scan root and is refused", written), d.type_span, written);
    return fail("module outside the scan root");
  }
  std::error_code ec;
  bool found = std::filesystem::is_regular_file(target, ec);
  noteFileProbe(target, found);
  if (!found) {
    diagnose(GenCode::ModuleNotResolved, fmt::format("module '{}' not found", written), d.type_span, written);
    return fail("module not found");
  }
  if (target.extension() != ".bicep" && target.extension() != ".json") {
    diagnose(GenCode::ModuleNotResolved, fmt::format("module '{}' is neither a Bicep file nor an ARM template", written), d.type_span, written);
    return fail("module is not a Bicep or ARM file");
  }
  if (target == unit_.path || std::find(path_chain_.begin(), path_chain_.end(), target) != path_chain_.end()) {
    diagnose(GenCode::ModuleNotResolved, fmt::format("module cycle: '{}' is already being evaluated", written), d.type_span, written);
    return fail("module cycle");
  }
  if (chain_.size() >= workspace_.limits().max_module_depth) {
    diagnose(GenCode::AnalysisLimit,
             fmt::format("not analysed: modules nest deeper than {} levels", workspace_.limits().max_module_depth),
             d.type_span);
    return fail("module depth limit");
  }
  ParameterValues bound;
  if (const Value* params = body.find("params"); params && params->isObject()) {
    for (const Member& p : params->members()) bound.insert_or_assign(p.key, p.value);
  }
  std::vector<ModuleCall> chain = chain_;
  chain.push_back(ModuleCall{d.name, written, d.span});
  std::vector<std::filesystem::path> paths = path_chain_;
  paths.push_back(unit_.path);
  BicepInstanceResult inner;
  std::size_t diagnostics_before = workspace_.out().diagnostics.size();
  if (target.extension() == ".json") {
    const SourceFile* file = workspace_.dataFile(target);
    if (!file) return fail("module cannot be read");
    LocatedJsonResult parsed = parseLocatedJson(*file, workspace_.limits().max_depth);
    if (!parsed.ok) {
      workspace_.out().diagnostics.push_back(jsonReadDiagnostic(parsed, file->path()));
      return fail("module is not valid JSON");
    }
    // A template spec restored by the Bicep CLI is the template spec version: its template is mainTemplate.
    const Value* main_template = &parsed.value;
    if (const Value* properties = parsed.value.find("properties"); properties && properties->isObject()) {
      if (const Value* wrapped = properties->find("mainTemplate"); wrapped && wrapped->isObject()) main_template = wrapped;
    }
    ArmTemplateInput input;
    input.template_root = main_template;
    input.file = file;
    input.parameters = bound;
    input.module_chain = chain;
    input.limits = workspace_.limits();
    input.scope = moduleScope(d, DeploymentScope::ofTargetScope(targetScopeOf(*main_template)).kind);
    input.outputs = &inner.outputs;
    FileModel arm;
    evaluateArmTemplate(input, arm);
    inner.resources = std::move(arm.resources);
    for (Diagnostic& diag : arm.diagnostics) workspace_.out().diagnostics.push_back(std::move(diag));
  } else {
    const BicepUnit* unit = workspace_.unit(target);
    if (!unit) return fail("module cannot be read");
    ModuleCallSite call_site{moduleScope(d, DeploymentScope::ofTargetScope(unit->syntax.target_scope).kind),
                             name && name->isString() ? name->asString() : std::string()};
    inner = evaluateModuleOnce(workspace_, *unit, bound, chain, paths, &call_site);
  }
  if (registry) {
    // A registry module is not the user's to edit: what it reports lands at the call (an argument's
    // line when the value came from one) with the place in the module as the related location, and
    // what reading it found wrong (its syntax, its own modules) is not reported.
    auto& diagnostics = workspace_.out().diagnostics;
    diagnostics.erase(std::remove_if(diagnostics.begin() + static_cast<std::ptrdiff_t>(std::min(diagnostics_before, diagnostics.size())),
                                     diagnostics.end(), [](const Diagnostic& diag) { return isExternal(diag.span, diag.path); }),
                      diagnostics.end());
    for (Resource& r : inner.resources) {
      relocateExternal(r.body, d.span);
      if (isExternal(r.declaration)) r.declaration = d.span;
      for (ModuleCall& call : r.module_chain) {
        if (isExternal(call.span)) call.span = d.span;
      }
    }
    relocateExternal(inner.outputs, d.span);
  }
  for (Resource& r : inner.resources) {
    if (deployed == Tri::Unknown && r.condition == Tri::True) r.condition = Tri::Unknown;
    if (index && !r.loop_index) r.loop_index = index;
  }
  m.resources = std::move(inner.resources);
  reference.members().push_back(Member{"outputs", d.name_span, std::move(inner.outputs)});
  m.reference = std::move(reference);
  return m;
}

}  // namespace palisade::bicep
