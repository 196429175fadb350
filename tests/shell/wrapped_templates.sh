#!/usr/bin/env bash
# Issue 17: ARM templates wrapped in another resource are evaluated, not read
# as an empty model. A Blueprint template artifact (with the parameter values
# it gives its template), a template spec version's mainTemplate (with its own
# defaults), and Container Apps' properties.template, whose ARM expressions are
# evaluated like any other property's.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

cat > blueprint.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "blobPublicAccess": {"type": "bool", "defaultValue": true}
  },
  "resources": [
    {
      "type": "Microsoft.Blueprint/blueprints/artifacts",
      "apiVersion": "2018-11-01-preview",
      "name": "shop-blueprint/storage",
      "kind": "template",
      "properties": {
        "displayName": "Storage for the shop",
        "parameters": {
          "allowPublic": {"value": "[parameters('blobPublicAccess')]"}
        },
        "template": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {
            "allowPublic": {"type": "bool", "defaultValue": false}
          },
          "resources": [
            {
              "type": "Microsoft.Storage/storageAccounts",
              "apiVersion": "2023-01-01",
              "name": "stblueprint",
              "location": "westeurope",
              "kind": "StorageV2",
              "sku": {"name": "Standard_LRS"},
              "properties": {
                "allowBlobPublicAccess": "[parameters('allowPublic')]"
              }
            }
          ]
        }
      }
    }
  ]
}
JSON
cat > templatespec.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Resources/templateSpecs/versions",
      "apiVersion": "2022-02-01",
      "name": "storage-spec/1.0",
      "location": "westeurope",
      "properties": {
        "description": "A storage account",
        "mainTemplate": {
          "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
          "contentVersion": "1.0.0.0",
          "parameters": {
            "minimumTls": {"type": "string", "defaultValue": "TLS1_0"}
          },
          "resources": [
            {
              "type": "Microsoft.Storage/storageAccounts",
              "apiVersion": "2023-01-01",
              "name": "stspec",
              "location": "westeurope",
              "kind": "StorageV2",
              "sku": {"name": "Standard_LRS"},
              "properties": {
                "minimumTlsVersion": "[parameters('minimumTls')]",
                "allowBlobPublicAccess": false
              }
            }
          ]
        }
      }
    }
  ]
}
JSON
cat > containerapp.json <<'JSON'
{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "image": {"type": "string", "defaultValue": "nginx:1.25"},
    "dbPassword": {"type": "string", "defaultValue": "Sup3rSecret!"}
  },
  "variables": {"appName": "[concat('ca-', 'shop')]"},
  "resources": [
    {
      "type": "Microsoft.App/containerApps",
      "apiVersion": "2023-05-01",
      "name": "[variables('appName')]",
      "location": "westeurope",
      "properties": {
        "template": {
          "containers": [
            {
              "name": "web",
              "image": "[parameters('image')]",
              "env": [{"name": "DB_PASSWORD", "value": "[parameters('dbPassword')]"}]
            }
          ]
        }
      }
    }
  ]
}
JSON

# The artifact's template is evaluated with the value the artifact gives it
# (true, from the outer parameter), not its own default (false).
expect_exit 1 "Blueprint artifact's template is checked" -- "$palisade" scan blueprint.json --select AZR006
expect_grep "^blueprint.json:33:[0-9]+: high AZR006" out.txt "finding on the storage account inside the artifact"
expect_grep "storageAccounts stblueprint allows anonymous" out.txt "the artifact's storage account is named"
expect_grep "^ +blueprint.json:5:[0-9]+: the value comes from here" out.txt "the value is the artifact's parameter, from the outer template"

# A template spec version's mainTemplate is a template, with its own defaults.
expect_exit 1 "template spec's mainTemplate is checked" -- "$palisade" scan templatespec.json --select AZR031
expect_grep "^templatespec.json:27:[0-9]+: medium AZR031" out.txt "finding inside the template spec"
expect_grep "storageAccounts stspec accepts outdated TLS" out.txt "the template spec's storage account is named"
expect_grep "minimumTlsVersion: TLS1_0" out.txt "with the mainTemplate's default"

# Container Apps' properties.template is ordinary properties: its expressions are evaluated.
expect_exit 0 "container app is read" -- "$palisade" scan containerapp.json --select AZR006 --dump-model model.json
python3 - <<'PY' >check.txt 2>&1
import json
model = json.load(open("model.json"))
apps = [r for r in model["resources"] if r["type"] == "Microsoft.App/containerApps"]
assert len(apps) == 1, apps
app = apps[0]
assert app["name"] == "ca-shop", app["name"]
container = app["body"]["properties"]["template"]["containers"][0]
assert container["image"] == "nginx:1.25", container["image"]
assert container["env"][0]["value"] == "Sup3rSecret!", container["env"][0]
assert "[parameters(" not in json.dumps(app["body"]), app["body"]
print("evaluated")
PY
expect_grep "^evaluated$" check.txt "properties.template expressions are evaluated (image, env value, name)"

finish
