// CAL010: object names and policy/tier orders Calico refuses.
#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

namespace {

// A DNS-1123 label: [a-z0-9]([-a-z0-9]*[a-z0-9])?
bool isLabel(std::string_view s) {
  if (s.empty() || s.size() > 63) return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
  }
  return s.front() != '-' && s.back() != '-';
}

std::vector<std::string_view> splitDots(std::string_view s) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  return parts;
}

bool isSubdomain(std::string_view s) {
  if (s.empty() || s.size() > 253) return false;
  for (std::string_view part : splitDots(s))
    if (!isLabel(part)) return false;
  return true;
}

// What a name of this kind must look like, or nullopt when it is fine.
std::optional<std::string> nameProblem(std::string_view kind, std::string_view name) {
  if (name.size() > 253) return fmt::format("is {} characters long; the limit is 253", name.size());
  const std::vector<std::string_view> parts = splitDots(name);
  if (kind == "Tier") {
    if (isLabel(name)) return std::nullopt;
    return std::string("must be lowercase letters, digits and '-' with no dots (at most 63 characters)");
  }
  if (kind == "GlobalNetworkPolicy" || kind == "StagedGlobalNetworkPolicy") {
    if (parts.size() <= 2 && isLabel(parts.front()) && isLabel(parts.back())) return std::nullopt;
    return std::string("must be lowercase letters, digits and '-', with at most one '.' (a tier prefix)");
  }
  if (kind == "NetworkPolicy" || kind == "StagedNetworkPolicy") {
    if (parts.size() <= 2 && isLabel(parts.front()) && isLabel(parts.back())) return std::nullopt;
    if ((name.starts_with("knp.default.") || name.starts_with("ossg.default.")) &&
        isSubdomain(name.substr(name.find(".default.") + 9))) {
      return std::nullopt;
    }
    return std::string("must be lowercase letters, digits and '-', with at most one '.' (a tier prefix)");
  }
  if (isSubdomain(name)) return std::nullopt;
  return std::string("must be lowercase letters, digits, '-' and '.' (a DNS subdomain)");
}

void checkOrder(const Resource& resource, CheckContext& context, const Value* spec) {
  if (!spec || !spec->isObject()) return;
  const Value* order = spec->find("order");
  if (!order || order->isNull() || order->isUnknown() || order->isNumber()) return;
  context.report(resource, order->span(),
                 fmt::format("order must be a number, not {} {} (a quoted number is a string to Calico)",
                             kindName(order->kind()), order->toDisplayString()),
                 "spec.order");
}

}  // namespace

void checkCalicoNameOrderInvalid(const Resource& resource, CheckContext& context) {
  const Value* name = metadataField(resource, "name");
  if (!name || name->isNull()) {
    const Value* metadata = resource.body.find("metadata");
    std::string hint;
    if (resource.body.isObject()) {
      for (const Member& m : resource.body.members()) {
        if (m.key != "metadata" && lowerAscii(m.key) == "metadata") {
          hint = fmt::format(" (the key is spelled '{}': keys are case-sensitive)", m.key);
        }
      }
    }
    context.report(resource, metadata ? metadata->span() : resource.declaration,
                   fmt::format("{} has no metadata.name; Calico needs one{}", resource.kind, hint), "metadata.name");
  } else if (name->isString()) {
    if (auto problem = nameProblem(resource.kind, name->asString())) {
      context.report(resource, name->span(), fmt::format("{} name '{}' {}", resource.kind, name->asString(), *problem),
                     "metadata.name");
    }
  }
  if (isPolicyKind(resource.kind) || resource.kind == "Tier") checkOrder(resource, context, resource.body.find("spec"));
}

}  // namespace palisade::calico
