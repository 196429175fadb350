#!/usr/bin/env bash
# `palisade fix`: what it applies by default and with --unsafe-fixes, what it
# refuses and why, rollback of a fix that does not remove its finding or brings
# another, files outside the scan root, permissions kept, exit codes, the
# help, and the fix marks in the text and SARIF reports.
# Usage: fix_command.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }

mkdir -p repo/k8s repo/infra outside
cat > repo/k8s/api.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: api
      image: api:1
      securityContext:
        allowPrivilegeEscalation: true
        readOnlyRootFilesystem: false
YAML
chmod 640 repo/k8s/api.yaml
cat > repo/infra/vault.bicep <<'BICEP'
param isProd bool = false

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: 'kv-app'
  location: 'westeurope'
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enablePurgeProtection: true
    publicNetworkAccess: isProd ? 'Disabled' : 'Enabled'
  }
}
BICEP
cp repo/infra/vault.bicep vault.before

# The text report marks what `palisade fix` can remove, and counts it.
expect_exit 1 "scan reports the findings" -- "$palisade" scan repo --select K8S012,K8S023 --no-color
expect_grep "^repo/k8s/api.yaml:10:[0-9]+: [a-z]+ K8S012 .*\[\*\]$" out.txt "a fixable finding is marked [*]"
expect_grep "\[\*\] 1 fixable with .palisade fix. \(1 more with --unsafe-fixes\)" out.txt "the summary counts safe and unsafe fixes"

# SARIF: the fix as artifactChanges with a line/column region.
"$palisade" scan repo --select K8S012 --format sarif --output fix.sarif
python3 - fix.sarif <<'PY' && echo "ok: SARIF result carries its fix" || { echo "FAIL: SARIF fixes"; exit 1; }
import json, sys
result = json.load(open(sys.argv[1]))["runs"][0]["results"][0]
fix = result["fixes"][0]
change = fix["artifactChanges"][0]
assert change["artifactLocation"]["uri"].endswith("k8s/api.yaml"), change
rep = change["replacements"][0]
assert rep["deletedRegion"] == {"startLine": 10, "startColumn": 35, "endLine": 10, "endColumn": 39}, rep
assert rep["insertedContent"]["text"] == "false", rep
assert fix["properties"]["safe"] is True
PY

# JSON: each finding with a fix carries it (title, safety, edits; a refused one says why).
"$palisade" scan repo --select K8S012,K8S023,AZR001 --format json --output fix.json
python3 - fix.json <<'PY' && echo "ok: JSON findings carry their fixes" || { echo "FAIL: JSON fixes"; failures=$((failures + 1)); }
import json, sys
findings = {f["rule_id"]: f for f in json.load(open(sys.argv[1]))["reports"][0]["findings"]}
safe, unsafe, refused = findings["K8S012"]["fix"], findings["K8S023"]["fix"], findings["AZR001"]["fix"]
assert safe["safety"] == "safe" and unsafe["safety"] == "unsafe", (safe, unsafe)
assert safe["title"].startswith("Set "), safe
edit = safe["edits"][0]
assert edit["uri"].endswith("k8s/api.yaml") and edit["text"] == "false", edit
assert (edit["start_line"], edit["start_column"], edit["end_line"], edit["end_column"]) == (10, 35, 10, 39), edit
assert refused["edits"] == [] and "computed by an expression" in refused["refused"], refused
assert "refused" not in safe
PY

