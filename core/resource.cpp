#include "core/resource.h"

#include <fmt/format.h>

#include "core/message_words.h"

namespace palisade {

std::string_view formatName(Format format) {
  switch (format) {
    case Format::Kubernetes: return "kubernetes";
    case Format::Calico: return "calico";
    case Format::Bicep: return "bicep";
    case Format::Arm: return "arm";
  }
  return "?";
}

std::string Resource::identity() const {
  if (!source_identity.empty()) return source_identity;
  std::string who = !name.empty() ? name : symbolic_name;
  std::string id = type + "|" + namespace_name + "|" + who;
  if (loop_index) id += fmt::format("|{}", *loop_index);
  for (const ModuleCall& call : module_chain) id += "|" + call.name;
  return id;
}

std::string Resource::displayName() const {
  std::string who = !name.empty() ? name : !symbolic_name.empty() ? symbolic_name : unknownName();
  std::string label = kind.empty() ? type : kind;
  if (!namespace_name.empty()) return fmt::format("{} {} (namespace {})", label, who, namespace_name);
  return fmt::format("{} {}", label, who);
}

std::string Resource::unknownName() const {
  // An ARM name built from a parameter without a value: say which.
  const Value* written = format == Format::Bicep || format == Format::Arm ? body.find("name") : nullptr;
  if (written && written->isUnknown()) {
    const std::string& reason = written->asString();
    return reason.empty() ? std::string("with an unknown name") : fmt::format("with an unknown name ({})", reason);
  }
  return fmt::format("({})", kUnnamed);
}

std::string Resource::quotedName() const {
  if (!name.empty()) return fmt::format("'{}'", name);
  if (!symbolic_name.empty()) return fmt::format("'{}'", symbolic_name);
  return unknownName();
}

const Value* Resource::podSpec() const {
  if (pod_spec_path.empty()) return nullptr;
  const Value* node = &body;
  for (const std::string& key : pod_spec_path) {
    node = node->find(key);
    if (!node) return nullptr;
  }
  return node->isObject() ? node : nullptr;
}

}  // namespace palisade
