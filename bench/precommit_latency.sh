#!/usr/bin/env bash
# pre-commit latency: how long palisade itself takes to answer for one staged
# file — what the pre-commit hook runs (`palisade scan FILE`, with a
# .palisade.yaml found upward) — from process start to exit, measured with
# hyperfine (or a date loop). For context, the whole `pre-commit run` on the
# same file (pre-commit's own Python start-up included) when pre-commit is
# installed. Prints numbers; never fails because a machine is slow.
#   bench/precommit_latency.sh [BUILD_DIR]     (default build/release)
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$(pwd)
build=${1:-build/release}
palisade=$(realpath "$build/palisade")
[[ -x $palisade ]] || { echo "build $build/palisade first (scripts/build release)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
export HOME=$work GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME=$work/.cache
git init -q repo && cd repo
git config user.email bench@example.invalid && git config user.name bench
mkdir k8s
cat > .palisade.yaml <<'YAML'
fail-on: error
exclude: [vendor/]
YAML
cat > k8s/deployment.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      serviceAccountName: web
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: web
          image: registry.example/web:1.4.2
          ports: [{containerPort: 8080}]
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /live, port: 8080}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
YAML
git add -A
echo "# $(date -u +%Y-%m-%d) $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "# palisade scan k8s/deployment.yaml (one staged file, config found upward): palisade's own time"
if command -v hyperfine >/dev/null; then
  hyperfine -N --warmup 10 --runs 200 --ignore-failure "$palisade scan k8s/deployment.yaml" 2>/dev/null | grep -E "Time|Range"
else
  start=$(date +%s%N); for _ in $(seq 200); do "$palisade" scan k8s/deployment.yaml >/dev/null || true; done
  echo "mean $(( ($(date +%s%N) - start) / 200000 )) µs"
fi
if command -v pre-commit >/dev/null && command -v hyperfine >/dev/null; then
  mkdir -p "$work/bin" && ln -sf "$palisade" "$work/bin/palisade"
  mkdir "$work/hooks" && cp "$source_dir/.pre-commit-hooks.yaml" "$work/hooks/"
  git -C "$work/hooks" init -q && git -C "$work/hooks" add . && git -C "$work/hooks" -c user.email=b@e.invalid -c user.name=b commit -q -m hooks
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks: [{id: palisade-system}]\n' "$work/hooks" "$(git -C "$work/hooks" rev-parse HEAD)" > .pre-commit-config.yaml
  PATH=$work/bin:$PATH pre-commit run --files k8s/deployment.yaml >/dev/null 2>&1 || true  # clones the hook repo once
  echo "# for context: the whole pre-commit run --files k8s/deployment.yaml (pre-commit's Python included)"
  PATH=$work/bin:$PATH hyperfine -N --warmup 2 --runs 20 --ignore-failure "pre-commit run --files k8s/deployment.yaml" 2>/dev/null \
    | grep -E "Time|Range"
fi
