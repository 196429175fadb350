#include "parsers/bicep/bicep_evaluator.h"

#include "core/ascii.h"
#include "core/project.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "parsers/arm/api_version_defaults.h"
#include "parsers/arm/azure_files.h"
#include "parsers/json/located_json.h"
#include "parsers/bicep/bicep_module_results.h"
#include "parsers/bicep/bicep_types.h"
#include "parsers/expression/evaluator.h"
#include "parsers/expression/operators.h"

namespace palisade {

namespace {

bool isRegistryPath(std::string_view path) {
  return path.starts_with("br:") || path.starts_with("br/") || path.starts_with("ts:") || path.starts_with("ts/");
}

// The member of a resource reference that holds its full name (`parent/child`); not a
// Bicep identifier, so templates cannot read it.
constexpr std::string_view kFullNameKey = "$fullName";

std::string typeWithoutVersion(const std::string& type) { return type.substr(0, type.find('@')); }

std::string apiVersionOf(const std::string& type) {
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

  BicepInstanceResult run() {
    BicepInstanceResult result;
    for (const BicepDeclaration& d : unit_.syntax.declarations) {
      if (workspace_.overBudget(d.span, path())) break;
      if (d.kind == BicepDeclaration::Kind::Resource) {
        const DeclarationInstances& all = resourceInstances(d);
        for (const ResourceInstance& i : all.instances) {
          if (i.deployed != Tri::False) collect(i, result.resources);
        }
      } else if (d.kind == BicepDeclaration::Kind::Module) {
        for (const ModuleInstance& m : moduleInstances(d)) {
          result.resources.insert(result.resources.end(), m.resources.begin(), m.resources.end());
        }
      }
    }
    result.outputs = outputs();
    return result;
  }

  Value outputs() {
    Value out = Value::object({}, {});
    for (const BicepDeclaration& d : unit_.syntax.declarations) {
      if (d.kind != BicepDeclaration::Kind::Output || !d.value) continue;
      out.members().push_back(Member{d.name, d.name_span, evaluate(*d.value)});
    }
    return out;
  }

  Value parameterValue(const std::string& name) { return parameter(name); }

  // The file's deployment as ARM records it: `properties.parameters.<p>.value` for the
  // values it is given (by a module call, a parameter file), `properties.template.parameters`
  // for its @secure() parameters (type and default) and `properties.template.outputs` (type,
  // value and, when it returns a secret, `secretSource`). Kept to what rules read: a module
  // called a thousand times is a thousand of these (listing every parameter's type cost
  // 7% more memory on the corpus).
  Resource deploymentResource(const Value& output_values) {
    Resource r;
    r.format = Format::Bicep;
    r.type = "Microsoft.Resources/deployments";
    r.name = deployment_name_;
    r.symbolic_name = chain_.empty() ? std::string() : chain_.back().name;
    r.declaration = chain_.empty() ? spanOf(*unit_.source, 0, 0) : chain_.back().span;
    r.module_chain = chain_;
    r.deployment_scope = context_.scope;
    Value values = Value::object({}, r.declaration);
    Value declared = Value::object({}, r.declaration);
    for (const BicepDeclaration& d : unit_.syntax.declarations) {
      if (d.kind != BicepDeclaration::Kind::Param) continue;
      if (parameters_.count(d.name)) {
        values.members().push_back(Member{d.name, d.name_span, Value::object({Member{"value", d.name_span, parameter(d.name)}}, d.span)});
      }
      if (resolveType(d).secure) declared.members().push_back(Member{d.name, d.name_span, secureParameter(d)});
    }
    Value declared_outputs = Value::object({}, r.declaration);
    for (const BicepDeclaration& d : unit_.syntax.declarations) {
      if (d.kind != BicepDeclaration::Kind::Output || !d.value) continue;
      Value output = Value::object({}, d.span);
      output.members().push_back(Member{"type", d.type_span, Value::string(d.type_text, d.type_span)});
      const Value* value = output_values.find(d.name);
      output.members().push_back(Member{"value", d.value->span, value ? *value : Value::unknown("not evaluated", d.span)});
      if (!decoratorOf(d, "secure")) {
        std::string source = secretSource(*d.value, 0);
        if (!source.empty()) output.members().push_back(Member{"secretSource", d.span, Value::string(source, d.span)});
      }
      declared_outputs.members().push_back(Member{d.name, d.name_span, std::move(output)});
    }
    Value template_body = Value::object({}, r.declaration);
    template_body.members().push_back(Member{"parameters", r.declaration, std::move(declared)});
    template_body.members().push_back(Member{"outputs", r.declaration, std::move(declared_outputs)});
    Value properties = Value::object({}, r.declaration);
    properties.members().push_back(Member{"parameters", r.declaration, std::move(values)});
    properties.members().push_back(Member{"template", r.declaration, std::move(template_body)});
    r.body = Value::object({}, r.declaration);
    if (!deployment_name_.empty()) r.body.members().push_back(Member{"name", r.declaration, Value::string(deployment_name_, r.declaration)});
    r.body.members().push_back(Member{"properties", r.declaration, std::move(properties)});
    return r;
  }

  std::optional<Value> resolve(std::string_view name, const Span& use) override {
    auto it = symbols_.find(name);
    if (it == symbols_.end()) {
      // Inside a resource body, its nested resources (those evaluated so far) by their bare names.
      for (auto scope = nested_scopes_.rbegin(); scope != nested_scopes_.rend(); ++scope) {
        if (const Value* child = (*scope)->reference.find("::" + std::string(name))) return relocated(*child, use);
      }
      if (auto imported = imports_.find(name); imported != imports_.end()) return relocated(importedValue(imported->second), use);
      return std::nullopt;
    }
    const BicepDeclaration& d = *it->second;
    switch (d.kind) {
      case BicepDeclaration::Kind::Param: return relocated(parameter(d.name), use);
      case BicepDeclaration::Kind::Var: return relocated(variable(d), use);
      case BicepDeclaration::Kind::Resource: {
        const DeclarationInstances& all = resourceInstances(d);
        if (!all.looped) {
          if (all.instances.empty()) return Value::unknown(fmt::format("resource '{}' is not evaluated", d.name), use);
          return relocated(all.instances.front().reference, use);
        }
        if (!all.loop_known) return Value::unknown(fmt::format("the instances of '{}' are unknown", d.name), use);
        Value::Array refs;
        for (const ResourceInstance& i : all.instances) refs.push_back(i.reference);
        return Value::array(std::move(refs), use);
      }
      case BicepDeclaration::Kind::Module: {
        const std::vector<ModuleInstance>& all = moduleInstances(d);
        if (!d.loop) {
          if (all.empty()) return Value::unknown(fmt::format("module '{}' is not evaluated", d.name), use);
          return relocated(all.front().reference, use);
        }
        if (!module_loops_known_[&d]) return Value::unknown(fmt::format("the instances of '{}' are unknown", d.name), use);
        Value::Array refs;
        for (const ModuleInstance& m : all) refs.push_back(m.reference);
        return Value::array(std::move(refs), use);
      }
      default: return std::nullopt;
    }
  }

  std::optional<Value> call(const Expr& e, const std::vector<Value>& args, Evaluator& evaluator) override {
    if (e.method) return std::nullopt;
    if (auto it = symbols_.find(e.name); it != symbols_.end() && it->second->kind == BicepDeclaration::Kind::Function) {
      const BicepDeclaration& f = *it->second;
      if (!f.value) return Value::unknown("function without a body", e.span);
      std::size_t bound = 0;
      for (std::size_t i = 0; i < f.parameters.size(); ++i) {
        evaluator.bind(f.parameters[i], i < args.size() ? args[i] : Value::null(e.span));
        ++bound;
      }
      Value result = evaluator.evaluate(*f.value);
      evaluator.unbind(bound);
      return relocated(std::move(result), e.span);
    }
    if (e.name == "loadJsonContent" || e.name == "loadTextContent" || e.name == "loadYamlContent" ||
        e.name == "loadFileAsBase64") {
      return loadContent(e, args);
    }
    if (e.name == "any" && args.size() == 1) return relocated(args[0], e.span);  // only changes the type
    if (e.name == "readEnvironmentVariable" || e.name == "getSecret" || e.name == "externalInput") {
      return Value::unknown(fmt::format("{}() is known only at deployment", e.name), e.span);
    }
    return std::nullopt;
  }

 private:
  const std::string& path() const { return unit_.source->path(); }

  Value evaluate(const Expr& e) {
    EvalLimits limits{workspace_.limits().max_depth, workspace_.limits().max_loop_expansion};
    Evaluator evaluator(*this, context_, limits);
    for (const auto& [name, value] : locals_) evaluator.bind(name, value);
    return evaluator.evaluate(e);
  }

  void diagnose(GenCode code, std::string message, const Span& span, std::string subject = {}) {
    workspace_.out().diagnostics.push_back(Diagnostic{code, std::move(message), span, path(), std::move(subject)});
  }

  // A `type x = …` declaration of `unit` by name, also through `import { x } from 'file.bicep'`
  // (local files only); `in_unit` is set to the file that declares it.
  const BicepDeclaration* typeDeclaration(const BicepUnit& unit, std::string_view name, const BicepUnit*& in_unit) {
    for (const BicepDeclaration& d : unit.syntax.declarations) {
      if (d.kind == BicepDeclaration::Kind::Type && d.name == name) {
        in_unit = &unit;
        return &d;
      }
    }
    for (const BicepDeclaration& d : unit.syntax.declarations) {
      if (d.kind != BicepDeclaration::Kind::Import || d.type_text.empty() || isRegistryPath(d.type_text)) continue;
      for (std::size_t i = 0; i < d.imported_names.size(); ++i) {
        if (d.imported_names[i] != name) continue;
        std::filesystem::path target = workspace_.resolve(unit.path, d.type_text);
        if (!mayRead(unit, target) || target.extension() != ".bicep") return nullptr;
        const BicepUnit* source = workspace_.unit(target);
        if (!source) return nullptr;
        for (const BicepDeclaration& t : source->syntax.declarations) {
          if (t.kind == BicepDeclaration::Kind::Type && t.name == d.imported_sources[i]) {
            in_unit = source;
            return &t;
          }
        }
      }
    }
    return nullptr;
  }

  // A parameter's type with aliases followed (local `type` declarations and local
  // imports, a few hops deep); @secure() on the parameter or any alias counts.
  ResolvedType resolveType(const BicepDeclaration& d) {
    ResolvedType type{d.type_text, decoratorOf(d, "secure") != nullptr};
    if (!type.text.empty() && type.text.back() == '?') type.text.pop_back();
    const BicepUnit* unit = &unit_;
    for (int hops = 0; hops < 8; ++hops) {
      const BicepDeclaration* alias = typeDeclaration(*unit, type.text, unit);
      if (!alias) break;
      type.text = alias->type_text;
      type.secure = type.secure || decoratorOf(*alias, "secure") != nullptr;
      if (!type.text.empty() && type.text.back() == '?') type.text.pop_back();
    }
    return type;
  }

  // What a parameter may be: its @allowed list, else the literals of its union type; nullopt when anything.
  std::optional<Value::Array> allowedValues(const BicepDeclaration& d, const ResolvedType& type) {
    if (const BicepDecorator* allowed = decoratorOf(d, "allowed"); allowed && !allowed->args.empty()) {
      Value list = evaluate(allowed->args[0]);
      if (list.isArray() && !list.containsUnknown()) return list.items();
      return std::nullopt;
    }
    return literalUnion(type.text, d.type_span);
  }

  // A bound value outside the allowed list fails the deployment: a located GEN013 (for an
  // array, each element must be allowed). An unknown value of a scalar type can only be one
  // of the list: it becomes an Unknown with those candidates. Types we cannot read (a
  // `resourceInput<>` type, say) get no candidates.
  Value constrainToAllowed(const BicepDeclaration& d, Value v, const Value::Array& allowed, bool scalar_type) {
    if (v.isUnknown()) {
      if (!scalar_type || v.candidates()) return v;
      Value constrained = Value::unknownOneOf(v.asString(), allowed, v.span());
      constrained.setOrigin(v.origin());
      return constrained;
    }
    std::vector<const Value*> checked;
    if (v.isArray() && !scalar_type) {
      for (const Value& item : v.items()) checked.push_back(&item);
    } else if (!v.isArray()) {
      checked.push_back(&v);
    }
    for (const Value* item : checked) {
      if (item->isUnknown() || item->isNull() || isAllowedValue(*item, allowed)) continue;
      const Span& where = item->span().valid() ? item->span() : d.span;
      std::string shown;
      for (const Value& option : allowed) shown += (shown.empty() ? "" : ", ") + option.toDisplayString();
      workspace_.out().diagnostics.push_back(Diagnostic{
          GenCode::ParameterValueNotAllowed,
          fmt::format("value '{}' of parameter '{}' is not one of its allowed values ({}); the deployment would fail",
                      item->toDisplayString(), d.name, shown),
          where, where.file ? where.file->path() : path()});
    }
    return v;
  }

  static bool refersToDeclarations(const Expr& e) {
    if (e.kind == Expr::Kind::Identifier) return true;
    for (const Expr& child : e.children) {
      if (refersToDeclarations(child)) return true;
    }
    return false;
  }

  Value secureParameter(const BicepDeclaration& d) {
    ResolvedType type = resolveType(d);
    Value out = Value::object({}, d.span);
    out.members().push_back(Member{"type", d.type_span, Value::string(std::string(secureArmTypeOf(type)), d.type_span)});
    if (d.value) {
      // Only a default that stands alone: one computed from other declarations is the caller's value in disguise.
      Value fallback = refersToDeclarations(*d.value)
                           ? Value::unknown(fmt::format("the default of '{}' refers to other declarations", d.name), d.value->span)
                           : evaluate(*d.value);
      out.members().push_back(Member{"defaultValue", d.value->span, std::move(fallback)});
    }
    return out;
  }

  // Why an output's expression returns a secret — a @secure() parameter or a list*()
  // call it reads, directly or through variables — or "" when it does not.
  std::string secretSource(const Expr& e, int depth) {
    if (depth > 16) return {};
    if (e.kind == Expr::Kind::Member && !e.children.empty() && e.children[0].kind == Expr::Kind::Identifier) {
      // `config.password` of an object-typed parameter: secret when that property is @secure().
      auto it = symbols_.find(e.children[0].name);
      if (it != symbols_.end() && it->second->kind == BicepDeclaration::Kind::Param) {
        ResolvedType type = resolveType(*it->second);
        if (!type.secure && !securePropertiesOf(type.text).empty()) {
          if (securePropertiesOf(type.text).count(e.name) == 0) return {};
          return fmt::format("the @secure() property '{}' of parameter '{}'", e.name, it->second->name);
        }
      }
    }
    if (e.kind == Expr::Kind::Identifier) {
      auto it = symbols_.find(e.name);
      if (it == symbols_.end()) return {};
      const BicepDeclaration& d = *it->second;
      if (d.kind == BicepDeclaration::Kind::Param) {
        ResolvedType type = resolveType(d);
        if (type.secure) return fmt::format("the @secure() parameter '{}'", d.name);
        if (!securePropertiesOf(type.text).empty()) return fmt::format("parameter '{}', which has @secure() properties", d.name);
      }
      if (d.kind == BicepDeclaration::Kind::Var && d.value) return secretSource(*d.value, depth + 1);
      return {};
    }
    if (e.kind == Expr::Kind::Call && e.name.size() >= 4 && lowerAscii(e.name).starts_with("list")) {
      return fmt::format("{}(), which returns secrets", e.name);
    }
    for (const Expr& child : e.children) {
      std::string found = secretSource(child, depth + 1);
      if (!found.empty()) return found;
    }
    return {};
  }

  Value parameter(const std::string& name) {
    if (auto it = parameter_cache_.find(name); it != parameter_cache_.end()) return it->second;
    auto found = symbols_.find(name);
    if (found == symbols_.end()) return Value::unknown(fmt::format("parameter '{}' is not declared", name));
    const BicepDeclaration& d = *found->second;
    if (!in_progress_.insert(&d).second) return Value::unknown(fmt::format("parameter '{}' refers to itself", name), d.span);
    Value v;
    if (auto given = parameters_.find(name); given != parameters_.end()) {
      v = given->second;
    } else if (d.value) {
      v = evaluate(*d.value);
      if (!v.origin().valid()) v.setOrigin(d.value->span);
    } else if (!d.type_text.empty() && d.type_text.back() == '?') {
      v = Value::null(d.span);  // a nullable parameter that is not given is null
    } else {
      v = Value::unknown(fmt::format("parameter '{}' has no default", name), d.span);
    }
    if (d.kind == BicepDeclaration::Kind::Param && !unit_.bicepparam) {
      ResolvedType type = resolveType(d);
      if (std::optional<Value::Array> allowed = allowedValues(d, type)) {
        v = constrainToAllowed(d, std::move(v), *allowed, isScalarType(type));
      }
    }
    in_progress_.erase(&d);
    parameter_cache_.emplace(name, v);
    return v;
  }

  Value variable(const BicepDeclaration& d) {
    if (auto it = variable_cache_.find(&d); it != variable_cache_.end()) return it->second;
    if (!in_progress_.insert(&d).second) return Value::unknown(fmt::format("variable '{}' refers to itself", d.name), d.span);
    std::vector<std::pair<std::string, Value>> saved;
    saved.swap(locals_);  // variables do not see loop variables, nor nested resources
    std::vector<const ResourceInstance*> saved_scopes;
    saved_scopes.swap(nested_scopes_);
    Value v = d.value ? evaluate(*d.value) : Value::unknown("variable without a value", d.span);
    saved.swap(locals_);
    saved_scopes.swap(nested_scopes_);
    in_progress_.erase(&d);
    variable_cache_.emplace(&d, v);
    return v;
  }

  Value importedValue(const std::pair<const BicepDeclaration*, std::string>& import) {
    const BicepDeclaration& d = *import.first;
    if (isRegistryPath(d.type_text)) return Value::unknown(fmt::format("'{}' is imported from a registry", import.second), d.span);
    std::filesystem::path target = workspace_.resolve(unit_.path, d.type_text);
    if (!mayRead(unit_, target)) return Value::unknown("import from outside the scan root", d.span);
    if (std::find(path_chain_.begin(), path_chain_.end(), target) != path_chain_.end() || target == unit_.path ||
        path_chain_.size() >= workspace_.limits().max_module_depth) {
      return Value::unknown("import cycle", d.span);
    }
    const BicepUnit* source = workspace_.unit(target);
    if (!source) return Value::unknown(fmt::format("cannot read '{}'", d.type_text), d.span);
    if (!imported_instances_.count(target)) {
      std::vector<std::filesystem::path> paths = path_chain_;
      paths.push_back(unit_.path);
      imported_instances_.emplace(target, std::make_unique<Instance>(workspace_, *source, ParameterValues{}, chain_, paths, nullptr));
    }
    Instance& other = *imported_instances_.at(target);
    auto it = other.symbols_.find(import.second);
    if (it == other.symbols_.end() || it->second->kind != BicepDeclaration::Kind::Var) {
      return Value::unknown(fmt::format("'{}' is not an exported variable", import.second), d.span);
    }
    return other.variable(*it->second);
  }

  std::optional<Value> loadContent(const Expr& e, const std::vector<Value>& args) {
    if (args.empty() || !args[0].isString()) return Value::unknown(fmt::format("{}() needs a file path", e.name), e.span);
    if (e.name == "loadFileAsBase64") return Value::unknown("file content as base64 is not evaluated", e.span);
    std::filesystem::path target = workspace_.resolve(unit_.path, args[0].asString());
    if (!mayRead(unit_, target)) {
      diagnose(GenCode::ModuleNotResolved, fmt::format("'{}' is outside the scan root and is not read", args[0].asString()), e.span, args[0].asString());
      return Value::unknown("file outside the scan root", e.span);
    }
    const SourceFile* file = workspace_.dataFile(target);
    if (!file) return Value::unknown(fmt::format("cannot read '{}'", args[0].asString()), e.span);
    if (e.name == "loadTextContent") return Value::string(file->text(), e.span);
    if (e.name == "loadYamlContent") return Value::unknown("loadYamlContent() is not evaluated", e.span);
    LocatedJsonResult parsed = parseLocatedJson(*file, workspace_.limits().max_depth);
    if (!parsed.ok) return Value::unknown(fmt::format("'{}' is not valid JSON", args[0].asString()), e.span);
    if (args.size() > 1 && args[1].isString() && !args[1].asString().empty()) {
      return Value::unknown("loadJsonContent() with a JSON path is not evaluated", e.span);
    }
    return relocated(std::move(parsed.value), e.span);
  }

  // `dependsOn`, `parent` and `scope` name other declarations: they become their symbolic names.
  Value symbolicReference(const Expr& e) {
    if (e.kind == Expr::Kind::Array) {
      Value::Array items;
      for (const Expr& item : e.children) items.push_back(symbolicReference(item));
      return Value::array(std::move(items), e.span);
    }
    const Expr* base = &e;
    while ((base->kind == Expr::Kind::Index || (base->kind == Expr::Kind::Member && base->nested_resource)) &&
           !base->children.empty()) {
      base = &base->children[0];
    }
    if (base->kind == Expr::Kind::Identifier) {
      auto it = symbols_.find(base->name);
      if (it != symbols_.end() &&
          (it->second->kind == BicepDeclaration::Kind::Resource || it->second->kind == BicepDeclaration::Kind::Module)) {
        std::string text = e.kind == Expr::Kind::Member ? base->name + "::" + e.name : base->name;
        return Value::string(std::move(text), e.span);
      }
    }
    return evaluate(e);
  }

  Value evaluateBody(const Expr& body) {
    if (body.kind != Expr::Kind::Object) return evaluate(body);
    Value out = Value::object({}, body.span);
    for (std::size_t i = 0; i < body.children.size(); ++i) {
      const std::string& key = body.keys[i];
      bool spread = i < body.spread.size() && body.spread[i];
      if (!spread && (key == "dependsOn" || key == "parent" || key == "scope")) {
        out.members().push_back(Member{key, body.key_spans[i], symbolicReference(body.children[i])});
        continue;
      }
      Value v = evaluate(body.children[i]);
      if (spread) {
        if (v.isObject()) out = mergeObjects(out, v, false);
        continue;
      }
      if (i < body.key_exprs.size() && body.key_exprs[i].kind != Expr::Kind::Literal) {
        Value k = evaluate(body.key_exprs[i]);
        out.members().push_back(k.isString() ? Member{k.asString(), body.key_spans[i], std::move(v)}
                                             : Member{"...", body.key_spans[i], Value::unknown("a key is unknown", body.key_spans[i])});
        continue;
      }
      out.members().push_back(Member{key, body.key_spans[i], std::move(v)});
    }
    return out;
  }

  // The `parent:` of a resource: its instance, when it can be told.
  const ResourceInstance* parentInstance(const Expr& parent_expr) {
    const Expr* base = &parent_expr;
    std::optional<int64_t> index;
    if (base->kind == Expr::Kind::Index && base->children.size() == 2) {
      Value i = evaluate(base->children[1]);
      if (i.isInt()) index = i.asInt();
      base = &base->children[0];
    }
    if (base->kind != Expr::Kind::Identifier) return nullptr;
    auto it = symbols_.find(base->name);
    if (it == symbols_.end() || it->second->kind != BicepDeclaration::Kind::Resource) return nullptr;
    const DeclarationInstances& parent = resourceInstances(*it->second);
    if (!parent.looped) return parent.instances.empty() ? nullptr : &parent.instances.front();
    if (index && *index >= 0 && static_cast<std::size_t>(*index) < parent.instances.size() && parent.loop_known) {
      return &parent.instances[static_cast<std::size_t>(*index)];
    }
    return nullptr;
  }

  Value resourceIdOf(const std::string& type, const std::string& name, const DeploymentScope& scope, const Span& span) {
    if (name.empty()) return Value::unknown("the resource name is not known", span);
    std::vector<Value> args{Value::string(type, span)};
    std::size_t pos = 0;
    while (pos <= name.size()) {
      std::size_t slash = name.find('/', pos);
      if (slash == std::string::npos) slash = name.size();
      args.push_back(Value::string(name.substr(pos, slash - pos), span));
      pos = slash + 1;
    }
    DeploymentContext deployed_to{scope};
    bool in_group = scope.kind == DeploymentScope::Kind::ResourceGroup;
    const FunctionInfo* f = findFunction(in_group ? "resourceId" : "subscriptionResourceId");
    return callFunction(*f, FunctionArgs{args, span, deployed_to});
  }

  ResourceInstance makeInstance(const BicepDeclaration& d, const ResourceInstance* outer, Tri deployed,
                                std::optional<int64_t> loop_index) {
    ResourceInstance instance;
    instance.deployed = deployed;
    Resource& r = instance.resource;
    r.format = Format::Bicep;
    r.symbolic_name = d.name;
    r.declaration = d.span;
    r.module_chain = chain_;
    r.deployment_scope = context_.scope;
    r.existing = d.existing;
    r.loop_index = loop_index;
    r.condition = deployed;
    r.api_version = apiVersionOf(d.type_text);
    std::string type = typeWithoutVersion(d.type_text);
    r.body = d.value ? evaluateBody(*d.value) : Value::object({}, d.span);
    const Value* name = r.body.find("name");
    std::string own_name = name && name->isString() ? name->asString() : std::string();
    const ResourceInstance* parent = outer;
    std::string parent_name = outer ? outer->resource.name : std::string();
    bool has_parent_key = false;
    if (!outer && d.value) {
      for (std::size_t i = 0; i < d.value->keys.size(); ++i) {
        if (d.value->keys[i] != "parent") continue;
        has_parent_key = true;
        parent = parentInstance(d.value->children[i]);
        // The parent's reference carries its full name, also for `a::b` and looped parents.
        Value reference = evaluate(d.value->children[i]);
        const Value* name_of_parent = reference.find(kFullNameKey);
        if (!name_of_parent) name_of_parent = reference.find("name");
        if (name_of_parent && name_of_parent->isString()) parent_name = name_of_parent->asString();
      }
    }
    if (outer && type.find('/') == std::string::npos) type = outer->resource.type + "/" + type;
    r.type = type;
    applyApiVersionDefaults(r, d.type_span);
    // A child deploys where its parent is; `scope: resourceGroup('rg')` or a resource group
    // resource (an `existing` resource in another group, say) names its own. A `scope:` naming
    // another resource (an extension resource) keeps the file's.
    if (parent) r.deployment_scope = parent->resource.deployment_scope;
    if (const Expr* written = scopeExpression(d)) {
      if (std::optional<DeploymentScope> named = scopeOfCall(*written)) r.deployment_scope = *named;
      if (std::optional<DeploymentScope> referenced = scopeOfReference(*written)) r.deployment_scope = *referenced;
    }
    if (outer || has_parent_key) {
      r.name = !parent_name.empty() && !own_name.empty() ? parent_name + "/" + own_name : std::string();
      if (parent && parent->deployed == Tri::Unknown && r.condition == Tri::True) r.condition = Tri::Unknown;
    } else {
      r.name = own_name;
    }
    // What a symbolic reference sees: the body (`.name` is the name as declared, the last
    // segment for a child, as Bicep compiles it), the full name for children, the id, and
    // unknown runtime state. A body that is not an object (`= 'text'`, an unknown) still
    // gets a reference object.
    Value reference = r.body.isObject() ? r.body : Value::object({}, r.body.span());
    Value unknown_state = Value::unknown(fmt::format("runtime state of resource '{}'", d.name), d.span);
    if (!r.name.empty()) reference.members().push_back(Member{std::string(kFullNameKey), d.name_span, Value::string(r.name, d.name_span)});
    reference.members().push_back(Member{"id", d.name_span, resourceIdOf(type, r.name, r.deployment_scope, d.name_span)});
    reference.members().push_back(Member{"type", d.type_span, Value::string(type, d.type_span)});
    reference.members().push_back(Member{"apiVersion", d.type_span, Value::string(r.api_version, d.type_span)});
    if (d.existing) {
      if (Value* properties = reference.find("properties")) {
        *properties = unknown_state;
      }
    } else if (Value* properties = reference.find("properties"); properties && properties->isObject()) {
      properties->members().push_back(Member{"...", d.span, unknown_state});
    }
    reference.members().push_back(Member{"...", d.span, unknown_state});
    instance.reference = std::move(reference);
    return instance;
  }

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
                      std::vector<ResourceInstance>& children_out) {
    into.looped = d.loop.has_value();
    into.loop_known = expand(d, [&](std::optional<int64_t> index, Tri deployed) {
      if (outer && outer->deployed == Tri::Unknown && deployed == Tri::True) deployed = Tri::Unknown;
      if (outer && outer->deployed == Tri::False) deployed = Tri::False;
      if (!index && outer) index = outer->resource.loop_index;
      ResourceInstance instance = makeInstance(d, outer, deployed, index);
      nested_scopes_.push_back(&instance);
      for (const BicepDeclaration& child : d.children) {
        DeclarationInstances nested;
        expandResource(child, &instance, nested, children_out);
        Value child_ref;
        if (!nested.looped) {
          child_ref = nested.instances.empty() ? Value::unknown("not evaluated", child.span) : nested.instances.front().reference;
        } else if (nested.loop_known) {
          Value::Array refs;
          for (const ResourceInstance& n : nested.instances) refs.push_back(n.reference);
          child_ref = Value::array(std::move(refs), child.span);
        } else {
          child_ref = Value::unknown("the instances are unknown", child.span);
        }
        instance.reference.members().push_back(Member{"::" + child.name, child.name_span, std::move(child_ref)});
        for (ResourceInstance& n : nested.instances) children_out.push_back(std::move(n));
      }
      nested_scopes_.pop_back();
      into.instances.push_back(std::move(instance));
    });
  }

