// Parameters and variables of a Bicep file: their types (aliases, @allowed,
// @secure), where a secret comes from, imported values and load*() functions.
#include "parsers/bicep/bicep_instance.h"

namespace palisade::bicep {

// A `type x = …` declaration of `unit` by name, also through `import { x } from 'file.bicep'`
// (local files only); `in_unit` is set to the file that declares it.
const BicepDeclaration* Instance::typeDeclaration(const BicepUnit& unit, std::string_view name, const BicepUnit*& in_unit) {
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
ResolvedType Instance::resolveType(const BicepDeclaration& d) {
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
std::optional<Value::Array> Instance::allowedValues(const BicepDeclaration& d, const ResolvedType& type) {
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
Value Instance::constrainToAllowed(const BicepDeclaration& d, Value v, const Value::Array& allowed, bool scalar_type) {
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

bool Instance::refersToDeclarations(const Expr& e) {
  if (e.kind == Expr::Kind::Identifier) return true;
  for (const Expr& child : e.children) {
    if (refersToDeclarations(child)) return true;
  }
  return false;
}

Value Instance::secureParameter(const BicepDeclaration& d) {
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
std::string Instance::secretSource(const Expr& e, int depth) {
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

Value Instance::parameter(const std::string& name) {
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

Value Instance::variable(const BicepDeclaration& d) {
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

Value Instance::importedValue(const std::pair<const BicepDeclaration*, std::string>& import) {
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

std::optional<Value> Instance::loadContent(const Expr& e, const std::vector<Value>& args) {
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

}  // namespace palisade::bicep
