#!/usr/bin/env bash
# Issue 17: nothing is scanned to nothing. Each input is read or the report
# says why: JSON Kubernetes manifests, UTF-16 files, stdin in every format,
# exit 2 for named paths and --params files that do not exist, --max-file-size,
# ARM outputs and secure defaults, and the summary line naming what was read.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

cat > dep.json <<'JSON'
{
  "apiVersion": "apps/v1",
  "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "shop"},
  "spec": {
    "selector": {"matchLabels": {"app": "web"}},
    "template": {
      "metadata": {"labels": {"app": "web"}},
      "spec": {"containers": [{"name": "app", "image": "nginx:1.25", "securityContext": {"privileged": true}}]}
    }
  }
}
JSON
cat > arm.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"adminPassword": {"type": "securestring", "defaultValue": "P@ssw0rd!"}},
  "resources": [
    {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "st",
     "location": "westeurope", "properties": {"allowBlobPublicAccess": true}}
  ],
  "outputs": {"pw": {"type": "string", "value": "[parameters('adminPassword')]"}}
}
JSON
cat > main.bicep <<'BICEP'
resource st 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'st'
  location: 'westeurope'
  properties: {
    allowBlobPublicAccess: true
  }
}
BICEP

# A Kubernetes manifest in JSON is read like YAML, named or from stdin.
expect_exit 1 "JSON Deployment is checked" -- "$palisade" scan dep.json --select K8S002
expect_grep "^dep.json:9:[0-9]+: critical K8S002" out.txt "finding located in the JSON file"
expect_grep "1 Kubernetes/Calico file \(1 resource\)" out.txt "summary counts the manifest"
expect_exit 1 "JSON Deployment on stdin" -- bash -c "'$palisade' scan - --stdin-filename dep.json --select K8S002 < dep.json"
expect_grep "^dep.json:9:" out.txt "stdin JSON located under its name"

# stdin for Bicep and ARM.
expect_exit 1 "Bicep on stdin" -- bash -c "'$palisade' scan - --stdin-filename main.bicep --select AZR006 < main.bicep"
expect_grep "^main.bicep:5:[0-9]+: high AZR006" out.txt "stdin Bicep finding"
expect_exit 1 "ARM on stdin" -- bash -c "'$palisade' scan - --stdin-filename deploy.json --select AZR006 < arm.json"
expect_grep "^deploy.json:7:[0-9]+: high AZR006" out.txt "stdin ARM finding"

# ARM outputs and secure defaults are modelled like Bicep's.
expect_exit 1 "ARM secure default and secret output" -- "$palisade" scan arm.json --select AZR036,AZR037
expect_grep "^arm.json:4:[0-9]+: high AZR036" out.txt "AZR036 on ARM"
expect_grep "^arm.json:9:[0-9]+: high AZR037" out.txt "AZR037 on ARM"

# UTF-16 with a BOM is decoded (lines stay); without a BOM it is a located GEN004 error.
{ printf '\xff\xfe'; iconv -f UTF-8 -t UTF-16LE arm.json; } > arm16.json
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE main.bicep; } > be16.bicep
iconv -f UTF-8 -t UTF-16LE arm.json > nobom.json
expect_exit 1 "UTF-16LE ARM is read" -- "$palisade" scan arm16.json --select AZR006
expect_grep "^arm16.json:7:[0-9]+: high AZR006" out.txt "UTF-16LE finding on the right line"
expect_exit 1 "UTF-16BE Bicep is read" -- "$palisade" scan be16.bicep --select AZR006,GEN003
expect_grep "^be16.bicep:5:[0-9]+: high AZR006" out.txt "UTF-16BE finding on the right line"
expect_no_grep "GEN003" out.txt "no unsupported-syntax note for UTF-16BE"
# Named alone, nothing else was read: exit 2 (see the exit rule below); the finding still says why.
expect_exit 2 "UTF-16 without BOM fails" -- "$palisade" scan nobom.json
expect_grep "^nobom.json:1:1: high GEN004" out.txt "GEN004 error at line 1"
expect_grep "1 skipped: nobom.json" out.txt "summary names the skipped file"

# Exit codes: a missing named path, a missing --params file.
expect_exit 2 "missing path is exit 2" -- "$palisade" scan infra-typo --fail-on error
expect_grep "^palisade scan: infra-typo: no such file or directory$" err.txt "one clear line"
expect_exit 2 "missing absolute path" -- "$palisade" scan "$scratch/nope/x"
check "absolute path printed once" "! grep -q '//' err.txt"
expect_exit 2 "missing --params file" -- "$palisade" scan main.bicep --params missing.json
expect_grep "^palisade scan: --params missing.json: no such file or directory$" err.txt "names the --params file"

