#include "parsers/arm/arm_template.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/ascii.h"
#include "parsers/arm/api_version_defaults.h"
#include "parsers/expression/evaluator.h"
#include "parsers/expression/operators.h"
#include "parsers/expression/template_expression.h"

namespace palisade {

std::string targetScopeOf(const Value& template_root) {
  const Value* schema = template_root.find("$schema");
  if (!schema || !schema->isString()) return "resourceGroup";
  const std::string& s = schema->asString();
  if (s.find("subscriptionDeploymentTemplate") != std::string::npos) return "subscription";
  if (s.find("managementGroupDeploymentTemplate") != std::string::npos) return "managementGroup";
  if (s.find("tenantDeploymentTemplate") != std::string::npos) return "tenant";
  return "resourceGroup";
}

namespace {

const Value* findIgnoreCase(const Value& object, std::string_view key) {
  if (!object.isObject()) return nullptr;
  for (const Member& m : object.members()) {
    if (equalsIgnoreCase(m.key, key)) return &m.value;
  }
  return nullptr;
}


// Where a resource holds a template of its own, the key of its properties that holds it:
// a nested deployment's `template`, a Blueprint template artifact's `template`, a template
// spec version's `mainTemplate`; empty for every other resource.
std::string_view wrappedTemplateKey(std::string_view type, const Value& resource) {
  const Value* properties = resource.find("properties");
  if (!properties || !properties->isObject()) return {};
  auto holds = [&](std::string_view key) {
    const Value* t = properties->find(key);
    return t && t->isObject();
  };
  if (equalsIgnoreCase(type, "Microsoft.Resources/deployments")) return holds("template") ? "template" : "";
  if (equalsIgnoreCase(type, "Microsoft.Blueprint/blueprints/artifacts")) {
    const Value* kind = resource.find("kind");
    bool template_kind = kind && kind->isString() && equalsIgnoreCase(kind->asString(), "template");
    return template_kind && holds("template") ? "template" : "";
  }
  if (equalsIgnoreCase(type, "Microsoft.Resources/templateSpecs/versions")) return holds("mainTemplate") ? "mainTemplate" : "";
  return {};
}

bool holdsExpression(const Value& v) {
  if (v.isString()) return isTemplateExpression(v.asString());
  if (v.isObject()) {
    for (const Member& m : v.members()) {
      if (holdsExpression(m.value)) return true;
    }
  } else if (v.isArray()) {
    for (const Value& item : v.items()) {
      if (holdsExpression(item)) return true;
    }
  }
  return false;
}

class ArmScope : public EvalScope {
 public:
  ArmScope(const ArmTemplateInput& input, FileModel& out, ArmScope* outer)
      : input_(input), out_(out), outer_(outer) {
    context_.scope = input.scope ? *input.scope : DeploymentScope::ofTargetScope(targetScopeOf(*input.template_root));
  }

  // Evaluates a JSON value: template-expression strings are computed, the rest copied.
  Value evaluateJson(const Value& v, bool expand_property_copy) {
    if (++depth_ > input_.limits.max_depth) {
      --depth_;
      return Value::unknown("nesting exceeds the depth limit", v.span());
    }
    Value result = evaluateJsonInner(v, expand_property_copy);
    --depth_;
    return result;
  }

  std::optional<Value> resolve(std::string_view, const Span&) override { return std::nullopt; }

