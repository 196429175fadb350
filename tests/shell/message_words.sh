#!/usr/bin/env bash
# Messages say what is not there in words (issue 23): a value that is not set,
# an empty one, an Unknown (with its reason) and a resource whose name is not
# known read "not set", "empty", "unknown (parameter … has no default)" —
# never `''`, `( )`, `<unnamed>` or `<unknown>` — whether the message comes
# from a rule's template or from a C++ check. Every fixture and the demo are
# scanned for the tell-tale forms.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# A Bicep cluster whose network policy is an empty string.
cat > aks.bicep <<'BICEP'
param policy string = ''
resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: 'westeurope'
  properties: {
    dnsPrefix: 'aks'
    networkProfile: {
      networkPlugin: 'azure'
      networkPolicy: policy
    }
  }
}
BICEP
expect_exit 1 "an empty networkPolicy" -- "$palisade" scan aks.bicep --select AZR022 --format concise
expect_grep 'AZR022 .*\(networkProfile.networkPolicy: empty\)' out.txt "an empty string reads 'empty'"

# An ARM storage account named by a parameter without a value.
cat > storage.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"accountName": {"type": "string"}},
  "resources": [
    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-01-01",
      "name": "[parameters('accountName')]",
      "location": "westeurope",
      "kind": "StorageV2",
      "sku": {"name": "Standard_LRS"},
      "properties": {"allowBlobPublicAccess": true}
    }
  ]
}
JSON
expect_exit 1 "a storage account with an unknown name" -- "$palisade" scan storage.json --select AZR006 --format concise
expect_grep "AZR006 Microsoft.Storage/storageAccounts with an unknown name \(parameter 'accountName'" out.txt \
  "the name reads as unknown, with the parameter"
expect_no_grep '<unnamed>' out.txt "not <unnamed>"

# A {name} placeholder whose element has no name of its own (a capability in
# a container's drop list) names the container the path is in.
cat > netraw.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
        - name: app
          image: nginx:1.25
          securityContext:
            capabilities:
              drop: [CAP_NET_RAW]
YAML
expect_exit 1 "a drop list without ALL" -- "$palisade" scan netraw.yaml --select K8S016 --format concise
expect_grep "K8S016 container 'app' of Deployment web" out.txt "{name} falls back to the container on the path"

# Every fixture and the demo: no quoted emptiness, no empty value before ')'.
"$palisade" scan "$src/fixtures" --format json --fail-on none --output fixtures.json 2>/dev/null
"$palisade" scan "$src/fixtures/demo" --format json --fail-on none --output demo.json 2>/dev/null
python3 - fixtures.json demo.json <<'PY' && echo "ok: no message shows an empty or unknown value as ''" || { echo "FAIL: messages with '' or <unnamed>"; failures=$((failures + 1)); }
import json, re, sys
bad = []
for path in sys.argv[1:]:
    for report in json.load(open(path))["reports"]:
        for f in report["findings"]:
            m = f["message"]
            if re.search(r"(^|[\s(])''($|[\s),;:])|: \)|<unnamed>|: <unknown>", m):
                bad.append(f"{f['rule_id']} {f['location']['path']}: {m[:160]}")
for line in bad[:20]:
    print("  |", line)
sys.exit(1 if bad else 0)
PY
finish