# A named file with nothing to check says so (GEN014); walked ones are counted, not reported.
printf '{"name": "pkg", "version": "1.0.0"}\n' > package.json
expect_exit 1 "named package.json is GEN014" -- "$palisade" scan package.json
expect_grep "^package.json:1:1: medium GEN014" out.txt "GEN014 located"
mkdir walk && cp package.json walk/ && cp main.bicep walk/
expect_exit 1 "folder with other JSON" -- "$palisade" scan walk --select AZR006,GEN014
expect_no_grep "GEN014" out.txt "walked package.json is not a finding"
expect_grep "read 1 Bicep, 0 ARM, 0 Kubernetes/Calico file \(2 resources\); 1 other file with nothing to check" out.txt "summary counts formats and other files"

# --max-file-size: the limit is a GEN015 finding naming it, and the summary lists the file.
expect_exit 2 "bad --max-file-size" -- "$palisade" scan main.bicep --max-file-size lots
expect_exit 2 "file over --max-file-size" -- "$palisade" scan dep.json --max-file-size 100
expect_grep "^dep.json:1:1: medium GEN015 not analysed: file is [0-9]+ bytes, over the 100 bytes size limit" out.txt "GEN015 names the limit"
expect_grep "1 skipped: dep.json" out.txt "summary lists the skipped file"

# An ARM parameter file names parameters as Azure matches them, without regard to case; a value
# naming no parameter is GEN016 at its line. The template's default (true) would hide AZR021.
mkdir -p params
cat > params/azuredeploy.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {"AksDisableLocalAccounts": {"type": "bool", "defaultValue": true}},
  "resources": [
    {"type": "Microsoft.ContainerService/managedClusters", "apiVersion": "2024-02-01", "name": "aks", "location": "westeurope",
     "properties": {"disableLocalAccounts": "[parameters('AksDisableLocalAccounts')]"}}
  ]
}
JSON
cat > params/prod.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "aksDisableLocalAccounts": {"value": false},
    "aksSkuTeir": {"value": "Standard"}
  }
}
JSON
expect_exit 1 "ARM parameter names matched without regard to case" -- "$palisade" scan params/azuredeploy.json --params params/prod.json --select AZR021,GEN016
expect_grep "^params/azuredeploy.json:[0-9]+:[0-9]+: high AZR021" out.txt "the parameter file's value (false) is used"
expect_grep "^params/prod.json:6:[0-9]+: medium GEN016" out.txt "a value naming no parameter is GEN016 at its line"
expect_grep "'aksSkuTeir' is not declared" out.txt "GEN016 names it"
expect_no_grep "'aksDisableLocalAccounts' is not declared" out.txt "the case-different name is not unknown"

# A scan that read no input at all says so; it exits 0 only when no path was named.
mkdir -p empty/docs && printf '# notes\n' > empty/docs/README.md
expect_exit 2 "named folder with nothing to read" -- "$palisade" scan empty
expect_grep "^palisade scan: no input read from empty: no \.bicep, \.bicepparam, \.json, \.yaml or \.yml file read there$" err.txt "one line says so"
expect_exit 2 "named file skipped for its size" -- "$palisade" scan dep.json --max-file-size 100 --fail-on none
expect_grep "^palisade scan: no input read from dep.json: 1 file skipped \(the report says why\)$" err.txt "the skipped file is the reason"
expect_exit 0 "nothing named, nothing read" -- bash -c "cd empty && '$palisade' scan"
expect_grep "^palisade scan: no input read from \.: " err.txt "the default folder says so too"
expect_grep "read 0 Bicep, 0 ARM, 0 Kubernetes/Calico files" out.txt "the summary counts nothing"
expect_exit 1 "a named folder with one file read passes the rule" -- "$palisade" scan walk --select AZR006
expect_no_grep "no input read" err.txt "nothing said when something was read"

# A path through a symlinked folder is scanned where it resolves, not refused as outside the root.
mkdir -p elsewhere/infra && cp main.bicep elsewhere/infra/ && mkdir -p work && ln -s ../elsewhere work/shared
expect_exit 1 "path through a symlinked folder" -- bash -c "cd work && '$palisade' scan shared/infra --select AZR006,GEN005"
expect_grep "high AZR006" out.txt "the file behind the link is checked"
expect_no_grep "GEN005" out.txt "not reported as outside the root"

finish