  std::optional<Value> call(const Expr& e, const std::vector<Value>& args, Evaluator&) override {
    if (equalsIgnoreCase(e.name, "parameters") || equalsIgnoreCase(e.name, "variables")) {
      ArmScope& owner = outer_ ? *outer_ : *this;
      if (args.size() != 1 || !args[0].isString()) {
        return Value::unknown(args.size() == 1 && args[0].isUnknown() ? args[0].asString() : "name is not a string", e.span);
      }
      Value v = equalsIgnoreCase(e.name, "parameters") ? owner.parameter(args[0].asString())
                                                        : owner.variable(args[0].asString());
      return relocated(std::move(v), e.span);
    }
    if (equalsIgnoreCase(e.name, "copyIndex")) {
      int64_t offset = 0;
      std::string loop;
      for (const Value& a : args) {
        if (a.isInt()) offset = a.asInt();
        if (a.isString()) loop = a.asString();
        if (a.isUnknown()) return Value::unknown(a.asString(), e.span);
      }
      for (auto it = copy_stack_.rbegin(); it != copy_stack_.rend(); ++it) {
        if (loop.empty() ? it->first.empty() || it == copy_stack_.rbegin() : equalsIgnoreCase(it->first, loop)) {
          if (!it->second) return Value::unknown("copy loop count is unknown", e.span);
          return Value::integer(*it->second + offset, e.span);
        }
      }
      if (outer_) {
        for (auto it = outer_->copy_stack_.rbegin(); it != outer_->copy_stack_.rend(); ++it) {
          if (loop.empty() || equalsIgnoreCase(it->first, loop)) {
            if (!it->second) return Value::unknown("copy loop count is unknown", e.span);
            return Value::integer(*it->second + offset, e.span);
          }
        }
      }
      return Value::unknown("copyIndex() outside a copy loop", e.span);
    }
    if (e.name.find('.') != std::string::npos) {
      return Value::unknown(fmt::format("user-defined function {}() is not evaluated", e.name), e.span);
    }
    return std::nullopt;
  }

  void evaluateResources(const Value& resources, const std::string* parent_type, const std::string* parent_name) {
    if (resources.isArray()) {
      for (const Value& r : resources.items()) {
        if (r.isObject()) evaluateResource(r, parent_type, parent_name, "");
      }
    } else if (resources.isObject()) {  // languageVersion 2.0: symbolic name → resource
      for (const Member& m : resources.members()) {
        if (m.value.isObject()) evaluateResource(m.value, parent_type, parent_name, m.key);
      }
    }
  }

  // The template's own deployment, shaped as a Bicep file's (see bicep_evaluator): `properties.template.parameters`
  // for its secure parameters (type, and the default when it is written out, not computed) and
  // `properties.template.outputs` (type, value, and `secretSource` when it returns a secret).
  Resource deploymentResource() {
    const Value& root = *input_.template_root;
    Resource r;
    r.format = Format::Arm;
    r.type = "Microsoft.Resources/deployments";
    const Member* schema = root.findMember("$schema");
    r.declaration = schema ? schema->key_span : root.span();
    r.module_chain = input_.module_chain;
    r.deployment_scope = context_.scope;
    Value declared = Value::object({}, r.declaration);
    std::set<std::string> secure;
    if (const Value* section = root.find("parameters"); section && section->isObject()) {
      for (const Member& m : section->members()) {
        const Value* type = m.value.isObject() ? m.value.find("type") : nullptr;
        if (!type || !type->isString()) continue;
        std::string t = lowerAscii(type->asString());
        if (t != "securestring" && t != "secureobject") continue;
        secure.insert(lowerAscii(m.key));
        Value parameter = Value::object({Member{"type", type->span(), *type}}, m.value.span());
        if (const Value* def = m.value.find("defaultValue"); def && !holdsExpression(*def)) {
          parameter.members().push_back(Member{"defaultValue", def->span(), *def});
        }
        declared.members().push_back(Member{m.key, m.key_span, std::move(parameter)});
      }
    }
    Value outputs = Value::object({}, r.declaration);
    if (const Value* section = root.find("outputs"); section && section->isObject()) {
      for (const Member& m : section->members()) {
        if (!m.value.isObject()) continue;
        Value output = Value::object({}, m.value.span());
        const Value* type = m.value.find("type");
        if (type) output.members().push_back(Member{"type", type->span(), *type});
        const Value* value = m.value.find("value");
        if (value) output.members().push_back(Member{"value", value->span(), outputValue(m.key, m.value)});
        bool secure_output = type && type->isString() && lowerAscii(type->asString()).starts_with("secure");
        if (value && !secure_output) {
          std::string source = secretSourceOf(*value, secure);
          if (!source.empty()) output.members().push_back(Member{"secretSource", m.value.span(), Value::string(source, m.value.span())});
        }
        outputs.members().push_back(Member{m.key, m.key_span, std::move(output)});
      }
    }
    Value template_body = Value::object({}, r.declaration);
    template_body.members().push_back(Member{"parameters", r.declaration, std::move(declared)});
    template_body.members().push_back(Member{"outputs", r.declaration, std::move(outputs)});
    Value properties = Value::object({}, r.declaration);
    properties.members().push_back(Member{"template", r.declaration, std::move(template_body)});
    r.body = Value::object({Member{"properties", r.declaration, std::move(properties)}}, r.declaration);
    return r;
  }

