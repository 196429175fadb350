#!/usr/bin/env bash
# Issue 18: registry modules are evaluated offline. A module from the Bicep
# CLI's module cache (laid out as `bicep restore` lays it out: the compiled
# main.json under br/<registry>/<repository with $>/<tag>$/), found through
# bicepconfig.json's cacheRootDirectory, through the home folder's ~/.bicep,
# and through an alias; and one that cannot be found, which stays a GEN006
# note saying how to make it resolvable. A value passed as a module argument is
# reported on the caller's argument line, with the module as the related
# location. (registry_modules_avm.sh maps the corpus' AVM sources.)
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/findings.bash"

module_dir='cache/br/mcr.microsoft.com/bicep$avm$res$storage$storage-account/0.9.0$'
mkdir -p "project" "$module_dir"
cat > "$module_dir/main.json" <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": {"_generator": {"name": "bicep", "version": "0.30.0"}},
  "parameters": {
    "name": {"type": "string"},
    "publicNetworkAccess": {"type": "string", "defaultValue": "Disabled"}
  },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-05-01",
      "name": "[parameters('name')]",
      "location": "westeurope",
      "kind": "StorageV2",
      "sku": {"name": "Standard_LRS"},
      "properties": {
        "publicNetworkAccess": "[parameters('publicNetworkAccess')]"
      }
    }
  ]
}
JSON
cat > project/main.bicep <<'BICEP'
module open 'br/public:avm/res/storage/storage-account:0.9.0' = {
  name: 'open'
  params: {
    name: 'stopen'
    publicNetworkAccess: 'Enabled'
  }
}
BICEP
printf '{ "cacheRootDirectory": "%s/cache" }\n' "$scratch" > project/bicepconfig.json

report() {  # PATH [options...] -> "RULE path:line" per finding, and each related location, in report.txt
  (cd project && "$palisade" scan "$@" --format json --fail-on none --select AZR001,GEN006) | list_findings > report.txt
}

report .
expect_grep '^AZR001 main.bicep:5 ' report.txt "a cached registry module's finding lands on the caller's argument line"
expect_grep 'related .*storage-account/0.9.0\$/main.json:' report.txt "the module in the cache is the related location"
expect_no_grep '^GEN006' report.txt "a cached module is not a GEN006 note"

# The default cache root is ~/.bicep; an alias of bicepconfig.json names the registry.
rm project/bicepconfig.json
mkdir -p home && mv cache home/.bicep
HOME="$scratch/home" report .
expect_grep '^AZR001 main.bicep:5 ' report.txt "found in ~/.bicep when no cacheRootDirectory is set"
HOME="$scratch/nowhere" report .
expect_grep '^GEN006 main.bicep:1 .*br/public:avm/res/storage/storage-account:0.9.0.*bicep restore.*--module-path' report.txt \
  "an unresolvable registry module is a GEN006 note naming it and how to resolve it"
expect_no_grep '^AZR001' report.txt "nothing is guessed about an unresolved module"
sed -i "s|'br/public:avm/res/storage/storage-account:0.9.0'|'br/corp:storage/storage-account:0.9.0'|" project/main.bicep
echo '{ "moduleAliases": { "br": { "corp": { "registry": "mcr.microsoft.com", "modulePath": "bicep/avm/res" } } } }' > project/bicepconfig.json
HOME="$scratch/home" report .
expect_grep '^AZR001 main.bicep:5 ' report.txt "a bicepconfig.json alias resolves to the same cached module"

finish
