#include <fmt/format.h>

#include <charconv>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// How Azure writes "anywhere" in an NSG rule's source.
bool isInternetSource(std::string_view prefix) {
  for (std::string_view any : {"*", "Internet", "Any", "0.0.0.0", "0.0.0.0/0", "::/0", "::"}) {
    if (equalsIgnoreCase(prefix, any)) return true;
  }
  return false;
}

// Tri over the values of `single` and `list` (sourceAddressPrefix / sourceAddressPrefixes).
Tri anyOf(const Value& properties, std::string_view single, std::string_view list,
          bool (*test)(std::string_view, const Value& params), const Value& params, const Value** culprit) {
  Tri result = Tri::False;
  auto visit = [&](const Value& v) {
    if (v.isUnknown()) {
      if (result == Tri::False) result = Tri::Unknown;
      return;
    }
    if (v.isString() && test(v.asString(), params)) {
      result = Tri::True;
      *culprit = &v;
    }
    if (v.isInt() && test(std::to_string(v.asInt()), params)) {
      result = Tri::True;
      *culprit = &v;
    }
  };
  if (const Value* v = properties.find(single)) visit(*v);
  if (const Value* v = properties.find(list)) {
    if (v->isArray()) {
      for (const Value& item : v->items()) {
        visit(item);
        if (result == Tri::True) break;
      }
    } else {
      visit(*v);
    }
  }
  return result;
}

struct PortRange {
  long low = 0;
  long high = -1;
};

std::optional<PortRange> parsePortRange(std::string_view text) {
  if (text == "*") return PortRange{0, 65535};
  auto number = [](std::string_view s, long& out) {
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc() && ptr == s.data() + s.size();
  };
  PortRange range;
  std::size_t dash = text.find('-');
  if (dash == std::string_view::npos) {
    if (!number(text, range.low)) return std::nullopt;
    range.high = range.low;
  } else if (!number(text.substr(0, dash), range.low) || !number(text.substr(dash + 1), range.high)) {
    return std::nullopt;
  }
  return range;
}

bool isAllPorts(std::string_view text, const Value&) {
  std::optional<PortRange> r = parsePortRange(text);
  return r && r->low <= 1 && r->high >= 65535;
}

// A port range that holds one of `params.ports` (any port with `params.any-port`)
// without being "every port" (AZR028's case).
bool coversWatchedPort(std::string_view text, const Value& params) {
  std::optional<PortRange> r = parsePortRange(text);
  if (!r || isAllPorts(text, params)) return false;
  const Value* any_port = params.find("any-port");
  if (any_port && any_port->isBool() && any_port->asBool()) return true;
  const Value* ports = params.find("ports");
  if (!ports || !ports->isArray()) return false;
  for (const Value& port : ports->items()) {
    if (port.isInt() && r->low <= port.asInt() && port.asInt() <= r->high) return true;
  }
  return false;
}

bool sourceTest(std::string_view text, const Value&) { return isInternetSource(text); }

Tri stringIs(const Value* v, std::initializer_list<std::string_view> accepted) {
  if (!v) return Tri::False;
  if (v->isUnknown()) return Tri::Unknown;
  if (!v->isString()) return Tri::False;
  for (std::string_view a : accepted) {
    if (equalsIgnoreCase(v->asString(), a)) return Tri::True;
  }
  return Tri::False;
}

// The rule's protocol against `params.protocols` (TCP or any when not given).
Tri protocolIs(const Value* protocol, const Value& params) {
  const Value* wanted = params.find("protocols");
  if (!wanted || !wanted->isArray()) return stringIs(protocol, {"Tcp", "*"});
  Tri result = Tri::False;
  for (const Value& p : wanted->items()) {
    if (!p.isString()) continue;
    Tri one = stringIs(protocol, {p.asString()});
    if (one == Tri::True) return Tri::True;
    if (one == Tri::Unknown) result = Tri::Unknown;
  }
  return result;
}

Tri both(Tri a, Tri b) {
  if (a == Tri::False || b == Tri::False) return Tri::False;
  return a == Tri::True && b == Tri::True ? Tri::True : Tri::Unknown;
}

void checkRule(const Resource& resource, const Value& rule, const std::string& rule_path, CheckContext& context) {
  const Value* properties = rule.find("properties");
  if (!properties || !properties->isObject()) return;
  const Value& params = context.params();
  const Value* all_ports_param = params.find("all-ports");
  bool all_ports = all_ports_param && all_ports_param->isBool() && all_ports_param->asBool();
  const Value* source = nullptr;
  const Value* ports = nullptr;
  Tri verdict = both(stringIs(properties->find("direction"), {"Inbound"}), stringIs(properties->find("access"), {"Allow"}));
  if (!all_ports) verdict = both(verdict, protocolIs(properties->find("protocol"), params));
  verdict = both(verdict, anyOf(*properties, "sourceAddressPrefix", "sourceAddressPrefixes", sourceTest, params, &source));
  verdict = both(verdict, anyOf(*properties, "destinationPortRange", "destinationPortRanges",
                                all_ports ? isAllPorts : coversWatchedPort, params, &ports));
  if (verdict == Tri::False || (verdict == Tri::Unknown && !context.strict())) return;
  const Value* name = rule.find("name");
  std::string rule_name = name && name->isString() ? name->asString() : rule_path;
  const Value* service = params.find("service");
  std::string what = all_ports ? std::string("every port")
                               : (service && service->isString() ? service->asString() : std::string("a watched port"));
  std::string message = fmt::format("NSG rule '{}' of {} allows {} from the Internet (source '{}', ports '{}')", rule_name,
                                    resource.displayName(), what, source ? source->toDisplayString() : "?",
                                    ports ? ports->toDisplayString() : "?");
  std::vector<Location> related;
  if (source && source->origin().valid()) related.push_back(locate(source->origin(), "the source comes from here"));
  context.report(resource, ports ? ports->span() : rule.span(), std::move(message), rule_path, std::move(related));
  if (verdict == Tri::Unknown) context.markReportedBecauseStrict("part of the rule cannot be known statically");
}

}  // namespace

void checkAzureNsgInboundFromInternet(const Resource& resource, CheckContext& context) {
  if (equalsIgnoreCase(resource.type, "Microsoft.Network/networkSecurityGroups/securityRules")) {
    checkRule(resource, resource.body, "securityRule", context);
    return;
  }
  const Value* rules = valueAt(resource.body, "properties.securityRules");
  if (!rules || !rules->isArray()) return;
  for (std::size_t i = 0; i < rules->items().size(); ++i) {
    const Value& rule = rules->items()[i];
    const Value* name = rule.find("name");
    std::string path = name && name->isString() ? "securityRules[" + name->asString() + "]"
                                                 : "securityRules[" + std::to_string(i) + "]";
    checkRule(resource, rule, path, context);
  }
}

}  // namespace palisade
