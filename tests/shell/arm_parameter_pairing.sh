#!/usr/bin/env bash
# ARM parameters files are paired with their templates as `az deployment`
# users keep them, --dump-model says which file each resource was evaluated
# with, every pairing is evaluated, and --params overrides the paired values.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
cp -r "$src/fixtures/azure/ARM-parameter-files/." "$scratch/"
cd "$scratch"
"$palisade" scan stem environments single ambiguous --dump-model model.json --fail-on none -q > /dev/null
python3 - <<'PY' || exit 1
import json
model = json.load(open("model.json"))
used = {}
for r in model["resources"]:
    if r["type"] == "Microsoft.ContainerRegistry/registries":
        used.setdefault(r["file"], []).append(r.get("parameterFile", ""))
want = {
    "stem/azuredeploy.json": ["stem/azuredeploy.parameters.json"],
    "environments/main.json": ["environments/main.parameters.dev.json", "environments/main.parameters.prod.json"],
    "single/template.json": ["single/parameters-test.json"],
    "ambiguous/network.json": [""],
    "ambiguous/registry.json": [""],
}
for f, files in want.items():
    if sorted(used.get(f, [])) != files:
        raise SystemExit(f"FAIL: {f} evaluated with {used.get(f)}, want {files}")
PY
out=$("$palisade" scan stem --select AZR001 --fail-on none -q)
grep -q "azuredeploy.json:18" <<<"$out" || { echo "FAIL: the paired value 'Enabled' gives no AZR001"; echo "$out"; exit 1; }
cat > closed.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "PUBLICACCESS": { "value": "Disabled" } }
}
JSON
out=$("$palisade" scan stem --params closed.json --select AZR001 --fail-on none -q)
[[ -z $out ]] || { echo "FAIL: --params did not override the paired value:"; echo "$out"; exit 1; }
# A .bicepparam run says its file too.
"$palisade" scan "$src/fixtures/azure/AZR001-bicepparam" --dump-model bicep.json --fail-on none -q > /dev/null
python3 -c "
import json, sys
files = {r.get('parameterFile', '') for r in json.load(open('bicep.json'))['resources']}
sys.exit(0 if files == {'main.bicepparam'} else 'FAIL: .bicepparam resources evaluated with %s' % files)" || exit 1
echo ok