  const DeclarationInstances& resourceInstances(const BicepDeclaration& d) {
    if (auto it = resources_.find(&d); it != resources_.end()) return it->second;
    if (!in_progress_.insert(&d).second) return cycle_placeholders_[&d];  // a reference cycle: no instances
    std::vector<std::pair<std::string, Value>> saved;
    saved.swap(locals_);
    std::vector<const ResourceInstance*> saved_scopes;
    saved_scopes.swap(nested_scopes_);  // another declaration does not see these nested names
    DeclarationInstances all;
    std::vector<ResourceInstance> children;
    expandResource(d, nullptr, all, children);
    saved.swap(locals_);
    saved_scopes.swap(nested_scopes_);
    in_progress_.erase(&d);
    nested_children_[&d] = std::move(children);
    return resources_.emplace(&d, std::move(all)).first->second;
  }

  // Nested children are emitted by evaluateBicepUnit, after the file's top-level resources.
  void collect(const ResourceInstance& instance, std::vector<Resource>& out) { out.push_back(instance.resource); }

  const std::vector<ModuleInstance>& moduleInstances(const BicepDeclaration& d) {
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
  DeploymentScope moduleScope(const BicepDeclaration& d, DeploymentScope::Kind module_kind) {
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
  std::optional<DeploymentScope> scopeOfReference(const Expr& written) {
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
  static const Expr* scopeExpression(const BicepDeclaration& d) {
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
  std::optional<DeploymentScope> scopeOfCall(const Expr& written) {
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
  bool mayRead(const BicepUnit& from, const std::filesystem::path& target) const {
    return workspace_.root().contains(target) || !workspace_.root().contains(from.path);
  }

  // Outside the scan root: a registry module's file (its display path is absolute).
  static bool isExternal(const Span& span, const std::string& path = {}) {
    const std::string& shown = span.file ? span.file->path() : path;
    return !shown.empty() && std::filesystem::path(shown).is_absolute();
  }

  // Every span of `v` outside the scan root moves to where the value came from in the
  // scan root (its origin), else to the module call; the place in the module becomes its origin.
  static void relocateExternal(Value& v, const Span& call) {
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

  ModuleInstance callModule(const BicepDeclaration& d, std::optional<int64_t> index, Tri deployed) {
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
    if (!std::filesystem::is_regular_file(target, ec)) {
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

}  // namespace

BicepInstanceResult evaluateBicepUnit(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
                                      const std::vector<ModuleCall>& chain,
                                      const std::vector<std::filesystem::path>& path_chain,
                                      const ModuleCallSite* call_site) {
  Instance instance(workspace, unit, parameters, chain, path_chain, call_site);
  BicepInstanceResult result = instance.run();
  // Nested child resources follow the resources of the file; the deployment comes last.
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    auto it = instance.nested_children_.find(&d);
    if (it == instance.nested_children_.end()) continue;
    for (const auto& child : it->second) {
      if (child.deployed != Tri::False) result.resources.push_back(child.resource);
    }
  }
  result.resources.push_back(instance.deploymentResource(result.outputs));
  return result;
}

ParameterValues evaluateBicepParamFile(BicepWorkspace& workspace, const BicepUnit& unit) {
  ParameterValues none;
  std::vector<ModuleCall> chain;
  std::vector<std::filesystem::path> paths;
  Instance instance(workspace, unit, none, chain, paths, nullptr);
  ParameterValues values;
  for (const BicepDeclaration& d : unit.syntax.declarations) {
    if (d.kind == BicepDeclaration::Kind::Param) values.insert_or_assign(d.name, instance.parameterValue(d.name));
  }
  return values;
}

}  // namespace palisade
