#include <fmt/format.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// The last segment of a sub-resource id (`…/frontendIPConfigurations/public` → `public`);
// nullopt when the id is not known statically.
std::optional<std::string> referencedName(const Value* reference) {
  const Value* id = reference ? reference->find("id") : nullptr;
  if (!id || !id->isString()) return std::nullopt;
  std::string_view text = id->asString();
  std::size_t slash = text.rfind('/');
  return std::string(slash == std::string_view::npos ? text : text.substr(slash + 1));
}

std::string nameOf(const Value& element) {
  const Value* name = element.find("name");
  return name && name->isString() ? name->asString() : std::string();
}

const Value* elementNamed(const Value* list, std::string_view name) {
  if (!list || !list->isArray()) return nullptr;
  for (const Value& element : list->items()) {
    if (equalsIgnoreCase(nameOf(element), name)) return &element;
  }
  return nullptr;
}

bool isPublicFrontend(const Value& frontend) {
  const Value* ip = valueAt(frontend, "properties.publicIPAddress");
  return ip && !ip->isNull();
}

// Whether the listener's frontend has a public IP: True/False, Unknown when
// its reference cannot be resolved and the gateway has public and private frontends.
Tri onPublicFrontend(const Value& listener, const Value* frontends, const Value*& frontend) {
  frontend = nullptr;
  if (!frontends || !frontends->isArray()) return Tri::Unknown;
  if (auto name = referencedName(valueAt(listener, "properties.frontendIPConfiguration"))) {
    frontend = elementNamed(frontends, *name);
    if (frontend) return isPublicFrontend(*frontend) ? Tri::True : Tri::False;
  }
  bool any_public = false;
  bool any_private = false;
  for (const Value& candidate : frontends->items()) {
    if (candidate.isUnknown()) return Tri::Unknown;
    (isPublicFrontend(candidate) ? any_public : any_private) = true;
    if (isPublicFrontend(candidate) && !frontend) frontend = &candidate;
  }
  if (any_public && !any_private) return Tri::True;
  if (any_private && !any_public) return Tri::False;
  return Tri::Unknown;
}

// What the gateway does with requests to the listener: True when some
// routing rule sends them to a backend (not a redirect), False when every rule
// redirects them (to HTTPS, as the usual port-80 listener does) or none uses
// the listener, Unknown when a rule's listener cannot be known.
Tri servesTraffic(const Value* rules, std::string_view listener, const Value*& serving_rule) {
  serving_rule = nullptr;
  if (!rules || !rules->isArray()) return rules && rules->isUnknown() ? Tri::Unknown : Tri::False;
  Tri answer = Tri::False;
  for (const Value& rule : rules->items()) {
    if (rule.isUnknown()) return Tri::Unknown;
    auto name = referencedName(valueAt(rule, "properties.httpListener"));
    if (!name) {
      answer = Tri::Unknown;
      continue;
    }
    if (!equalsIgnoreCase(*name, listener)) continue;
    const Value* redirect = valueAt(rule, "properties.redirectConfiguration");
    if (redirect && !redirect->isNull()) continue;
    serving_rule = &rule;
    return Tri::True;
  }
  return answer;
}

}  // namespace

void checkAzureApplicationGatewayHttpListener(const Resource& resource, CheckContext& context) {
  const Value* listeners = valueAt(resource.body, "properties.httpListeners");
  if (!listeners || !listeners->isArray()) return;
  const Value* frontends = valueAt(resource.body, "properties.frontendIPConfigurations");
  const Value* rules = valueAt(resource.body, "properties.requestRoutingRules");
  for (const Value& listener : listeners->items()) {
    const Value* protocol = valueAt(listener, "properties.protocol");
    if (!protocol || !protocol->isString() || !equalsIgnoreCase(protocol->asString(), "Http")) continue;
    std::string name = nameOf(listener);
    const Value* frontend = nullptr;
    Tri is_public = onPublicFrontend(listener, frontends, frontend);
    const Value* serving_rule = nullptr;
    Tri serves = name.empty() ? Tri::Unknown : servesTraffic(rules, name, serving_rule);
    if (is_public == Tri::False || serves == Tri::False) continue;
    bool unknown = is_public == Tri::Unknown || serves == Tri::Unknown;
    if (unknown && !context.strict()) continue;
    std::vector<Location> related;
    if (frontend) related.push_back(locate(frontend->span(), fmt::format("public frontend '{}'", nameOf(*frontend))));
    if (serving_rule) {
      related.push_back(locate(serving_rule->span(), fmt::format("routing rule '{}' sends its requests to a backend, not "
                                                                 "to an HTTPS redirect",
                                                                 nameOf(*serving_rule))));
    }
    std::string message = fmt::format(
        "listener '{}' of {} serves plain HTTP on a public frontend: requests, cookies and tokens cross the Internet "
        "unencrypted",
        name.empty() ? "?" : name, resource.displayName());
    context.report(resource, protocol->span(), std::move(message), "properties.httpListeners[" + name + "].properties.protocol",
                   std::move(related));
    context.addHelp("listen with Https (and a certificate) and make the HTTP listener only redirect to it");
    if (unknown) context.markReportedBecauseStrict("its frontend or routing rule cannot be known statically");
  }
}

}  // namespace palisade
