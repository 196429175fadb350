// The deployment a Bicep file is, as ARM records it.
#include "parsers/bicep/bicep_instance.h"

namespace palisade::bicep {

// The file's deployment as ARM records it: `properties.parameters.<p>.value` for the
// values it is given (by a module call, a parameter file), `properties.template.parameters`
// for its @secure() parameters (type and default) and `properties.template.outputs` (type,
// value and, when it returns a secret, `secretSource`). Kept to what rules read: a module
// called a thousand times is a thousand of these (listing every parameter's type cost
// 7% more memory on the corpus).
Resource Instance::deploymentResource(const Value& output_values) {
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

}  // namespace palisade::bicep
