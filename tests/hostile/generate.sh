#!/usr/bin/env bash
# Generates hostile inputs into a folder (never committed: some are large).
#   tests/hostile/generate.sh DIR
# Each file name says what it attacks; tests/shell/hostile_inputs.sh scans them.
set -euo pipefail
dir=$1
rm -rf "$dir" && mkdir -p "$dir"
cd "$dir"
python3 - <<'PY'
import os
def w(name, data, mode="w"):
    with open(name, "wb" if isinstance(data, bytes) else "w") as f:
        f.write(data)

# YAML: size, depth, alias expansion (billion laughs), long lines, NUL, encodings.
w("oversized.yaml", "a: " + "x" * (17 * 1024 * 1024) + "\n")
w("deep-flow.yaml", "[" * 200000 + "]" * 200000 + "\n")
w("deep-block.yaml", "".join("  " * i + "k:\n" for i in range(3000)) + "  " * 3000 + "v: 1\n")
laughs = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
for i, c in enumerate("bcdefghij"):
    prev = "abcdefghij"[i]
    laughs.append(f"{c}: &{c} [" + ", ".join(["*" + prev] * 9) + "]")
w("billion-laughs.yaml", "\n".join(laughs) + "\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata: {name: after-bomb}\n")
w("long-line.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: long}\ndata:\n  blob: " + "y" * (8 * 1024 * 1024) + "\n")
w("nul-bytes.yaml", b"apiVersion: v1\nkind: Pod\x00\x00\nmetadata: {name: nul}\n")
w("utf16.yaml", "\ufeffapiVersion: v1\nkind: Pod\n".encode("utf-16-le"))
w("invalid-utf8.yaml", b"apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad\xff\xfe}\n")
w("crlf-bom.yaml", "\ufeffapiVersion: v1\r\nkind: Pod\r\nmetadata:\r\n  name: crlf\r\nspec:\r\n  containers: []\r\n")
w("many-documents.yaml", "".join(f"---\napiVersion: v1\nkind: Pod\nmetadata: {{name: p{i}, namespace: n}}\nspec: {{containers: [{{name: c, image: x, securityContext: {{privileged: true}}}}]}}\n" for i in range(3000)))
w("binary.yaml", bytes(range(256)) * 64)

# ARM JSON: depth, size of arrays, expression nesting, copy-loop expansion.
w("deep.json", '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "x": ' + "[" * 100000 + "]" * 100000 + "}")
w("copy-bomb.json", '''{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
 "contentVersion": "1.0.0.0",
 "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[concat('s', copyIndex())]",
   "location": "westeurope", "copy": {"name": "many", "count": 100000000}, "properties": {}}]}''')
w("expression-depth.json", '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "resources": [{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2023-01-01", "name": "[' + "concat(" * 20000 + "'a'" + ")" * 20000 + ']"}]}')

# Bicep: expression depth, loop expansion, module cycles and escapes.
w("deep-expression.bicep", "var x = " + "(" * 100000 + "1" + ")" * 100000 + "\n")
w("loop-bomb.bicep", "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = [for i in range(0, 100000000): {\n  name: 'sa${i}'\n  location: 'westeurope'\n  kind: 'StorageV2'\n  sku: {name: 'Standard_LRS'}\n}]\n")
os.makedirs("cycle", exist_ok=True)
w("cycle/a.bicep", "module b './b.bicep' = {\n  name: 'b'\n}\n")
w("cycle/b.bicep", "module a './a.bicep' = {\n  name: 'a'\n}\n")
w("escape.bicep", "module out '../../../../../../etc/passwd.bicep' = {\n  name: 'out'\n}\n")
w("long-string.bicep", "var s = '" + "z" * (4 * 1024 * 1024) + "'\n")
PY
# A symlink loop and a link out of the scan root: neither is followed.
mkdir -p links && ln -s .. links/loop && ln -s /etc links/outside-dir && ln -s /etc/hostname links/outside-file.yaml
