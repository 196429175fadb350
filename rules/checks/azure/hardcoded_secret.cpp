#include <fmt/format.h>

#include <re2/re2.h>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace {

// Property names that say they hold a secret: passwords, secrets, keys,
// connection strings, SAS tokens, ACI's secureValue.
const RE2& secretName() {
  static const RE2 re(R"((?i)^(.*(password|passwd|secret|connectionstring|sastoken)|securevalue|.+key)$)");
  return re;
}

// Names ending in "key" that hold no secret (an SSH *public* key, a partition
// key path, Application Insights' instrumentation key, a key's name or kind).
const RE2& notSecretName() {
  static const RE2 re(
      R"((?i)^(.*publickey|.*partitionkey|.*instrumentationkey|.*idempotencykey|.*sortkey|.*rowkey|.*shardkey|.*routingkey|.*hashkey|.*lookupkey|.*headerkey|.*secretname|.*secreturi|.*secreturl|.*secretid|.*passwordpolicy|.*passwordprofile|.*passwordauth.*|.*passwordreset.*|disablepassword.*|.*secretprovider.*|allow.*|.*enabled|.*required|.*length|.*expiry|.*expiration|.*type|.*mode|.*version|.*name)$)");
  return re;
}

// Compared without separators, so `DB_CONNECTION_STRING` and `sas-token` count.
bool isSecretName(std::string_view name) {
  std::string squashed;
  for (char c : name) {
    if (c != '_' && c != '-' && c != '.') squashed.push_back(c);
  }
  return RE2::FullMatch(squashed, secretName()) && !RE2::FullMatch(squashed, notSecretName());
}

// A value that came from somewhere else (a parameter's value or default) is
// reported where it is written, by the deployment or rule that sees it there.
bool broughtIn(const Value& v) {
  const Span& origin = v.origin();
  return origin.valid() && (origin.file != v.span().file || origin.begin != v.span().begin);
}

// A value written into the source as it is: a known, non-empty string that
// is not a Key Vault reference (`@Microsoft.KeyVault(...)`), a placeholder a
// pipeline replaces (`${X}`, `#{X}#`, `__X__`, `<X>`, `{{ X }}`) or an ARM
// expression left unevaluated. References (getSecret(), parameters without a
// value, listKeys()) are Unknown and never literals.
bool isLiteralSecret(const Value& v) {
  if (!v.isString()) return false;
  std::string_view s = v.asString();
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s.empty()) return false;
  static const RE2 reference(
      R"((?i)^(@microsoft\.keyvault\(.*\)|privatesettingsref:.*|\$\{.*\}|\$\(.*\)|#\{.*\}#?|__.+__|<.+>|\{\{.*\}\}|\[.*\]|true|false|yes|no|on|off|enabled|disabled|null|none|[0-9]+|/subscriptions/.*)$)");
  return !RE2::FullMatch(s, reference);
}

// `FUNCTION_KEY: 'FUNCTION-KEY'`: a value that only repeats its name is a placeholder.
bool namedAfterItself(const Value& v, std::string_view name) {
  auto squash = [](std::string_view text) {
    std::string out;
    for (char c : text) {
      if (c != '_' && c != '-' && c != '.' && c != ' ') out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
    }
    return out;
  };
  return v.isString() && squash(v.asString()) == squash(name);
}

bool sameFile(const Span& a, const Span& b) { return a.file && a.file == b.file; }

// Whether `v` is written inside `within` (not brought in from a parameter default, a module argument or a file).
bool writtenInside(const Value& v, const Value& within) {
  const Span& at = v.span();
  const Span& body = within.span();
  return at.valid() && sameFile(at, body) && at.begin >= body.begin && at.end <= body.end;
}

void reportLiteral(const Resource& resource, const Value& value, const std::string& path, const std::string& what,
                   CheckContext& context) {
  std::vector<Location> related;
  context.report(resource, value.span(),
                 fmt::format("{} is given a hard-coded secret ({})", what, path), path, std::move(related));
  context.addHelp("pass it at deployment from Key Vault (getSecret(), a Key Vault reference in the parameters file) or "
                  "a @secure() parameter without a default");
}

