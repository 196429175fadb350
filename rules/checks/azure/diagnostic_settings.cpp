#include "rules/checks/azure/diagnostic_settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <span>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "core/ascii.h"
#include "rules/checks/azure/azure_checks.h"
#include "rules/checks/azure/azure_model.h"

namespace palisade {

namespace azure {

namespace {

constexpr std::string_view kProvidersSuffix = "/providers/diagnosticSettings";

bool endsWithIgnoreCase(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && equalsIgnoreCase(text.substr(text.size() - suffix.size()), suffix);
}

// The Bicep resources of the project by symbolic name, in project order: a
// setting's `scope: vault` is looked up here, not in a pass over every
// resource per setting (thousands of settings in a large repository).
// The symbolic name a Bicep resource's `scope:` names (`vault`, `account::blobService` -> blobService),
// when it names one rather than an id.
std::optional<std::string_view> scopeSymbolOf(const Resource& resource) {
  if (resource.format != Format::Bicep) return std::nullopt;
  const Value* scope = resource.body.find("scope");
  if (!scope || !scope->isString()) return std::nullopt;
  std::string_view symbol = scope->asString();
  if (symbol.find('/') != std::string_view::npos) return std::nullopt;
  if (std::size_t colons = symbol.rfind("::"); colons != std::string_view::npos) symbol = symbol.substr(colons + 2);
  return symbol;
}

// The Bicep resources some `scope:` of their own file names, by that file and their symbolic
// name: a large repository has hundreds of `vault`s, and only these few are asked for.
class BicepResourcesBySymbol {
 public:
  explicit BicepResourcesBySymbol(const Project& project) {
    std::unordered_set<Key, KeyHash> wanted;
    for (const Resource& r : project.resources()) {
      if (std::optional<std::string_view> symbol = scopeSymbolOf(r)) wanted.insert(Key{r.declaration.file, *symbol});
    }
    if (wanted.empty()) return;
    for (const Resource& r : project.resources()) {
      if (r.format != Format::Bicep || r.symbolic_name.empty()) continue;
      Key key{r.declaration.file, r.symbolic_name};
      if (wanted.count(key)) by_symbol_[key].push_back(&r);
    }
  }
  const std::vector<const Resource*>& named(const SourceFile* file, std::string_view symbol) const {
    static const std::vector<const Resource*> none;
    auto it = by_symbol_.find(Key{file, symbol});
    return it == by_symbol_.end() ? none : it->second;
  }

