// CAL001: selectors Calico would refuse — syntax errors, non-string
// selectors, and global() outside a rule's namespaceSelector.
#include <fmt/format.h>

#include "rules/checks/calico/calico_facts.h"
#include "rules/checks/calico/calico_checks.h"
#include "rules/checks/calico/check_support.h"

namespace palisade::calico {

namespace {

enum class Place { Policy, Entity, EntityNamespace, Other };

// A selector echoed in a message: the first 80 characters of a long one.
std::string shortened(const std::string& s) {
  constexpr std::size_t kMax = 80;
  if (s.size() <= kMax) return s;
  std::size_t cut = kMax;
  while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
  return fmt::format("{}… ({} characters)", s.substr(0, cut), s.size());
}

std::string trimmedNoBlanks(const std::string& s) {
  std::string out;
  for (char c : s)
    if (c != ' ' && c != '\t') out.push_back(c);
  return out;
}

void checkOne(const Resource& resource, CheckContext& context, const Value* value, const std::string& path,
              Place place) {
  if (!value || value->isNull() || value->isUnknown()) return;
  if (!value->isString()) {
    context.report(resource, value->span(),
                   fmt::format("{} must be a selector string such as `app == 'web'`, not {} (Kubernetes "
                               "matchLabels syntax is not Calico's)",
                               path, kindName(value->kind())),
                   path);
    return;
  }
  const ParsedSelector& parsed = *factsOf(context).selector(value).parsed;
  // Nesting past the parser's limit is not an invalid selector: the reader reports it as GEN015.
  if (parsed.error && parsed.error->limit) return;
  if (parsed.error) {
    context.report(resource, spanWithin(*value, parsed.error->offset, 1),
                   fmt::format("selector `{}` does not parse: {} (at character {})", shortened(value->asString()),
                               parsed.error->message, parsed.error->offset + 1),
                   path);
    return;
  }
  if (!containsGlobal(*parsed.root)) return;
  if (place != Place::EntityNamespace) {
    context.report(resource, value->span(),
                   fmt::format("global() can only be used in a rule's namespaceSelector, not in {}", path), path);
  } else if (trimmedNoBlanks(value->asString()) != "global()") {
    context.report(resource, value->span(),
                   fmt::format("global() cannot be combined with other selector terms (`{}`)", value->asString()),
                   path);
  }
}

void checkEntity(const Resource& resource, CheckContext& context, const EntityRuleView& e, const std::string& path) {
  checkOne(resource, context, e.selector, path + ".selector", Place::Entity);
  checkOne(resource, context, e.not_selector, path + ".notSelector", Place::Entity);
  checkOne(resource, context, e.namespace_selector, path + ".namespaceSelector", Place::EntityNamespace);
  if (e.service_accounts && e.service_accounts->isObject()) {
    checkOne(resource, context, e.service_accounts->find("selector"), path + ".serviceAccounts.selector",
             Place::Other);
  }
}

}  // namespace

void checkCalicoSelectorInvalid(const Resource& resource, CheckContext& context) {
  if (const PolicyView* policy = factsOf(context).policyOf(resource)) {
    if (!policy->spec) return;
    checkOne(resource, context, policy->selector, "spec.selector", Place::Policy);
    checkOne(resource, context, policy->namespace_selector, "spec.namespaceSelector", Place::Policy);
    checkOne(resource, context, policy->service_account_selector, "spec.serviceAccountSelector", Place::Policy);
    forEachRule(*policy, [&](const RuleView& rule) {
      forEachEntity(rule, [&](const EntityRuleView& e, const std::string& path) { checkEntity(resource, context, e, path); });
    });
    return;
  }
  const Value* spec = resource.body.find("spec");
  if (!spec || !spec->isObject()) return;
  for (std::string_view key : {"nodeSelector", "peerSelector", "selector"}) {
    checkOne(resource, context, spec->find(key), "spec." + std::string(key), Place::Other);
  }
}

}  // namespace palisade::calico