  // What an output returns: its `value`, or the array its `copy` builds; not returned when its
  // `condition` is false.
  Value outputValue(const std::string& name, const Value& declared) {
    if (const Value* condition = declared.find("condition")) {
      Tri t = truthOf(evaluateJson(*condition, false));
      if (t == Tri::False) return Value::unknown(fmt::format("output '{}' is not returned: its condition is false", name), declared.span());
      if (t == Tri::Unknown) return Value::unknown(fmt::format("whether output '{}' is returned is unknown", name), declared.span());
    }
    if (const Value* value = declared.find("value")) return evaluateJson(*value, true);
    if (const Value* copy = declared.find("copy"); copy && copy->isObject()) return expandCopy(*copy);
    return Value::unknown(fmt::format("output '{}' has no value", name), declared.span());
  }

  // The template's outputs by name (ArmTemplateInput::outputs).
  Value outputValues() {
    Value out = Value::object({}, input_.template_root->span());
    if (const Value* section = input_.template_root->find("outputs"); section && section->isObject()) {
      for (const Member& m : section->members()) {
        if (m.value.isObject()) out.members().push_back(Member{m.key, m.key_span, outputValue(m.key, m.value)});
      }
    }
    return out;
  }

  // Why an output's expression returns a secret: it reads a secure parameter or calls a list*() function.
  static std::string secretSourceOf(const Value& value, const std::set<std::string>& secure) {
    if (value.isObject() || value.isArray()) {
      const auto& visit = [&](const Value& v) { return secretSourceOf(v, secure); };
      if (value.isObject()) {
        for (const Member& m : value.members()) {
          if (std::string s = visit(m.value); !s.empty()) return s;
        }
      } else {
        for (const Value& item : value.items()) {
          if (std::string s = visit(item); !s.empty()) return s;
        }
      }
      return {};
    }
    if (!value.isString() || !isTemplateExpression(value.asString())) return {};
    std::string text = lowerAscii(value.asString());
    for (std::size_t at = text.find("parameters("); at != std::string::npos; at = text.find("parameters(", at + 1)) {
      std::size_t open = text.find('\'', at);
      std::size_t close = open == std::string::npos ? open : text.find('\'', open + 1);
      if (close == std::string::npos) break;
      std::string name = text.substr(open + 1, close - open - 1);
      if (secure.count(name)) return fmt::format("the secure parameter '{}'", value.asString().substr(open + 1, close - open - 1));
    }
    for (std::size_t at = text.find("list"); at != std::string::npos; at = text.find("list", at + 1)) {
      bool starts_name = at == 0 || !(std::isalnum(static_cast<unsigned char>(text[at - 1])) || text[at - 1] == '_');
      std::size_t paren = text.find('(', at);
      if (!starts_name || paren == std::string::npos) continue;
      std::string_view fn(text.data() + at, paren - at);
      if (std::all_of(fn.begin(), fn.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; })) {
        return fmt::format("{}(), which returns secrets", value.asString().substr(at, paren - at));
      }
    }
    return {};
  }

