#include "parsers/bicep/bicep_module_results.h"

#include <algorithm>
#include <cstring>

namespace palisade {

namespace {

template <typename T>
void appendBytes(std::string& out, const T& value) {
  char bytes[sizeof(T)];
  std::memcpy(bytes, &value, sizeof(T));
  out.append(bytes, sizeof(T));
}

void appendText(std::string& out, std::string_view text) {
  appendBytes(out, text.size());
  out.append(text);
}

void appendSpan(std::string& out, const Span& span) {
  appendBytes(out, span.file);
  appendBytes(out, span.begin);
  appendBytes(out, span.end);
}

void appendValue(std::string& out, const Value& v) {
  appendBytes(out, v.kind());
  appendSpan(out, v.span());
  appendSpan(out, v.origin());
  switch (v.kind()) {
    case Value::Kind::Null: break;
    case Value::Kind::Bool: appendBytes(out, v.asBool()); break;
    case Value::Kind::Int: appendBytes(out, v.asInt()); break;
    case Value::Kind::Number: appendBytes(out, v.asNumber()); break;
    case Value::Kind::String: appendText(out, v.asString()); break;
    case Value::Kind::Unknown:
      appendText(out, v.asString());
      if (const Value::Array* candidates = v.candidates()) {
        appendBytes(out, candidates->size());
        for (const Value& candidate : *candidates) appendValue(out, candidate);
      } else {
        appendBytes(out, std::size_t{0});
      }
      break;
    case Value::Kind::Array:
      appendBytes(out, v.items().size());
      for (const Value& item : v.items()) appendValue(out, item);
      break;
    case Value::Kind::Object:
      appendBytes(out, v.members().size());
      for (const Member& m : v.members()) {
        appendText(out, m.key);
        appendSpan(out, m.key_span);
        appendValue(out, m.value);
      }
      break;
  }
}

}  // namespace

std::string ModuleResults::keyOf(const std::filesystem::path& module, const std::vector<std::filesystem::path>& path_chain,
                                 const ParameterValues& parameters, const ModuleCallSite* call_site) {
  std::string key;
  appendBytes(key, call_site != nullptr);
  if (call_site) {
    appendText(key, call_site->scope.display());
    appendText(key, call_site->deployment_name);
  }
  appendText(key, module.native());
  appendBytes(key, path_chain.size());
  for (const std::filesystem::path& p : path_chain) appendText(key, p.native());
  appendBytes(key, parameters.size());
  for (const auto& [name, value] : parameters) {
    appendText(key, name);
    appendValue(key, value);
  }
  return key;
}

bool ModuleResults::find(const std::string& key, const std::vector<ModuleCall>& chain, BicepInstanceResult& result) const {
  auto it = results_.find(key);
  if (it == results_.end()) return false;
  result = it->second;
  for (Resource& r : result.resources) {
    // Each resource's chain starts with the chain of the call that stored it: equal keys mean
    // equal files above, so that chain is as long as this one.
    std::copy(chain.begin(), chain.end(), r.module_chain.begin());
  }
  return true;
}

void ModuleResults::store(std::string key, const BicepInstanceResult& result) { results_.try_emplace(std::move(key), result); }

BicepInstanceResult evaluateModuleOnce(BicepWorkspace& workspace, const BicepUnit& unit, const ParameterValues& parameters,
                                       const std::vector<ModuleCall>& chain,
                                       const std::vector<std::filesystem::path>& path_chain,
                                       const ModuleCallSite* call_site) {
  std::string key = ModuleResults::keyOf(unit.path, path_chain, parameters, call_site);
  BicepInstanceResult result;
  if (workspace.moduleResults().find(key, chain, result)) return result;
  result = evaluateBicepUnit(workspace, unit, parameters, chain, path_chain, call_site);
  // A result cut short by the time budget is not reused.
  if (!workspace.budgetSpent()) workspace.moduleResults().store(std::move(key), result);
  return result;
}

}  // namespace palisade