# HTML: a fixable finding is marked, with its fix and whether it needs --unsafe-fixes.
"$palisade" scan repo --select K8S012,K8S023 --format html --output fix.html
expect_grep '\[\*\] Fix: Set securityContext.allowPrivilegeEscalation: false \(safe: <code>palisade fix</code>\)' fix.html "the HTML report marks a safe fix"
expect_grep '\[\*\] Fix: .*readOnlyRootFilesystem.* \(unsafe: <code>palisade fix --unsafe-fixes</code>\)' fix.html "and an unsafe one"
# Rule pages name the fix: a rule file's, and a C++ check's (K8S003).
"$palisade" explain K8S012 >page.txt; expect_grep '^Fix: .*allowPrivilegeEscalation: false \(safe\)' page.txt "a rule page names its safe fix"
"$palisade" explain K8S013 >page.txt; expect_grep '^Fix: .*runAsNonRoot: true \(unsafe\) .*--unsafe-fixes' page.txt "a rule page names its unsafe fix"
"$palisade" explain K8S003 >page.txt; expect_grep '^Fix: Set automountServiceAccountToken: false on the pod \(safe\)' page.txt "a C++ check's page names its fix"
"$palisade" explain K8S001 >page.txt; expect_no_grep '^Fix:' page.txt "a rule without a fix names none"

# Safe fixes only by default: the unsafe one stays, and is counted.
expect_exit 1 "findings remain after the safe fixes" -- "$palisade" fix repo --select K8S012,K8S023 --fail-on note
expect_grep "fixed 1 finding in 1 file; 1 remaining \(1 fixable with --unsafe-fixes\)" err.txt "the summary says what was left"
expect_grep "allowPrivilegeEscalation: false" repo/k8s/api.yaml "the safe fix was applied"
expect_grep "readOnlyRootFilesystem: false" repo/k8s/api.yaml "the unsafe fix was not"
[[ $(stat -c %a repo/k8s/api.yaml) == 640 ]] && echo "ok: the file keeps its permissions" || fail "permissions changed: $(stat -c %a repo/k8s/api.yaml)"
[[ -z $(find . -name '*.tmp') ]] && echo "ok: no temporary file left" || fail "a temporary file was left"
expect_exit 0 "--unsafe-fixes applies the rest and nothing remains" -- "$palisade" fix repo --select K8S012,K8S023 --unsafe-fixes
expect_grep "readOnlyRootFilesystem: true" repo/k8s/api.yaml "the unsafe fix was applied"
cp repo/k8s/api.yaml api.fixed
expect_exit 0 "a second run" -- "$palisade" fix repo --select K8S012,K8S023 --unsafe-fixes
cmp -s repo/k8s/api.yaml api.fixed && echo "ok: a second run changes nothing" || fail "a second run changed the file"

# A computed value is not changed: the reason is given, the file stays.
expect_exit 1 "a refused fix" -- "$palisade" fix repo/infra --select AZR001 --unsafe-fixes
expect_grep "AZR001 not fixed: 'properties.publicNetworkAccess' is computed by an expression" err.txt "the refusal says why"
cmp -s repo/infra/vault.bicep vault.before && echo "ok: the refused file is unchanged" || fail "the refused file changed"

# Rollback: a fix that does not remove its finding, and one that brings another rule's finding.
mkdir -p rules/custom
cat > rules/custom/TST001-wrong-fix.yaml <<'YAML'
id: TST001
name: test-wrong-fix
title: A fix that does not fix
severity: medium
description: test
remediation: test
match: {formats: [kubernetes], kinds: [ConfigMap]}
assert: {path: data.mode, equals: strict}
fix:
  title: "Set mode: lax"
  safe: true
  set: {path: data.mode, value: lax}
YAML
cat > rules/custom/TST002-fix-breaks-other.yaml <<'YAML'
id: TST002
name: test-fix-breaks-other
title: A fix that breaks another rule
severity: medium
description: test
remediation: test
match: {formats: [kubernetes], kinds: [ConfigMap]}
assert: {path: data.level, equals: "2"}
fix:
  title: "Set level: 2"
  safe: true
  set: {path: data.level, value: "2"}
YAML
cat > rules/custom/TST003-level-not-2.yaml <<'YAML'
id: TST003
name: test-level-not-two
title: Level is not 2
severity: medium
description: test
remediation: test
match: {formats: [kubernetes], kinds: [ConfigMap]}
assert: {path: data.level, not-equals: "2"}
YAML
mkdir -p cm && cat > cm/settings.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  mode: loose
  level: "1"