  Value parameter(const std::string& name) {
    if (auto it = parameters_.find(name); it != parameters_.end()) return it->second;
    if (!in_progress_.insert("p:" + name).second) return Value::unknown("parameter refers to itself", {});
    Value result;
    const Value* declared = nullptr;
    if (const Value* section = input_.template_root->find("parameters")) declared = findIgnoreCase(*section, name);
    auto given = std::find_if(input_.parameters.begin(), input_.parameters.end(),
                              [&](const auto& p) { return equalsIgnoreCase(p.first, name); });
    if (given != input_.parameters.end()) {
      result = given->second;
    } else if (declared && declared->find("defaultValue")) {
      result = evaluateJson(*declared->find("defaultValue"), false);
    } else if (const Value* nullable = declared ? declared->find("nullable") : nullptr;
               nullable && nullable->isBool() && nullable->asBool()) {
      result = Value::null(declared->span());  // a nullable parameter that is not given is null
    } else if (declared) {
      result = Value::unknown(fmt::format("parameter '{}' has no value", name), declared->span());
    } else {
      result = Value::unknown(fmt::format("parameter '{}' is not declared", name), {});
    }
    if (declared && result.isUnknown() && !result.candidates()) result = constrainedToAllowed(*declared, std::move(result));
    in_progress_.erase("p:" + name);
    parameters_.emplace(name, result);
    return result;
  }

  // A scalar parameter without a value but with `allowedValues` can only be one of them:
  // rules decide it when every candidate agrees (as for Bicep's @allowed).
  static Value constrainedToAllowed(const Value& declared, Value unknown) {
    const Value* allowed = declared.find("allowedValues");
    const Value* type = declared.find("type");
    if (!allowed || !allowed->isArray() || allowed->items().empty() || allowed->containsUnknown() || !type || !type->isString()) {
      return unknown;
    }
    const std::string& t = type->asString();
    if (!equalsIgnoreCase(t, "string") && !equalsIgnoreCase(t, "securestring") && !equalsIgnoreCase(t, "int") &&
        !equalsIgnoreCase(t, "bool")) {
      return unknown;
    }
    Value constrained = Value::unknownOneOf(unknown.asString(), allowed->items(), unknown.span());
    constrained.setOrigin(unknown.origin());
    return constrained;
  }

  Value variable(const std::string& name) {
    if (auto it = variables_.find(name); it != variables_.end()) return it->second;
    if (!in_progress_.insert("v:" + name).second) return Value::unknown("variable refers to itself", {});
    Value result = Value::unknown(fmt::format("variable '{}' is not declared", name), {});
    if (const Value* section = input_.template_root->find("variables")) {
      if (const Value* declared = findIgnoreCase(*section, name)) {
        result = evaluateJson(*declared, true);
      } else if (const Value* copies = section->find("copy"); copies && copies->isArray()) {
        for (const Value& c : copies->items()) {
          const Value* copy_name = c.find("name");
          if (copy_name && copy_name->isString() && equalsIgnoreCase(copy_name->asString(), name)) {
            result = expandCopy(c);
          }
        }
      }
    }
    in_progress_.erase("v:" + name);
    variables_.emplace(name, result);
    return result;
  }

 private:
  Value evaluateString(const Value& v) {
    const std::string& text = v.asString();
    if (!isTemplateExpression(text)) {
      if (text.size() >= 2 && text[0] == '[' && text[1] == '[') return Value::string(unescapeTemplateLiteral(text), v.span());
      return v;
    }
    TemplateExpressionResult parsed = parseTemplateExpression(text, v.span(), input_.limits.max_depth);
    if (!parsed.expr) {
      out_.diagnostics.push_back(Diagnostic{parsed.over_limit ? GenCode::AnalysisLimit : GenCode::ParseError, parsed.error, v.span(),
                                            input_.file->path()});
      return Value::unknown(parsed.error, v.span());
    }
    EvalLimits limits{input_.limits.max_depth, input_.limits.max_loop_expansion};
    Evaluator evaluator(*this, context_, limits);
    Value result = evaluator.evaluate(*parsed.expr);
    result.setSpan(v.span());
    return result;
  }