// Secret-named properties (and name/value pairs whose name is secret-like) holding literals.
void walkBody(const Resource& resource, const Value& node, const std::string& path, CheckContext& context) {
  if (node.isArray()) {
    const auto& items = node.items();
    for (std::size_t i = 0; i < items.size(); ++i) walkBody(resource, items[i], fmt::format("{}[{}]", path, i), context);
    return;
  }
  if (!node.isObject()) return;
  // `{ name: 'DB_PASSWORD', value: '...' }`: app settings, container environment variables.
  const Value* pair_name = node.find("name");
  const Value* pair_value = node.find("value");
  if (pair_name && pair_name->isString() && pair_value && isSecretName(pair_name->asString()) &&
      isLiteralSecret(*pair_value) && !namedAfterItself(*pair_value, pair_name->asString()) &&
      writtenInside(*pair_value, resource.body) && !broughtIn(*pair_value)) {
    reportLiteral(resource, *pair_value, path + ".value", fmt::format("setting '{}' of {}", pair_name->asString(), resource.displayName()),
                  context);
  }
  for (const Member& m : node.members()) {
    std::string child = path.empty() ? m.key : path + "." + m.key;
    if (isSecretName(m.key) && isLiteralSecret(m.value) && !namedAfterItself(m.value, m.key) &&
        writtenInside(m.value, resource.body) && !broughtIn(m.value)) {
      reportLiteral(resource, m.value, child, fmt::format("'{}' of {}", m.key, resource.displayName()), context);
      continue;
    }
    walkBody(resource, m.value, child, context);
  }
}

const Value* memberIgnoringCase(const Value* object, std::string_view key) {
  if (!object || !object->isObject()) return nullptr;
  if (const Value* exact = object->find(key)) return exact;
  for (const Member& m : object->members()) {
    if (equalsIgnoreCase(m.key, key)) return &m.value;
  }
  return nullptr;
}

// The strings of a @secure() object argument that hold secrets: under a
// secret-named key, or the value of a secret-named `{ name, value }` pair (a
// secure object of app settings holds log levels and feature flags too).
void reportSecureObject(const Resource& deployment, const Value& value, const std::string& path, const std::string& parameter,
                        CheckContext& context) {
  if (value.isArray()) {
    for (std::size_t i = 0; i < value.items().size(); ++i) {
      reportSecureObject(deployment, value.items()[i], fmt::format("{}[{}]", path, i), parameter, context);
    }
    return;
  }
  if (!value.isObject()) return;
  const Value* pair_name = value.find("name");
  const Value* pair_value = value.find("value");
  if (pair_name && pair_name->isString() && pair_value && isSecretName(pair_name->asString()) &&
      isLiteralSecret(*pair_value) && !namedAfterItself(*pair_value, pair_name->asString()) && !broughtIn(*pair_value)) {
    reportLiteral(deployment, *pair_value, path + ".value", fmt::format("@secure() parameter '{}'", parameter), context);
  }
  for (const Member& m : value.members()) {
    if (isSecretName(m.key) && isLiteralSecret(m.value) && !namedAfterItself(m.value, m.key) && !broughtIn(m.value)) {
      reportLiteral(deployment, m.value, path + "." + m.key, fmt::format("@secure() parameter '{}'", parameter), context);
    } else {
      reportSecureObject(deployment, m.value, path + "." + m.key, parameter, context);
    }
  }
}

// A @secure() string whose name says it holds a user name, a name, an id or an address holds no secret.
bool namesAUser(std::string_view name) {
  static const RE2 re(R"((?i).*(username|user|login|account|name|id|uri|url)$)");
  return RE2::FullMatch(name, re);
}

// The values a deployment is given (a .bicepparam file, an ARM parameters
// file, a module call's arguments) for its @secure() parameters.
void checkSecureArguments(const Resource& deployment, CheckContext& context) {
  const Value* declared = valueAt(deployment.body, "properties.template.parameters");
  const Value* given = valueAt(deployment.body, "properties.parameters");
  if (!declared || !declared->isObject() || !given || !given->isObject()) return;
  for (const Member& p : declared->members()) {
    const Value* type = p.value.find("type");
    if (!type || !type->isString()) continue;
    bool secure_string = equalsIgnoreCase(type->asString(), "securestring");
    if (!secure_string && !equalsIgnoreCase(type->asString(), "secureObject")) continue;
    const Value* argument = memberIgnoringCase(given, p.key);
    const Value* value = argument ? argument->find("value") : nullptr;  // a Key Vault `reference` has no value
    if (!value) continue;
    std::string path = "properties.parameters." + p.key + ".value";
    if (!secure_string) {
      reportSecureObject(deployment, *value, path, p.key, context);
    } else if (isLiteralSecret(*value) && !broughtIn(*value) && !namesAUser(p.key)) {
      reportLiteral(deployment, *value, path, fmt::format("@secure() parameter '{}'", p.key), context);
    }
  }
}

}  // namespace

void checkAzureHardcodedSecret(const Resource& resource, CheckContext& context) {
  if (equalsIgnoreCase(resource.type, "Microsoft.Resources/deployments")) {
    checkSecureArguments(resource, context);
    return;  // its template's own declarations are AZR036's and AZR037's
  }
  walkBody(resource, resource.body, "", context);
}

}  // namespace palisade
