#!/usr/bin/env bash
# Issue 18: `palisade audit` reads each repository's registry modules where
# `palisade scan` in it would: from --module-path (for every repository) and
# from the `module-paths:` of the repository's own .palisade.yaml. Two
# repositories call the same registry module, which exists only as a mapped
# folder (no Bicep module cache): the public-access value each passes it is a
# finding only when the mapping reaches the scan.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" && scratch=$(pwd -P) || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/findings.bash"
export HOME="$scratch/home"  # no ~/.bicep
unset BICEP_CACHE_DIRECTORY

# The module's source, outside both repositories.
mkdir -p modules/storage/account
cat > modules/storage/account/main.bicep <<'BICEP'
param name string
param publicNetworkAccess string = 'Disabled'

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: 'westeurope'
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    publicNetworkAccess: publicNetworkAccess
  }
}
BICEP
for repo in flagged configured; do
  mkdir -p "repos/$repo"
  cat > "repos/$repo/main.bicep" <<'BICEP'
module open 'br:contoso.azurecr.io/bicep/storage/account:1.0.0' = {
  name: 'open'
  params: {
    name: 'stopen'
    publicNetworkAccess: 'Enabled'
  }
}
BICEP
done
# The second repository maps the prefix itself, relative to its .palisade.yaml.
printf 'module-paths:\n  br:contoso.azurecr.io/bicep: ../../modules\n' > repos/configured/.palisade.yaml

audit() {  # [options...]: audit both repositories; each one's findings in <repo>.txt
  rm -rf out
  "$palisade" audit repos/flagged repos/configured --output-dir out --progress none --fail-on none \
    --select AZR001,GEN006 "$@" >audit.txt 2>&1
  for repo in flagged configured; do
    list_findings < "out/repositories/$(ls out/repositories | grep "$repo" | grep '\.json$')" > "$repo.txt"
  done
}

audit --module-path br:contoso.azurecr.io/bicep="$scratch/modules"
expect_grep '^AZR001 repos/flagged/main.bicep:5 ' flagged.txt "--module-path reaches the audit of a repository"
expect_grep '^AZR001 repos/configured/main.bicep:5 ' configured.txt "and of one that maps the prefix too"
expect_no_grep '^GEN006' flagged.txt "the mapped module is read, not noted"
expect_grep "^  related $scratch/modules/storage/account/main.bicep:12 " flagged.txt \
  "the module outside the repository is the related location, its path as it is"

audit
expect_grep '^GEN006 repos/flagged/main.bicep:1 ' flagged.txt "without --module-path the module cannot be read"
expect_no_grep '^AZR001' flagged.txt "and nothing is guessed"
expect_grep '^AZR001 repos/configured/main.bicep:5 ' configured.txt "a repository's own module-paths: holds in an audit"

# A relative --module-path is from the current folder, as for scan.
audit --module-path br:contoso.azurecr.io/bicep=modules
expect_grep '^AZR001 repos/flagged/main.bicep:5 ' flagged.txt "a relative --module-path is from the current folder"

expect_exit 2 "a malformed --module-path is a usage error" -- \
  "$palisade" audit repos/flagged --output-dir out2 --module-path modules
expect_grep 'PREFIX=DIR' err.txt "which says the form"

finish