YAML
cp cm/settings.yaml settings.before
expect_exit 1 "rolled-back fixes leave the findings" -- "$palisade" fix cm --rules rules/custom --select TST001,TST002,TST003
expect_grep "TST001 not fixed: the fix did not remove its finding; rolled back" err.txt "a fix that does not remove its finding is rolled back"
expect_grep "TST002 not fixed: the fix would bring TST003 at cm/settings.yaml:7" err.txt "a fix that brings another finding is rolled back"
cmp -s cm/settings.yaml settings.before && echo "ok: the rolled-back file is unchanged" || fail "the rolled-back file changed"

# A fix that reveals a finding another fix removes (privileged: false lets
# K8S012 see the missing allowPrivilegeEscalation) is kept: both are applied.
mkdir -p reveal && cat > reveal/pod.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: tools
spec:
  containers:
    - name: tools
      image: tools:1
      securityContext:
        privileged: true
YAML
expect_exit 0 "a revealed finding is fixed in the next pass" -- "$palisade" fix reveal --select K8S002,K8S012
expect_grep "^        privileged: false" reveal/pod.yaml "the first fix is kept"
expect_grep "^        allowPrivilegeEscalation: false" reveal/pod.yaml "the revealed finding's fix is applied"
expect_no_grep "not fixed" err.txt "nothing is reported as not fixed"
# When the revealed finding's own fix does not take, the file goes back as it was.
cat > rules/custom/TST004-flag-on.yaml <<'YAML'
id: TST004
name: test-flag-on
title: The flag is on
severity: medium
description: test
remediation: test
match: {formats: [kubernetes], kinds: [ConfigMap]}
assert: {path: data.flag, equals: "on"}
fix:
  title: "Set flag: on"
  safe: true
  set: {path: data.flag, value: "on"}
YAML
cat > rules/custom/TST005-extra-when-on.yaml <<'YAML'
id: TST005
name: test-extra-when-on
title: With the flag on, extra is yes
severity: medium
description: test
remediation: test
match: {formats: [kubernetes], kinds: [ConfigMap], where: {path: data.flag, equals: "on"}}
assert: {path: data.extra, equals: "yes"}
fix:
  title: "Set extra: maybe (does not fix)"
  safe: true
  set: {path: data.extra, value: "maybe"}
YAML
mkdir -p flag && cat > flag/settings.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: flag
data:
  flag: "off"
  extra: "no"
YAML
cp flag/settings.yaml flag.before
expect_exit 1 "a revealed finding that stays" -- "$palisade" fix flag --rules rules/custom --select TST004,TST005
expect_grep "TST005 not fixed: the fix did not remove its finding; rolled back" err.txt "the revealed finding's fix is rolled back"
expect_grep "flag/settings.yaml: not fixed: the fixes would bring TST005 at flag/settings.yaml:7 .*; rolled back" err.txt "and then the fix that revealed it, with the reason"
cmp -s flag/settings.yaml flag.before && echo "ok: the file is as it was read" || fail "the file with a revealed, unfixed finding changed"

# A link to a file outside the scan root is never written through.
cp "$src/fixtures/fixes/K8S012-replace-keeps-comment/before/pod.yaml" outside/pod.yaml
cp outside/pod.yaml outside.before
mkdir -p linked && ln -s ../outside/pod.yaml linked/pod.yaml
(cd linked && "$palisade" fix . --select K8S012 >/dev/null 2>&1)
cmp -s outside/pod.yaml outside.before && echo "ok: a file outside the root is not changed through a link" || fail "the file outside the root changed"

# Usage and help.
expect_exit 2 "standard input cannot be fixed" -- "$palisade" fix -
expect_exit 2 "an unknown option" -- "$palisade" fix repo --bogus
expect_exit 2 "a missing path" -- "$palisade" fix does-not-exist
expect_exit 0 "help" -- "$palisade" fix --help
expect_grep "--unsafe-fixes" out.txt "the help lists --unsafe-fixes"
expect_grep "--diff" out.txt "the help lists --diff"
finish