  // `{"name": n, "count": c, "input": {...}}` → the array of inputs.
  Value expandCopy(const Value& copy) {
    const Value* name = copy.find("name");
    const Value* input = copy.find("input");
    Value count = copy.find("count") ? evaluateJson(*copy.find("count"), false) : Value::unknown("copy without count");
    if (!input) return Value::unknown("copy without input", copy.span());
    if (!count.isInt()) return Value::unknown(count.isUnknown() ? count.asString() : "copy count is not an integer", copy.span());
    if (count.asInt() < 0 || static_cast<std::size_t>(count.asInt()) > input_.limits.max_loop_expansion) {
      return Value::unknown("copy count exceeds the expansion limit", copy.span());
    }
    Value::Array items;
    std::string loop = name && name->isString() ? name->asString() : std::string();
    for (int64_t i = 0; i < count.asInt(); ++i) {
      copy_stack_.emplace_back(loop, i);
      items.push_back(evaluateJson(*input, true));
      copy_stack_.pop_back();
    }
    return Value::array(std::move(items), copy.span());
  }

  Value evaluateJsonInner(const Value& v, bool expand_property_copy) {
    switch (v.kind()) {
      case Value::Kind::String: return evaluateString(v);
      case Value::Kind::Array: {
        Value::Array items;
        for (const Value& item : v.items()) items.push_back(evaluateJson(item, expand_property_copy));
        return Value::array(std::move(items), v.span());
      }
      case Value::Kind::Object: {
        Value::Object members;
        for (const Member& m : v.members()) {
          if (expand_property_copy && m.key == "copy" && m.value.isArray()) {
            for (const Value& c : m.value.items()) {
              const Value* name = c.find("name");
              if (!name || !name->isString()) continue;
              members.push_back(Member{name->asString(), name->span(), expandCopy(c)});
            }
            continue;
          }
          if (isTemplateExpression(m.key)) {
            // `"[parameters('identityId')]": {}`: ARM evaluates keys too.
            Value key = evaluateString(Value::string(m.key, m.key_span));
            if (!key.isString()) {
              std::string why = key.isUnknown() ? key.asString() : "the key is not a string";
              members.push_back(Member{"...", m.key_span, Value::unknown(fmt::format("a key is unknown: {}", why), m.key_span)});
              continue;
            }
            members.push_back(Member{key.asString(), m.key_span, evaluateJson(m.value, expand_property_copy)});
            continue;
          }
          members.push_back(Member{m.key, m.key_span, evaluateJson(m.value, expand_property_copy)});
        }
        return Value::object(std::move(members), v.span());
      }
      default: return v;
    }
  }

  void evaluateResource(const Value& r, const std::string* parent_type, const std::string* parent_name,
                        const std::string& symbolic) {
    const Value* copy = r.find("copy");
    if (copy && copy->isObject()) {
      const Value* name = copy->find("name");
      std::string loop = name && name->isString() ? name->asString() : std::string();
      Value count = copy->find("count") ? evaluateJson(*copy->find("count"), false) : Value::unknown("copy without count");
      if (!count.isInt()) {
        copy_stack_.emplace_back(loop, std::nullopt);
        emitResource(r, parent_type, parent_name, symbolic, std::nullopt, Tri::Unknown);
        copy_stack_.pop_back();
        return;
      }
      if (count.asInt() < 0) {
        out_.diagnostics.push_back(Diagnostic{GenCode::ParseError, fmt::format("copy count is negative ({})", count.asInt()),
                                              copy->span(), input_.file->path()});
        return;
      }
      if (static_cast<std::size_t>(count.asInt()) > input_.limits.max_loop_expansion) {
        out_.diagnostics.push_back(Diagnostic{GenCode::AnalysisLimit,
                                              fmt::format("not analysed: copy count {} is over the loop expansion limit of {}",
                                                          count.asInt(), input_.limits.max_loop_expansion),
                                              copy->span(), input_.file->path()});
        return;
      }
      for (int64_t i = 0; i < count.asInt(); ++i) {
        copy_stack_.emplace_back(loop, i);
        emitResource(r, parent_type, parent_name, symbolic, i, Tri::True);
        copy_stack_.pop_back();
      }
      return;
    }
    emitResource(r, parent_type, parent_name, symbolic, std::nullopt, Tri::True);
  }