 private:
  struct Key {
    const SourceFile* file;
    std::string_view symbol;  // a view of a resource's name or scope
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const {
      return std::hash<std::string_view>{}(k.symbol) * 31 + std::hash<const SourceFile*>{}(k.file);
    }
  };
  std::unordered_map<Key, std::vector<const Resource*>, KeyHash> by_symbol_;
};

bool sameModuleInstance(const Resource& a, const Resource& b) {
  if (a.module_chain.size() != b.module_chain.size()) return false;
  for (std::size_t i = 0; i < a.module_chain.size(); ++i) {
    const Span& x = a.module_chain[i].span;
    const Span& y = b.module_chain[i].span;
    if (x.file != y.file || x.begin != y.begin) return false;
  }
  return true;
}

// `Microsoft.KeyVault/vaults/kv` or `Microsoft.Storage/storageAccounts/st/blobServices/default`:
// a namespace, then type and name segments in turn.
std::optional<ResourceIdParts> parseRelativeId(std::string_view id) {
  std::vector<std::string_view> parts;
  std::size_t start = 0;
  while (start <= id.size()) {
    std::size_t slash = id.find('/', start);
    if (slash == std::string_view::npos) slash = id.size();
    parts.push_back(id.substr(start, slash - start));
    start = slash + 1;
  }
  if (parts.size() < 3 || parts.size() % 2 == 0 || parts[0].find('.') == std::string_view::npos) return std::nullopt;
  ResourceIdParts out;
  out.type = std::string(parts[0]);
  for (std::size_t i = 1; i < parts.size(); i += 2) {
    if (parts[i].empty() || parts[i + 1].empty()) return std::nullopt;
    out.type += "/" + std::string(parts[i]);
    out.name += (out.name.empty() ? "" : "/") + std::string(parts[i + 1]);
  }
  return out;
}

DiagnosticTarget fromId(const Project& project, std::string_view id) {
  DiagnosticTarget out;
  std::optional<ResourceIdParts> parts = id.starts_with("/") ? parseResourceId(id) : parseRelativeId(id);
  if (!parts) return out;
  out.known = true;
  out.type = parts->type;
  if (parts->name.find('{') == std::string::npos && parts->name.find('[') == std::string::npos) out.name = parts->name;
  if (!out.name.empty()) {
    std::vector<const Resource*> named = resourcesNamed(project, out.type, out.name);
    if (!named.empty()) out.resource = named.front();
  }
  return out;
}

}  // namespace

bool isDiagnosticSetting(const Resource& resource) {
  return equalsIgnoreCase(resource.type, "Microsoft.Insights/diagnosticSettings") ||
         endsWithIgnoreCase(resource.type, kProvidersSuffix);
}

std::vector<const Resource*> diagnosticSettings(const Project& project) {
  std::vector<const Resource*> out;
  for (const Resource& r : project.resources()) {
    if ((r.format == Format::Bicep || r.format == Format::Arm) && r.condition != Tri::False && !r.existing &&
        isDiagnosticSetting(r)) {
      out.push_back(&r);
    }
  }
  return out;
}

DiagnosticTarget diagnosticTarget(const Project& project, const Resource& setting) {
  DiagnosticTarget out;
  if (endsWithIgnoreCase(setting.type, kProvidersSuffix)) {
    // ARM's `TYPE/providers/diagnosticSettings` named `NAME/Microsoft.Insights/SETTING`; nested in
    // its resource the type is only `providers/diagnosticSettings` and the parent is not recorded.
    std::string_view type = std::string_view(setting.type).substr(0, setting.type.size() - kProvidersSuffix.size());
    if (type.find('/') == std::string_view::npos) return out;
    out.known = true;
    out.type = std::string(type);
    std::string lowered = lowerAscii(setting.name);
    std::size_t cut = lowered.find("/microsoft.insights/");
    if (cut != std::string::npos && cut > 0) out.name = setting.name.substr(0, cut);
    if (!out.name.empty()) {
      std::vector<const Resource*> named = resourcesNamed(project, out.type, out.name);
      if (!named.empty()) out.resource = named.front();
    }
    return out;
  }
  const Value* scope = setting.body.find("scope");
  if (!scope) {
    out.known = true;  // the deployment's scope: a resource group or the subscription
    return out;
  }
  if (!scope->isString()) return out;
  const std::string& text = scope->asString();
  if (std::optional<std::string_view> symbol = scopeSymbolOf(setting)) {
    // A symbolic name in the setting's own file and module instance.
    for (const Resource* r : project.derived<BicepResourcesBySymbol>().named(setting.declaration.file, *symbol)) {
      if (!sameModuleInstance(*r, setting)) continue;
      out.known = true;
      out.type = r->type;
      out.name = r->name;
      out.resource = r;
      return out;
    }
    return out;
  }
  return fromId(project, text);
}

}  // namespace azure

namespace {

// What the CIS items ask each kind of resource's diagnostic setting to keep.
struct RequiredLogs {
  std::string_view type;
  std::vector<std::string_view> categories;
  std::string_view cis;     // for the message
};

const std::vector<RequiredLogs>& requiredLogs() {
  static const std::vector<RequiredLogs> table = {
      {"Microsoft.KeyVault/vaults", {"AuditEvent"}, "5.1.4"},
      {"Microsoft.Storage/storageAccounts/blobServices", {"StorageRead", "StorageWrite", "StorageDelete"}, "3.13"},
      {"Microsoft.Storage/storageAccounts/queueServices", {"StorageRead", "StorageWrite", "StorageDelete"}, "3.5"},
      {"Microsoft.Storage/storageAccounts/tableServices", {"StorageRead", "StorageWrite", "StorageDelete"}, "3.14"},
      {"Microsoft.Web/sites", {"AppServiceHTTPLogs"}, "5.1.6"},
  };
  return table;
}

const RequiredLogs* requiredFor(std::string_view type) {
  for (const RequiredLogs& r : requiredLogs()) {
    if (equalsIgnoreCase(r.type, type)) return &r;
  }
  return nullptr;
}

// Function and Logic apps have no HTTP log category: 5.1.6 is about web apps.
bool isWebApp(const Resource* site) {
  if (!site) return false;
  const Value* kind = site->body.find("kind");
  if (!kind) return true;  // no kind: a web app
  if (!kind->isString()) return false;
  std::string k = lowerAscii(kind->asString());
  return k.find("functionapp") == std::string::npos && k.find("workflowapp") == std::string::npos;
}

bool isOnUnlessDisabled(const Value* enabled) {
  if (!enabled) return true;  // the API requires it; templates that leave it out mean on
  if (enabled->isBool()) return enabled->asBool();
  return enabled->isString() && equalsIgnoreCase(enabled->asString(), "true");
}

}  // namespace

void checkAzureDiagnosticSettingCategories(const Resource& resource, CheckContext& context) {
  azure::DiagnosticTarget target = azure::diagnosticTarget(context.project(), resource);
  if (!target.known || target.type.empty()) return;
  const RequiredLogs* required = requiredFor(target.type);
  if (!required) return;
  if (equalsIgnoreCase(required->type, "Microsoft.Web/sites") && !isWebApp(target.resource)) return;
  const Value* properties = resource.body.find("properties");
  if (!properties || !properties->isObject()) return;
  const Value* logs = properties->find("logs");
  if (logs && !logs->isArray()) return;  // not known statically
  std::vector<std::string_view> kept;
  if (logs) {
    for (const Value& entry : logs->items()) {
      if (!entry.isObject()) return;
      const Value* group = entry.find("categoryGroup");
      const Value* category = entry.find("category");
      const Value* on = entry.find("enabled");
      if ((group && !group->isString()) || (category && !category->isString()) || (on && on->isUnknown())) return;
      if (!isOnUnlessDisabled(on)) continue;
      if (group) {
        if (equalsIgnoreCase(group->asString(), "allLogs")) return;
        // `audit` holds Key Vault's AuditEvent; for the other services which categories it
        // holds is not certain, so it is not reported either.
        if (equalsIgnoreCase(group->asString(), "audit")) return;
        continue;
      }
      if (!category) continue;
      for (std::string_view want : required->categories) {
        if (equalsIgnoreCase(category->asString(), want)) kept.push_back(want);
      }
    }
  }
  std::string missing;
  for (std::string_view want : required->categories) {
    if (std::find(kept.begin(), kept.end(), want) != kept.end()) continue;
    missing += (missing.empty() ? "" : ", ") + std::string(want);
  }
  if (missing.empty()) return;
  std::string who = target.resource ? target.resource->displayName()
                                    : fmt::format("{} {}", target.type, target.name.empty() ? "?" : target.name);
  const Span& at = logs ? logs->span() : properties->span();
  context.report(resource, at,
                 fmt::format("{} sends the logs of {} without {} (CIS Azure {})", resource.displayName(), who, missing,
                             required->cis),
                 "properties.logs");
  context.addHelp(fmt::format("add the categor{} or categoryGroup 'allLogs'",
                              missing.find(',') == std::string::npos ? "y" : "ies"));
}

namespace {

// The resources whose diagnostic settings a resource needs: itself, or for a
// storage account the services its kind has.
std::vector<std::pair<std::string, std::string>> wantedTargets(const Resource& resource, bool& decided) {
  decided = true;
  std::vector<std::pair<std::string, std::string>> out;
  if (equalsIgnoreCase(resource.type, "Microsoft.Storage/storageAccounts")) {
    const Value* kind = resource.body.find("kind");
    if (!kind || !kind->isString()) {
      decided = false;
      return out;
    }
    std::string k = lowerAscii(kind->asString());
    std::vector<std::string_view> services;
    if (k == "storagev2" || k == "storage") services = {"blobServices", "queueServices", "tableServices"};
    else if (k == "blobstorage" || k == "blockblobstorage") services = {"blobServices"};
    for (std::string_view service : services) {
      out.emplace_back("Microsoft.Storage/storageAccounts/" + std::string(service), resource.name + "/default");
    }
    return out;
  }
  out.emplace_back(resource.type, resource.name);
  return out;
}

}  // namespace

void checkAzureDiagnosticSettingMissing(const Resource& resource, CheckContext& context) {
  if (resource.name.empty() || resource.existing) return;
  if (equalsIgnoreCase(resource.type, "Microsoft.Web/sites") && !isWebApp(&resource)) return;
  bool decided = true;
  std::vector<std::pair<std::string, std::string>> wanted = wantedTargets(resource, decided);
  if (!decided || wanted.empty()) return;
  bool unknown = false;
  std::vector<bool> covered(wanted.size(), false);
  const SourceFile* root = azure::deploymentRoot(resource);
  for (const Resource* setting : azure::diagnosticSettings(context.project())) {
    azure::DiagnosticTarget target = azure::diagnosticTarget(context.project(), *setting);
    bool same_deployment = azure::deploymentRoot(*setting) == root;
    if (!target.known) {
      if (same_deployment) unknown = true;
      continue;
    }
    for (std::size_t i = 0; i < wanted.size(); ++i) {
      if (!equalsIgnoreCase(target.type, wanted[i].first)) continue;
      if (target.name.empty()) {
        if (same_deployment) unknown = true;
      } else if (equalsIgnoreCase(target.name, wanted[i].second)) {
        covered[i] = true;
      }
    }
  }
  if (std::count(covered.begin(), covered.end(), false) == 0) return;
  std::vector<std::string> services;  // storage: `blob`, `queue`, `table`
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (covered[i] || !wanted[i].first.ends_with("Services")) continue;
    std::string_view service = std::string_view(wanted[i].first).substr(wanted[i].first.rfind('/') + 1);
    services.emplace_back(service.substr(0, service.size() - 8));  // `blobServices` → blob
  }
  std::string missing;
  for (std::size_t i = 0; i < services.size(); ++i) {
    missing += (i == 0 ? "" : i + 1 == services.size() ? " and " : ", ") + services[i];
  }
  if (unknown && !context.strict()) return;
  const Value* what = context.params().find("what");
  std::string message = missing.empty()
                            ? fmt::format("{} has no diagnostic setting sending its {} in the scanned files",
                                          resource.displayName(), what && what->isString() ? what->asString() : "logs")
                            : fmt::format("{} has no diagnostic setting on its {} service{} in the scanned files (read, "
                                          "write and delete requests go unlogged)",
                                          resource.displayName(), missing, services.size() == 1 ? "" : "s");
  if (unknown) message += " (reported because of --strict: a diagnostic setting's scope cannot be known statically)";
  context.report(resource, resource.declaration, std::move(message), "diagnosticSettings");
}

}  // namespace palisade
