#!/usr/bin/env bash
# labels: external
# pre-commit, for real: Debian's `pre-commit` runs this repository's
# .pre-commit-hooks.yaml (its `-system` hooks, with the built palisade on
# PATH) in a temporary git repository, offline. A commit with a privileged
# pod fails; once fixed it passes; a suppression with a reason lets it pass;
# the Bicep-only hook skips YAML and runs on Bicep; a bad .palisade.yaml
# stops the commit. With `--context .`, a commit that stages only a Deployment
# whose namespace's NetworkPolicy was committed earlier passes K8S031 (the
# old entry, which scanned the staged files alone, refused it), and one in a
# namespace with no policy anywhere is still refused. The hook manifest must
# also be well formed.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
command -v pre-commit >/dev/null || { echo "SKIP: pre-commit is not installed (scripts/setup installs it)"; exit 77; }
command -v git >/dev/null || { echo "SKIP: git is not installed"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" && scratch=$(pwd) || exit 2
failures=0
ok() { echo "ok: $1"; }
fail() { echo "FAIL: $1"; [[ -f "${2:-}" ]] && sed 's/^/  | /' "$2" | head -30; failures=$((failures + 1)); }

# Offline and isolated: our own pre-commit cache, git identity and no global config.
export PRE_COMMIT_HOME=$scratch/pre-commit-home
export HOME=$scratch/home GIT_CONFIG_NOSYSTEM=1 GIT_CEILING_DIRECTORIES=$scratch
mkdir -p "$HOME" bin
git config --global user.email test@example.invalid
git config --global user.name palisade-test
git config --global init.defaultBranch main
ln -s "$palisade" bin/palisade
export PATH=$scratch/bin:$PATH

# The manifest as published: every hook has an id, entry, language and a files pattern.
python3 - "$src/.pre-commit-hooks.yaml" <<'PY' && ok "manifest is well formed" || fail "manifest"
import re, sys, yaml
hooks = yaml.safe_load(open(sys.argv[1]))
ids = {h["id"] for h in hooks}
for base in ("palisade", "palisade-bicep", "palisade-arm", "palisade-kubernetes"):
    assert base in ids and base + "-system" in ids, base
for h in hooks:
    assert h["entry"] == "palisade scan --context ." and h["language"] in ("docker", "system"), h
    assert h.get("require_serial") is True, h
    re.compile(h["files"])
def matches(hook_id, name):
    return re.search(next(h for h in hooks if h["id"] == hook_id)["files"], name) is not None
assert matches("palisade", "infra/main.bicep") and matches("palisade", "prod.bicepparam") and matches("palisade", "k8s/a.yml")
assert not matches("palisade", "package.json") and matches("palisade-arm", "azuredeploy.json")
assert matches("palisade-bicep", "main.bicep") and not matches("palisade-bicep", "a.yaml")
assert matches("palisade-kubernetes", "a.yaml") and not matches("palisade-kubernetes", "main.bicep")
PY

# A hooks repository holding the manifest, referenced by path (pre-commit clones it locally).
mkdir hooks && cp "$src/.pre-commit-hooks.yaml" hooks/
git -C hooks init -q && git -C hooks add . && git -C hooks commit -q -m hooks
rev=$(git -C hooks rev-parse HEAD)

mkdir project && cd project && git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $scratch/hooks
    rev: $rev
    hooks:
      - id: palisade-system
      - id: palisade-bicep-system
YAML
pre-commit install >"$scratch/install.log" 2>&1 || fail "pre-commit install" "$scratch/install.log"
mkdir k8s
write_pod() {  # write_pod PRIVILEGED-LINE
  cat > k8s/pod.yaml <<YAML
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
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
        $1
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
YAML
}
write_pod "privileged: true"
git add -A
if git commit -q -m "bad pod" >"$scratch/commit.log" 2>&1; then
  fail "a commit with a privileged pod is refused" "$scratch/commit.log"
else
  ok "a commit with a privileged pod is refused"
fi
grep -qE "k8s/pod.yaml:16:[0-9]+: critical K8S002 privileged-container" "$scratch/commit.log" && ok "the hook names the file, line and rule" \
  || fail "hook output names k8s/pod.yaml:16 K8S002" "$scratch/commit.log"
grep -qE "palisade \(Bicep\).*Skipped" "$scratch/commit.log" && ok "the Bicep-only hook skips a YAML-only commit" \
  || fail "Bicep hook skipped" "$scratch/commit.log"

write_pod "privileged: false"
git add -A
if git commit -q -m "fixed pod" >"$scratch/commit.log" 2>&1; then ok "the fixed pod commits"; else fail "the fixed pod commits" "$scratch/commit.log"; fi

write_pod "privileged: true  # palisade-ignore K8S002: vendor agent, reviewed in SEC-42"
git add -A
if git commit -q -m "suppressed" >"$scratch/commit.log" 2>&1; then ok "a suppression with a reason lets it commit"; else fail "suppressed commit" "$scratch/commit.log"; fi

write_pod "privileged: true  # palisade-ignore K8S002"
git add -A
if git commit -q -m "no reason" >"$scratch/commit.log" 2>&1; then
  fail "a suppression without a reason is refused" "$scratch/commit.log"
else
  grep -q "GEN008" "$scratch/commit.log" && ok "a suppression without a reason is refused (GEN008)" || fail "GEN008 named" "$scratch/commit.log"
fi
git checkout -q -- . 2>/dev/null; git reset -q --hard

cat > main.bicep <<'BICEP'
output answer int = 42
BICEP
git add -A
if pre-commit run --files main.bicep >"$scratch/run.log" 2>&1; then
  grep -qE "palisade \(Bicep\).*Passed" "$scratch/run.log" && ok "the Bicep hook runs on .bicep files" || fail "Bicep hook ran" "$scratch/run.log"
else
  fail "pre-commit run on a clean Bicep file" "$scratch/run.log"
fi

# The configuration is honoured, and a broken one stops the commit with exit 2 and a location.
printf 'ignore: [K8S002]\n' > .palisade.yaml
write_pod "privileged: true"
git add -A
if git commit -q -m "rule off in config" >"$scratch/commit.log" 2>&1; then ok ".palisade.yaml turns a rule off for the hook"; else fail "config honoured" "$scratch/commit.log"; fi
printf 'ignore: [K8S002]\nfail_on: error\n' > .palisade.yaml
git add -A
if git commit -q -m "bad config" >"$scratch/commit.log" 2>&1; then
  fail "a bad .palisade.yaml stops the commit" "$scratch/commit.log"
else
  grep -q ".palisade.yaml:2:1: error: unknown key 'fail_on'" "$scratch/commit.log" && ok "a bad .palisade.yaml stops the commit, located" \
    || fail "bad config located" "$scratch/commit.log"
fi

# Context: the whole repository is read, only the staged files are reported.
cd "$scratch"
mkdir hooks-alone && sed 's/entry: palisade scan --context \.$/entry: palisade scan/' "$src/.pre-commit-hooks.yaml" > hooks-alone/.pre-commit-hooks.yaml
grep -q "entry: palisade scan$" hooks-alone/.pre-commit-hooks.yaml || fail "the old manifest (staged files alone) is made"
git -C hooks-alone init -q && git -C hooks-alone add . && git -C hooks-alone commit -q -m hooks
mkdir context && cd context && git init -q
hooks_config() {  # hooks_config HOOKS-REPO
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks: [{id: palisade-kubernetes-system}]\n' "$1" "$(git -C "$1" rev-parse HEAD)"
}
hooks_config "$scratch/hooks" > .pre-commit-config.yaml
hooks_config "$scratch/hooks-alone" > alone-config.yaml  # untracked, used by `pre-commit run --config`
pre-commit install >"$scratch/install.log" 2>&1 || fail "pre-commit install (context)" "$scratch/install.log"
source "$src/tests/shell/lib/manifests.bash"
mkdir -p policies apps
default_deny_policy shop > policies/shop.yaml
git add .pre-commit-config.yaml policies
if git commit -q -m "shop's network policy" >"$scratch/commit.log" 2>&1; then ok "the namespace's policy commits first"; else fail "policy commit" "$scratch/commit.log"; fi
clean_deployment web shop > apps/web.yaml
git add apps/web.yaml
if pre-commit run --config alone-config.yaml >"$scratch/run.log" 2>&1; then
  fail "the staged Deployment scanned alone false-fires K8S031 (palisade scan without --context)" "$scratch/run.log"
else
  grep -qE "apps/web.yaml:2:1: medium K8S031" "$scratch/run.log" && ok "scanned alone, the staged Deployment false-fires K8S031" \
    || fail "K8S031 named when scanned alone" "$scratch/run.log"
fi
if git commit -q -m "web in shop" >"$scratch/commit.log" 2>&1; then
  ok "with --context, a Deployment whose namespace's policy is committed elsewhere commits"
else
  fail "with --context, the Deployment in shop commits" "$scratch/commit.log"
fi
[[ $(git log --oneline | wc -l) -eq 2 ]] || fail "two commits in the context repository"
clean_deployment invoices billing > apps/invoices.yaml
git add apps/invoices.yaml
if git commit -q -m "invoices in billing" >"$scratch/commit.log" 2>&1; then
  fail "a Deployment in a namespace with no policy anywhere is refused" "$scratch/commit.log"
else
  grep -qE "apps/invoices.yaml:2:1: medium K8S031" "$scratch/commit.log" && ok "a namespace with no policy anywhere is still refused (K8S031)" \
    || fail "K8S031 on apps/invoices.yaml" "$scratch/commit.log"
fi

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