  void emitResource(const Value& r, const std::string* parent_type, const std::string* parent_name,
                    const std::string& symbolic, std::optional<int64_t> loop_index, Tri loop_condition) {
    Resource resource;
    resource.format = Format::Arm;
    resource.declaration = r.span();
    resource.module_chain = input_.module_chain;
    resource.deployment_scope = context_.scope;
    resource.loop_index = loop_index;
    resource.condition = loop_condition;
    if (const Value* condition = r.find("condition")) {
      Tri t = truthOf(evaluateJson(*condition, false));
      if (t == Tri::False) return;  // not deployed
      if (t == Tri::Unknown) resource.condition = Tri::Unknown;
    }
    if (const Value* existing = r.find("existing"); existing && existing->isBool()) resource.existing = existing->asBool();

    // Only a deployment's (or a wrapper's) template is a template: Container Apps' `properties.template`
    // is ordinary properties whose expressions are evaluated like any other.
    const Value* raw_type = r.find("type");
    std::string declared_type = raw_type && raw_type->isString() ? raw_type->asString() : std::string();
    if (parent_type && declared_type.find('/') == std::string::npos) declared_type = *parent_type + "/" + declared_type;
    const std::string_view wrapped_key = wrappedTemplateKey(declared_type, r);
    Value body = Value::object({}, r.span());
    for (const Member& m : r.members()) {
      if (m.key == "resources" || m.key == "copy" || m.key == "condition") continue;
      if (m.key == "properties" && !wrapped_key.empty() && m.value.isObject()) {
        // A nested template is evaluated in its own scope below, not as part of this body.
        Value properties = Value::object({}, m.value.span());
        for (const Member& p : m.value.members()) {
          properties.members().push_back(Member{p.key, p.key_span, p.key == wrapped_key ? p.value : evaluateJson(p.value, true)});
        }
        body.members().push_back(Member{m.key, m.key_span, std::move(properties)});
        continue;
      }
      body.members().push_back(Member{m.key, m.key_span, evaluateJson(m.value, true)});
    }
    const Value* type = body.find("type");
    const Value* name = body.find("name");
    const Value* api = body.find("apiVersion");
    std::string type_text = type && type->isString() ? type->asString() : std::string();
    std::string name_text = name && name->isString() ? name->asString() : std::string();
    if (parent_type && !type_text.empty() && type_text.find('/') == std::string::npos) {
      type_text = *parent_type + "/" + type_text;
      if (!name_text.empty()) name_text = parent_name && !parent_name->empty() ? *parent_name + "/" + name_text : std::string();
    }
    resource.type = type_text;
    resource.name = name_text;
    if (api && api->isString()) resource.api_version = api->asString();
    resource.symbolic_name = symbolic;
    Span api_span = api ? api->span() : resource.declaration;
    resource.body = std::move(body);
    applyApiVersionDefaults(resource, api_span);

    bool nested_deployment = !wrapped_key.empty();
    const Value* properties = r.find("properties");
    const Value* nested_template = properties && nested_deployment ? properties->find(wrapped_key) : nullptr;
    if (equalsIgnoreCase(resource.type, "Microsoft.Resources/deployments") && properties && properties->find("templateLink")) {
      out_.diagnostics.push_back(Diagnostic{GenCode::ModuleNotResolved, "linked template is not followed", properties->find("templateLink")->span(),
                                            input_.file->path()});
    }
    std::string own_type = resource.type;
    std::string own_name = resource.name;
    const Value* children = r.find("resources");
    Tri condition = resource.condition;
    std::string deployment_name = resource.name;
    Span declaration = resource.declaration;
    DeploymentScope nested_scope = nested_template && nested_template->isObject()
                                       ? nestedDeploymentScope(resource.body, *nested_template)
                                       : context_.scope;
    out_.resources.push_back(std::move(resource));
    if (children) evaluateResources(*children, &own_type, &own_name);
    if (nested_deployment && nested_template && nested_template->isObject()) {
      evaluateNestedDeployment(*properties, *nested_template, deployment_name, declaration, condition, loop_index,
                               nested_scope, own_type);
    }
  }

