#!/usr/bin/env bash
# Issue 18, section 3: each finding once. A module line that fails through
# several callers is one finding, with each failing call and the value it
# passes as related locations (a caller that passes a good value is not
# listed); a C++ check's finding on a resource deployed through a module names
# the call too (CheckContext::report adds it, as the rule engine does). A compiled main.json beside the main.bicep it was built from is not
# scanned a second time: it is skipped and noted, and --scan-compiled reads it.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch/project/modules" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/findings.bash"

cat > project/modules/storage.bicep <<'BICEP'
param access string
resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'st${uniqueString(resourceGroup().id)}'
  location: 'westeurope'
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    publicNetworkAccess: access
  }
}
BICEP
cat > project/main.bicep <<'BICEP'
module first 'modules/storage.bicep' = {
  name: 'first'
  params: { access: 'Enabled' }
}
module second 'modules/storage.bicep' = {
  name: 'second'
  params: { access: 'Enabled' }
}
module closed 'modules/storage.bicep' = {
  name: 'closed'
  params: { access: 'Disabled' }
}
BICEP

cd project
"$palisade" scan . --format json --fail-on none --select AZR001 | list_findings > ../report.txt
cd ..
n=$(grep -c '^AZR001 modules/storage.bicep:8' report.txt)
[[ $n == 1 ]] && echo "ok: one finding for the module line two callers fail" || { echo "FAIL: $n findings on modules/storage.bicep:8 (want 1)"; cat report.txt; failures=$((failures + 1)); }
expect_grep "related main.bicep:1 through module 'first'" report.txt "the first failing call is related"
expect_grep "related main.bicep:5 through module 'second'" report.txt "the second failing call is related"
expect_grep "related main.bicep:7 the value comes from here" report.txt "the value the second call passes is related"
expect_no_grep "through module 'closed'" report.txt "the call that passes 'Disabled' is not listed"

# A compiled template beside its source (Bicep's generator metadata, same name).
cat > project/main.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "metadata": { "_generator": { "name": "bicep", "version": "0.30.3.12046", "templateHash": "1" } },
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-05-01",
      "name": "stcompiled",
      "location": "westeurope",
      "kind": "StorageV2",
      "sku": { "name": "Standard_LRS" },
      "properties": { "publicNetworkAccess": "Enabled" }
    }
  ]
}
JSON
(cd project && "$palisade" scan . --format concise --fail-on none --select AZR001) > out.txt 2>&1
expect_no_grep '^main.json:' out.txt "the compiled main.json is not scanned beside main.bicep"
expect_grep 'main.json.*compiled by Bicep from main.bicep' out.txt "the summary notes it as skipped, and why"
(cd project && "$palisade" scan . --format concise --fail-on none --select AZR001 --scan-compiled) > out.txt 2>&1
expect_grep '^main.json:13:.* AZR001' out.txt "--scan-compiled reads it too"
(cd project && "$palisade" scan main.json --format concise --fail-on none --select AZR001) > out.txt 2>&1
expect_grep '^main.json:13:.* AZR001' out.txt "a compiled template named on the command line is read"
mv project/main.json project/other.json
(cd project && "$palisade" scan . --format concise --fail-on none --select AZR001) > out.txt 2>&1
expect_grep '^other.json:13:.* AZR001' out.txt "a Bicep-compiled template without its source beside it is read"

# A project-wide C++ check (PLT002) reporting on a cluster a module deploys: the call is related.
mkdir -p platform/infra/modules platform/k8s
sed 's|// expect:.*||' "$src/fixtures/platform/PLT002-network-policy-engine-none/infra/aks.bicep" > platform/infra/modules/aks.bicep
cp "$src/fixtures/platform/PLT002-network-policy-engine-none/k8s/network-policies.yaml" platform/k8s/
printf "module cluster 'modules/aks.bicep' = {\n  name: 'cluster'\n}\n" > platform/infra/main.bicep
(cd platform && "$palisade" scan . --format json --fail-on none --select PLT002 | list_findings) > platform.txt
expect_grep '^PLT002 infra/modules/aks.bicep:' platform.txt "PLT002 reports the cluster in its module"
expect_grep "related infra/main.bicep:1 through module 'cluster'" platform.txt "the module call is a related location of a C++ check's finding"
finish
