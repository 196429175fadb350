#!/usr/bin/env bash
# Diff mode in a real git repository with two commits on a branch: only
# findings on lines changed since the merge base with main are reported
# (committed, staged, unstaged and untracked changes alike); cross-file rules
# still see the whole project (a network policy in an unchanged file still
# counts); a scan from a subfolder maps paths right; bad refs are exit 2.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
command -v git >/dev/null || { echo "SKIP: git is not installed"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
export HOME=$scratch GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES=$scratch  # never the checkout around a build folder
git config --global user.email test@example.invalid
git config --global user.name palisade-test
git config --global init.defaultBranch main
pod() {  # pod NAME PRIVILEGED
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
      securityContext:
        allowPrivilegeEscalation: false
        readOnlyRootFilesystem: true
        capabilities: {drop: [ALL]}
        privileged: $2
YAML
}

mkdir repo && cd repo && git init -q
mkdir -p infra/k8s
pod old true > infra/k8s/old.yaml       # known debt on main
pod web false > infra/k8s/web.yaml
cat > infra/k8s/policy.yaml <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
YAML
git add -A && git commit -q -m "main"

git checkout -q -b feature
pod web true > infra/k8s/web.yaml       # the pull request makes web privileged
git commit -q -am "feature: privileged web"
printf '# a comment line\n' | cat - infra/k8s/old.yaml > tmp && mv tmp infra/k8s/old.yaml  # lines move, finding unchanged
git commit -q -am "feature: comment"
git checkout -q main && pod other false > infra/k8s/other.yaml && git add -A && git commit -q -m "main moves on"
git checkout -q feature

expect_exit 1 "full scan: old and new findings" -- "$palisade" scan infra
expect_grep "infra/k8s/old.yaml:.*K8S002" out.txt "full scan reports the old finding"

expect_exit 1 "--diff-base main: the new finding fails" -- "$palisade" scan infra --diff-base main
expect_grep "^infra/k8s/web.yaml:16:[0-9]+: critical K8S002" out.txt "the changed line's finding is reported"
expect_no_grep "old.yaml" out.txt "the moved, unchanged finding is not"
expect_no_grep "K8S031" out.txt "cross-file: the unchanged network policy still counts"

# Uncommitted and untracked changes count too (a local run before pushing).
pod extra true > infra/k8s/extra.yaml
expect_exit 1 "untracked file: every line is new" -- "$palisade" scan infra --diff-base main
expect_grep "^infra/k8s/extra.yaml:16:" out.txt "untracked file reported"
rm infra/k8s/extra.yaml

# The same from a subfolder (scan root below the repository top).
(cd infra && "$palisade" scan k8s --diff-base main >../out.txt 2>../err.txt)
expect_grep "^k8s/web.yaml:16:[0-9]+: critical K8S002" out.txt "paths map from a subfolder"
expect_no_grep "old.yaml" out.txt "subfolder: unchanged finding left out"

# Fixing the line: nothing left to report in diff mode.
pod web false > infra/k8s/web.yaml
expect_exit 0 "fixed: diff mode passes" -- "$palisade" scan infra --diff-base main
git checkout -q -- infra

# SARIF in diff mode holds only the changed lines' findings.
expect_exit 1 "sarif in diff mode" -- "$palisade" scan infra --diff-base main --format sarif -o diff.sarif
python3 -c "
import json; r=json.load(open('diff.sarif'))['runs'][0]['results']
uris={x['locations'][0]['physicalLocation']['artifactLocation']['uri'] for x in r}
assert uris=={'infra/k8s/web.yaml'}, uris" && echo "ok: SARIF holds only changed lines" || { echo "FAIL: SARIF diff"; failures=$((failures + 1)); }
rm -f diff.sarif

expect_exit 2 "an unknown ref" -- "$palisade" scan infra --diff-base no-such-branch
expect_grep "no merge base of 'no-such-branch'" err.txt "says which ref"
expect_exit 2 "a ref that looks like an option" -- "$palisade" scan infra --diff-base=--output=x
mkdir -p "$scratch/outside/not-a-repo" && cd "$scratch/outside" && pod x true > not-a-repo/p.yaml
expect_exit 2 "outside a git repository" -- "$palisade" scan not-a-repo --diff-base main
expect_grep "not in a git repository" err.txt "says so"

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