  // A nested deployment's `subscriptionId` and `resourceGroup` move its scope, as a Bicep module's
  // `scope:` does; its template's schema says which kind of scope it is.
  DeploymentScope nestedDeploymentScope(const Value& body, const Value& nested_template) const {
    DeploymentScope scope = DeploymentScope::ofTargetScope(targetScopeOf(nested_template));
    auto nameOf = [](const Value* v) { return v && v->isString() ? v->asString() : std::string(); };
    const Value* subscription = body.find("subscriptionId");
    const Value* group = body.find("resourceGroup");
    scope.management_group = context_.scope.management_group;
    scope.subscription = subscription ? nameOf(subscription) : context_.scope.subscription;
    if (scope.kind == DeploymentScope::Kind::ResourceGroup) {
      bool inherited = !group && !subscription && context_.scope.kind == DeploymentScope::Kind::ResourceGroup;
      scope.resource_group = group ? nameOf(group) : inherited ? context_.scope.resource_group : std::string();
    }
    return scope;
  }

  void evaluateNestedDeployment(const Value& properties, const Value& nested_template, const std::string& name,
                                const Span& declaration, Tri condition, std::optional<int64_t> loop_index,
                                const DeploymentScope& nested_scope, const std::string& wrapper_type) {
    if (input_.module_chain.size() >= input_.limits.max_module_depth) {
      out_.diagnostics.push_back(Diagnostic{GenCode::AnalysisLimit,
                                            fmt::format("not analysed: nested deployments nest deeper than {} levels",
                                                        input_.limits.max_module_depth),
                                            declaration, input_.file->path()});
      return;
    }
    // Blueprint artifacts and template specs hold self-contained templates: their parameters are their own.
    bool inner = !properties.find("template") || !equalsIgnoreCase(wrapper_type, "Microsoft.Resources/deployments");
    if (const Value* options = properties.find("expressionEvaluationOptions")) {
      if (const Value* scope = options->find("scope"); scope && scope->isString()) inner = equalsIgnoreCase(scope->asString(), "inner");
    }
    ArmTemplateInput nested;
    nested.template_root = &nested_template;
    nested.file = input_.file;
    nested.limits = input_.limits;
    nested.module_chain = input_.module_chain;
    nested.module_chain.push_back(ModuleCall{name, "", declaration});
    nested.scope = nested_scope;
    if (inner) {
      if (const Value* params = properties.find("parameters"); params && params->isObject()) {
        for (const Member& m : params->members()) {
          if (m.value.isString() && isTemplateExpression(m.value.asString())) {
            // `"p": "[if(c, createObject('value', x), createObject('value', y))]"`: the whole entry is computed.
            Value entry = evaluateJson(m.value, true);
            const Value* v = entry.isObject() ? entry.find("value") : nullptr;
            nested.parameters.emplace(m.key, v ? *v
                                               : entry.isObject() && entry.find("reference")
                                                     ? Value::unknown(fmt::format("parameter '{}' comes from a Key Vault reference", m.key), m.value.span())
                                                     : Value::unknown(entry.isUnknown() ? entry.asString() : fmt::format("parameter '{}' has no value", m.key), m.value.span()));
          } else if (const Value* v = m.value.isObject() ? m.value.find("value") : nullptr) {
            nested.parameters.emplace(m.key, evaluateJson(*v, true));
          } else {
            nested.parameters.emplace(m.key, Value::unknown(fmt::format("parameter '{}' comes from a Key Vault reference", m.key), m.value.span()));
          }
        }
      }
    }
    FileModel nested_out;
    ArmScope scope(nested, nested_out, inner ? nullptr : this);
    if (const Value* resources = nested_template.find("resources")) scope.evaluateResources(*resources, nullptr, nullptr);
    for (Resource& r : nested_out.resources) {
      if (condition == Tri::Unknown && r.condition == Tri::True) r.condition = Tri::Unknown;
      if (loop_index && !r.loop_index) r.loop_index = loop_index;
      out_.resources.push_back(std::move(r));
    }
    for (Diagnostic& d : nested_out.diagnostics) out_.diagnostics.push_back(std::move(d));
  }

