#include "parsers/bicep/bicep_registry.h"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "core/ascii.h"
#include "core/project.h"
#include "core/read_file.h"
#include "core/source_file.h"
#include "parsers/json/located_json.h"

namespace palisade {

namespace {

std::string stringAt(const Value& object, std::string_view key) {
  const Value* v = object.isObject() ? object.find(key) : nullptr;
  return v && v->isString() ? v->asString() : std::string();
}

// `a/b:tag` → ("a/b", "tag"); a ':' before the last '/' (a registry's port) is not a tag.
std::pair<std::string, std::string> splitVersion(std::string_view text) {
  std::size_t slash = text.rfind('/');
  std::size_t colon = text.rfind(':');
  if (colon == std::string_view::npos || (slash != std::string_view::npos && colon < slash)) return {std::string(text), ""};
  return {std::string(text.substr(0, colon)), std::string(text.substr(colon + 1))};
}

std::string trimSlashes(std::string text) {
  while (!text.empty() && text.front() == '/') text.erase(0, 1);
  while (!text.empty() && text.back() == '/') text.pop_back();
  return text;
}

}  // namespace

BicepModuleConfig readBicepModuleConfig(const std::filesystem::path& folder) {
  BicepModuleConfig config;
  std::error_code ec;
  for (std::filesystem::path dir = folder; !dir.empty(); dir = dir.parent_path()) {
    std::filesystem::path candidate = dir / "bicepconfig.json";
    bool found = std::filesystem::is_regular_file(candidate, ec);
    noteFileProbe(candidate, found);  // a bicepconfig.json added later changes what modules resolve to
    if (found) {
      auto bytes = readFileBytes(candidate, std::uintmax_t(16) << 20);
      SourceFile file(candidate.string(), std::holds_alternative<std::string>(bytes) ? std::get<std::string>(std::move(bytes)) : std::string());
      LocatedJsonResult parsed = parseLocatedJson(file);
      config.file = candidate;
      if (!parsed.ok || !parsed.value.isObject()) break;
      config.cache_root_directory = stringAt(parsed.value, "cacheRootDirectory");
      if (const Value* aliases = parsed.value.find("moduleAliases"); aliases && aliases->isObject()) {
        if (const Value* br = aliases->find("br"); br && br->isObject()) {
          for (const Member& m : br->members()) {
            config.registry_aliases[m.key] = {lowerAscii(stringAt(m.value, "registry")), trimSlashes(stringAt(m.value, "modulePath"))};
          }
        }
        if (const Value* ts = aliases->find("ts"); ts && ts->isObject()) {
          for (const Member& m : ts->members()) {
            config.template_spec_aliases[m.key] = {stringAt(m.value, "subscription"), stringAt(m.value, "resourceGroup")};
          }
        }
      }
      break;
    }
    if (dir == dir.parent_path()) break;
  }
  // The public registry's alias is built in (a bicepconfig.json may redefine it).
  config.registry_aliases.try_emplace("public", BicepModuleConfig::Registry{"mcr.microsoft.com", "bicep"});
  return config;
}

std::string RegistryReference::canonical() const {
  if (template_spec) {
    std::string out = "ts:" + lowerAscii(subscription) + "/" + lowerAscii(resource_group);
    if (!name.empty()) out += "/" + lowerAscii(name);
    return out;
  }
  return "br:" + registry + (repository.empty() ? "" : "/" + repository);
}

std::optional<RegistryReference> parseRegistryReference(std::string_view written, const BicepModuleConfig& config,
                                                        std::string& error, bool allow_partial) {
  RegistryReference ref;
  auto failed = [&](std::string why) -> std::optional<RegistryReference> {
    error = std::move(why);
    return std::nullopt;
  };
  bool br = written.starts_with("br:") || written.starts_with("br/");
  bool ts = written.starts_with("ts:") || written.starts_with("ts/");
  if (!br && !ts) return failed("not a registry or template spec reference");
  ref.template_spec = ts;
  std::string_view rest = written.substr(3);
  if (written[2] == '/') {
    // br/<alias>:<path>[:<tag>], ts/<alias>:<name>[:<version>]
    std::size_t colon = rest.find(':');
    std::string alias(rest.substr(0, colon));
    std::string_view tail = colon == std::string_view::npos ? std::string_view() : rest.substr(colon + 1);
    auto [path, version] = splitVersion(tail);
    ref.version = version;
    if (br) {
      auto it = config.registry_aliases.find(alias);
      if (it == config.registry_aliases.end()) {
        return failed(fmt::format("the module alias 'br/{}' is not defined{}", alias,
                                  config.file.empty() ? " (no bicepconfig.json)" : " in " + config.file.filename().string()));
      }
      ref.registry = it->second.registry;
      ref.repository = trimSlashes(it->second.module_path.empty() ? path : it->second.module_path + "/" + path);
    } else {
      auto it = config.template_spec_aliases.find(alias);
      if (it == config.template_spec_aliases.end()) {
        return failed(fmt::format("the template spec alias 'ts/{}' is not defined{}", alias,
                                  config.file.empty() ? " (no bicepconfig.json)" : " in " + config.file.filename().string()));
      }
      ref.subscription = it->second.subscription;
      ref.resource_group = it->second.resource_group;
      ref.name = path;
    }
  } else if (br) {
    // br:<registry>/<repository>:<tag> (or @<digest>)
    std::string text(rest);
    if (std::size_t at = text.find('@'); at != std::string::npos) {
      ref.version = text.substr(at);
      text.erase(at);
    } else {
      auto [path, version] = splitVersion(text);
      text = path;
      ref.version = version;
    }
    std::size_t slash = text.find('/');
    ref.registry = lowerAscii(text.substr(0, slash));
    ref.repository = slash == std::string::npos ? std::string() : trimSlashes(text.substr(slash + 1));
  } else {
    // ts:<subscription>/<group>/<name>:<version>
    auto [path, version] = splitVersion(rest);
    ref.version = version;
    std::vector<std::string> parts;
    for (std::size_t pos = 0; pos <= path.size();) {
      std::size_t next = std::min(path.find('/', pos), path.size());
      parts.push_back(path.substr(pos, next - pos));
      pos = next + 1;
    }
    if (parts.size() < 2 || parts.size() > 3) return failed(fmt::format("'{}' is not ts:<subscription>/<resource group>/<name>:<version>", written));
    ref.subscription = parts[0];
    ref.resource_group = parts[1];
    if (parts.size() == 3) ref.name = parts[2];
  }
  bool incomplete = ref.template_spec ? ref.name.empty() : ref.repository.empty();
  if (!allow_partial && (incomplete || ref.version.empty())) {
    return failed(fmt::format("'{}' names no {}", written, incomplete ? "module" : "version"));
  }
  if (ref.template_spec ? ref.subscription.empty() : ref.registry.empty()) return failed(fmt::format("'{}' names no registry", written));
  return ref;
}

std::string bicepCacheTagFolder(std::string_view tag) {
  // A 128-bit mask (tags are at most 128 characters), bit i set for a capital at i,
  // printed from the high word down without leading zeros.
  uint64_t mask[2] = {0, 0};
  for (std::size_t i = 0; i < tag.size() && i < 128; ++i) {
    if (std::isupper(static_cast<unsigned char>(tag[i]))) mask[i / 64] |= uint64_t{1} << (i % 64);
  }
  std::string out = std::string(tag) + "$";
  if (mask[1] != 0) {
    out += fmt::format("{:x}{:016x}", mask[1], mask[0]);
  } else if (mask[0] != 0) {
    out += fmt::format("{:x}", mask[0]);
  }
  return out;
}

std::filesystem::path bicepCacheRoot(const RegistryOptions& options, const BicepModuleConfig& config) {
  if (!options.cache_root.empty()) return options.cache_root;
  if (!config.cache_root_directory.empty()) {
    std::filesystem::path configured = config.cache_root_directory;
    return configured.is_absolute() ? configured : config.file.parent_path() / configured;
  }
  if (const char* env = std::getenv("BICEP_CACHE_DIRECTORY"); env && *env) return env;
  if (const char* home = std::getenv("HOME"); home && *home) return std::filesystem::path(home) / ".bicep";
  return {};
}

RegistryResolution resolveRegistryModule(const RegistryReference& reference, const RegistryOptions& options,
                                         const BicepModuleConfig& config) {
  RegistryResolution out;
  std::error_code ec;
  std::string canonical = reference.canonical();
  // The longest mapped prefix that covers the reference, on a path-segment boundary.
  const ModulePathMapping* best = nullptr;
  std::size_t best_length = 0;
  for (const ModulePathMapping& mapping : options.module_paths) {
    std::string error;
    std::optional<RegistryReference> prefix = parseRegistryReference(mapping.prefix, config, error, /*allow_partial=*/true);
    if (!prefix) continue;
    std::string p = prefix->canonical();
    bool covers = canonical.starts_with(p) && (canonical.size() == p.size() || canonical[p.size()] == '/');
    if (covers && p.size() >= best_length) {
      best = &mapping;
      best_length = p.size();
    }
  }
  if (best) {
    std::filesystem::path folder = best->folder;
    if (best_length < canonical.size()) folder /= canonical.substr(best_length + 1);
    for (const char* main : {"main.bicep", "main.json"}) {
      out.tried.push_back(folder / main);
      bool found = std::filesystem::is_regular_file(folder / main, ec);
      noteFileProbe(folder / main, found);
      if (found) {
        out.file = std::filesystem::weakly_canonical(folder / main, ec);
        out.how = fmt::format("module path '{}'", best->prefix);
        return out;
      }
    }
  }
  std::filesystem::path root = bicepCacheRoot(options, config);
  if (root.empty() || reference.version.empty()) return out;
  std::filesystem::path folder;
  if (reference.template_spec) {
    folder = root / "ts" / lowerAscii(reference.subscription) / lowerAscii(reference.resource_group) / lowerAscii(reference.name) / lowerAscii(reference.version);
  } else {
    std::string registry = reference.registry;
    std::replace(registry.begin(), registry.end(), ':', '$');
    std::string repository = reference.repository;
    std::replace(repository.begin(), repository.end(), '/', '$');
    std::string version = reference.version;
    if (version.starts_with("@")) {
      version.erase(0, 1);
      std::replace(version.begin(), version.end(), ':', '#');
    } else {
      version = bicepCacheTagFolder(version);
    }
    folder = root / "br" / registry / repository / version;
  }
  out.tried.push_back(folder / "main.json");
  bool found = std::filesystem::is_regular_file(folder / "main.json", ec);
  noteFileProbe(folder / "main.json", found);
  if (found) {
    out.file = std::filesystem::weakly_canonical(folder / "main.json", ec);
    out.how = "the Bicep module cache";
  }
  return out;
}

}  // namespace palisade
