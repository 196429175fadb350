// Running a Bicep file: its resources, modules and outputs in order, and the
// names and calls its expressions use.
#include "parsers/bicep/bicep_instance.h"

namespace palisade::bicep {

BicepInstanceResult Instance::run() {
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

Value Instance::outputs() {
  Value out = Value::object({}, {});
  for (const BicepDeclaration& d : unit_.syntax.declarations) {
    if (d.kind != BicepDeclaration::Kind::Output || !d.value) continue;
    out.members().push_back(Member{d.name, d.name_span, evaluate(*d.value)});
  }
  return out;
}

std::optional<Value> Instance::resolve(std::string_view name, const Span& use) {
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

std::optional<Value> Instance::call(const Expr& e, const std::vector<Value>& args, Evaluator& evaluator) {
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

Value Instance::evaluate(const Expr& e) {
  EvalLimits limits{workspace_.limits().max_depth, workspace_.limits().max_loop_expansion};
  Evaluator evaluator(*this, context_, limits);
  for (const auto& [name, value] : locals_) evaluator.bind(name, value);
  return evaluator.evaluate(e);
}

void Instance::diagnose(GenCode code, std::string message, const Span& span, std::string subject) {
  workspace_.out().diagnostics.push_back(Diagnostic{code, std::move(message), span, path(), std::move(subject)});
}

// `dependsOn`, `parent` and `scope` name other declarations: they become their symbolic names.
Value Instance::symbolicReference(const Expr& e) {
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

Value Instance::evaluateBody(const Expr& body) {
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

}  // namespace palisade::bicep
