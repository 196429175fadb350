// Registry and template-spec modules, resolved offline as the Bicep compiler
// does after `bicep restore`: `br:registry/repository:tag`,
// `br/<alias>:path:tag` (`br/public` is mcr.microsoft.com/bicep),
// `ts:subscription/resourceGroup/name:version` and `ts/<alias>:name:version`,
// with the aliases of the nearest bicepconfig.json (`moduleAliases`). A module
// is found, in order:
// - in a folder mapped to a reference prefix (`--module-path PREFIX=DIR`,
//   `module-paths:` in .palisade.yaml): the rest of the module's path under
//   DIR, holding main.bicep or main.json (a checkout of the AVM repository
//   maps `br/public:avm/res` to its avm/res folder). The tag is not looked at:
//   a checkout is one version;
// - in the Bicep CLI's module cache: <root>/br/<registry>/<repository with '/'
//   as '$'>/<tag>$<mask of its capitals>/main.json and
//   <root>/ts/<subscription>/<group>/<name>/<version>/main.json (lower case),
//   where <root> is bicepconfig.json's `cacheRootDirectory`, else
//   $BICEP_CACHE_DIRECTORY (older CLIs), else ~/.bicep.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace palisade {

struct ModulePathMapping {
  std::string prefix;              // as written: br/public:avm/res, br:myacr.azurecr.io/bicep, ts:sub/rg
  std::filesystem::path folder;    // absolute
};

struct RegistryOptions {
  std::vector<ModulePathMapping> module_paths;
  std::filesystem::path cache_root;  // the Bicep CLI's cache; empty: from bicepconfig.json, the environment, the home folder
};

// What bicepconfig.json says about modules.
struct BicepModuleConfig {
  struct Registry {
    std::string registry;
    std::string module_path;
  };
  struct TemplateSpecs {
    std::string subscription;
    std::string resource_group;
  };
  std::map<std::string, Registry, std::less<>> registry_aliases;  // `br/public` is built in
  std::map<std::string, TemplateSpecs, std::less<>> template_spec_aliases;
  std::string cache_root_directory;
  std::filesystem::path file;  // the bicepconfig.json read; empty when none
};

// bicepconfig.json in `folder` or the nearest folder above it.
BicepModuleConfig readBicepModuleConfig(const std::filesystem::path& folder);

struct RegistryReference {
  bool template_spec = false;
  std::string registry;    // br: lower case
  std::string repository;  // br: a/b/c
  std::string subscription, resource_group, name;  // ts
  std::string version;     // the tag, or the template spec's version; may be empty in a prefix
  // Without the version: br:registry/repository or ts:subscription/group/name.
  std::string canonical() const;
};

// Parses a module reference; nullopt with `error` set when it is not one or names an unknown alias.
// `allow_partial`: a mapping prefix (no tag, a template spec without a name).
std::optional<RegistryReference> parseRegistryReference(std::string_view written, const BicepModuleConfig& config,
                                                        std::string& error, bool allow_partial = false);

// The folder name the Bicep CLI gives a tag: the tag, '$', and the hex mask of its capital letters.
std::string bicepCacheTagFolder(std::string_view tag);

// The cache root in force: `options.cache_root`, bicepconfig.json's cacheRootDirectory,
// $BICEP_CACHE_DIRECTORY, else ~/.bicep; empty when none can be told.
std::filesystem::path bicepCacheRoot(const RegistryOptions& options, const BicepModuleConfig& config);

struct RegistryResolution {
  std::filesystem::path file;  // main.bicep or main.json; empty when not found
  std::string how;             // "module path 'br/public:avm/res'", "Bicep module cache"
  std::vector<std::filesystem::path> tried;  // where it was looked for
};

RegistryResolution resolveRegistryModule(const RegistryReference& reference, const RegistryOptions& options,
                                         const BicepModuleConfig& config);

}  // namespace palisade
