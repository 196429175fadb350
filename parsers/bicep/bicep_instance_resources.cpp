// Resource instances: parents, resource ids, and the loops that make many.
#include "parsers/bicep/bicep_instance.h"

namespace palisade::bicep {

// The `parent:` of a resource: its instance, when it can be told.
const ResourceInstance* Instance::parentInstance(const Expr& parent_expr) {
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

Value Instance::resourceIdOf(const std::string& type, const std::string& name, const DeploymentScope& scope, const Span& span) {
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

ResourceInstance Instance::makeInstance(const BicepDeclaration& d, const ResourceInstance* outer, Tri deployed,
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

// Instances of a resource declaration and, nested in each, its child declarations.
void Instance::expandResource(const BicepDeclaration& d, const ResourceInstance* outer, DeclarationInstances& into,
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

const DeclarationInstances& Instance::resourceInstances(const BicepDeclaration& d) {
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

}  // namespace palisade::bicep
