#!/usr/bin/env bash
# .palisade.yaml through the command line: found from the scan root upward
# (not above the repository top), or named with --config; rules by id, name
# and tag; severity overrides; fail-on; include/exclude globs; per-path
# overrides; flags winning over the file; and every mistake an exit 2 with
# file:line:col.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

pod() {  # pod NAME: a pod whose only finding is K8S002 (privileged), with its network policy
  cat <<YAML
apiVersion: v1
kind: Pod
metadata: {name: $1, namespace: shop}
spec:
  serviceAccountName: api
  automountServiceAccountToken: false
  securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
  containers:
    - name: app
      image: registry.example/app:1.0.0
      resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}, privileged: true}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny-$1, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
YAML
}
mkdir -p repo/.git repo/k8s/prod repo/k8s/dev repo/legacy repo/k8s/dev/deep
pod prod > repo/k8s/prod/pod.yaml
pod dev > repo/k8s/dev/pod.yaml
pod old > repo/legacy/pod.yaml
cd repo

expect_exit 1 "no configuration: every finding" -- "$palisade" scan .
expect_grep "^k8s/prod/pod.yaml:12:.* critical K8S002" out.txt "K8S002 is critical by default"

# Found from the scan root upward: a scan of k8s/ from inside k8s/dev still uses repo/.palisade.yaml.
cat > .palisade.yaml <<'YAML'
# palisade configuration of the test repository
exclude: [legacy/]
severity: {privileged-container: medium}
overrides:
  - paths: ["k8s/dev/**"]
    ignore: [K8S002]
YAML
expect_exit 1 "config: legacy excluded, dev overridden" -- "$palisade" scan .
expect_no_grep "legacy/pod.yaml" out.txt "exclude drops legacy/"
expect_no_grep "k8s/dev/pod.yaml" out.txt "override ignores K8S002 in k8s/dev"
expect_grep "^k8s/prod/pod.yaml:12:.* medium K8S002" out.txt "severity override: K8S002 is medium"
(cd k8s/dev && "$palisade" scan .. >../../out.txt 2>../../err.txt)
expect_grep "k8s/prod/pod.yaml:12:.* medium K8S002" out.txt "found from a subfolder; globs stay relative to the config"
expect_no_grep "dev/pod.yaml" out.txt "per-path override applies from a subfolder"

# fail-on in the file, and the flag winning over it.
printf 'fail-on: error\nseverity: {K8S002: medium}\n' > .palisade.yaml
expect_exit 0 "fail-on: error in the file lets warnings pass" -- "$palisade" scan k8s/prod
expect_exit 1 "--fail-on on the command line wins" -- "$palisade" scan k8s/prod --fail-on warning

# select by tag; --select replaces it; ignore by id.
printf 'select: [maintainability]\n' > .palisade.yaml
expect_exit 0 "select by tag runs only those rules" -- "$palisade" scan k8s/prod
expect_exit 1 "--select replaces the file's select" -- "$palisade" scan k8s/prod --select K8S002
printf 'ignore: [K8S002]\n' > .palisade.yaml
expect_exit 0 "ignore by id" -- "$palisade" scan k8s/prod
printf 'include: ["k8s/dev/**"]\n' > .palisade.yaml
expect_exit 1 "include keeps only matching paths" -- "$palisade" scan .
expect_grep "^k8s/dev/pod.yaml" out.txt "include: k8s/dev reported"
expect_no_grep "k8s/prod" out.txt "include: k8s/prod not reported"

# --config names a file anywhere; its relative paths are read from the current folder.
rm .palisade.yaml
printf 'ignore: [K8S002]\n' > ../shared-config.yaml
expect_exit 0 "--config FILE" -- "$palisade" scan k8s --config ../shared-config.yaml
expect_exit 2 "--config of a missing file" -- "$palisade" scan k8s --config ../nope.yaml
expect_grep "nope.yaml: error: cannot read" err.txt "missing --config named"

# Not above the repository top: a .palisade.yaml outside repo/ is never used.
printf 'ignore: [K8S002]\n' > ../.palisade.yaml
expect_exit 1 "a config above the repository top is not used" -- "$palisade" scan k8s
rm ../.palisade.yaml

# Every mistake: exit 2, file:line:col, nothing scanned.
bad_config() {  # bad_config DESCRIPTION EXPECTED-STDERR-REGEX <<< yaml
  cat > .palisade.yaml
  expect_exit 2 "$1" -- "$palisade" scan k8s
  expect_grep "$2" err.txt "$1: located"
  [[ ! -s out.txt ]] && echo "ok: $1: no report" || { echo "FAIL: $1 printed a report"; failures=$((failures + 1)); }
}
bad_config "unknown key" "^.*\.palisade\.yaml:2:1: error: unknown key 'exclud' in the configuration" <<'YAML'
ignore: [K8S001]
exclud: [legacy/]
YAML
bad_config "unknown rule" "\.palisade\.yaml:1:10: error: 'K8S999' is no rule id, rule name or tag" <<'YAML'
ignore: [K8S999]
YAML
bad_config "bad severity" "\.palisade\.yaml:2:11: error: severity of 'K8S001' must be critical, high, medium, low or info" <<'YAML'
severity:
  K8S001: severe
YAML
bad_config "bad fail-on" "\.palisade\.yaml:1:10: error: 'fail-on' must be" <<'YAML'
fail-on: always
YAML
bad_config "missing params file" "\.palisade\.yaml:1:10: error: file 'prod.bicepparam' does not exist" <<'YAML'
params: [prod.bicepparam]
YAML
bad_config "duplicate key" "\.palisade\.yaml:2:1: error: duplicate key" <<'YAML'
exclude: [a]
exclude: [b]
YAML
bad_config "invalid YAML" "\.palisade\.yaml:[0-9]+:[0-9]+: error: invalid YAML" <<'YAML'
exclude: [a
YAML
rm .palisade.yaml

# params: Bicep parameter files from the config reach the scan (an existing file is accepted).
printf "using 'main.bicep'\n" > prod.bicepparam
printf 'params: [prod.bicepparam]\nignore: [K8S002]\n' > .palisade.yaml
expect_exit 0 "params: an existing parameter file is accepted" -- "$palisade" scan k8s
rm .palisade.yaml

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