  const ArmTemplateInput& input_;
  FileModel& out_;
  ArmScope* outer_;
  DeploymentContext context_;
  std::map<std::string, Value, std::less<>> parameters_;
  std::map<std::string, Value, std::less<>> variables_;
  std::set<std::string> in_progress_;
  std::vector<std::pair<std::string, std::optional<int64_t>>> copy_stack_;
  std::size_t depth_ = 0;
};

}  // namespace

void evaluateArmTemplate(const ArmTemplateInput& input, FileModel& out) {
  ArmScope scope(input, out, nullptr);
  if (const Value* resources = input.template_root->find("resources")) scope.evaluateResources(*resources, nullptr, nullptr);
  if (input.deployment_resource && input.template_root->isObject()) out.resources.push_back(scope.deploymentResource());
  if (input.outputs && input.template_root->isObject()) *input.outputs = scope.outputValues();
}

ParameterValues matchParameterNames(const ParameterValues& given, const std::vector<std::string>& declared,
                                    std::string_view template_name, std::vector<Diagnostic>* diagnostics) {
  ParameterValues out;
  for (const auto& [name, value] : given) {
    auto exact = std::find(declared.begin(), declared.end(), name);
    auto match = exact != declared.end() ? exact : std::find_if(declared.begin(), declared.end(), [&given_name = name](const std::string& d) {
      return equalsIgnoreCase(d, given_name);
    });
    if (match != declared.end()) {
      out.insert_or_assign(*match, value);
    } else if (diagnostics) {
      const Span& at = value.span();
      diagnostics->push_back(Diagnostic{
          GenCode::UnknownParameter, fmt::format("parameter '{}' is not declared by {}; the value is not used", name, template_name), at,
          at.file ? at.file->path() : std::string()});
    }
  }
  return out;
}

std::vector<std::string> armDeclaredParameters(const Value& template_root) {
  std::vector<std::string> out;
  if (const Value* section = template_root.find("parameters"); section && section->isObject()) {
    for (const Member& m : section->members()) out.push_back(m.key);
  }
  return out;
}

ParameterValues armParameterFileValues(const Value& root) {
  ParameterValues values;
  const Value* parameters = root.find("parameters");
  if (!parameters || !parameters->isObject()) return values;
  for (const Member& m : parameters->members()) {
    if (const Value* v = m.value.find("value")) {
      values.emplace(m.key, *v);
    } else {
      values.emplace(m.key, Value::unknown(fmt::format("parameter '{}' comes from a Key Vault reference", m.key), m.value.span()));
    }
  }
  return values;
}

}  // namespace palisade
