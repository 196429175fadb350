#!/usr/bin/env bash
# pre-commit latency: how long palisade itself takes to answer for one staged
# file — what the pre-commit hook runs (`palisade scan FILE`, with a
# .palisade.yaml found upward) — from process start to exit, measured with
# hyperfine (or a date loop). For context, the whole `pre-commit run` on the
# same file (pre-commit's own Python start-up included) when pre-commit is
# installed. Then, for each REPOSITORY named, the price of context: one file of
# it scanned alone (`palisade scan FILE`, the old hook) vs with the whole
# repository as context (`palisade scan --context . FILE`, the hook now), from
# the repository's top folder. Prints numbers; never fails because a machine
# is slow.
#   bench/precommit_latency.sh [BUILD_DIR [REPOSITORY...]]     (default build/release)
#   e.g. bench/precommit_latency.sh build/release ../shared/corpus/kubernetes/kubernetes-engine-samples
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir=$(pwd)
build=${1:-build/release}
repositories=()
for repository in "${@:2}"; do repositories+=("$(realpath "$repository")"); done
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
  echo "# palisade scan --context . k8s/deployment.yaml (the same, this one-file repository as context)"
  hyperfine -N --warmup 10 --runs 200 --ignore-failure "$palisade scan --context . k8s/deployment.yaml" 2>/dev/null | grep -E "Time|Range"
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
for repository in "${repositories[@]}"; do
  cd "$repository"
  # The file a commit stages: the first Bicep file, else the first YAML file, in sorted order.
  file=$(find . -name .git -prune -o -type f -name '*.bicep' -print | LC_ALL=C sort | sed -n 1p)
  [[ -n $file ]] || file=$(find . -name .git -prune -o -type f \( -name '*.yaml' -o -name '*.yml' \) -print | LC_ALL=C sort | sed -n 1p)
  file=${file#./}
  files=$(find . -name .git -prune -o -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.bicep' -o -name '*.bicepparam' -o -name '*.json' \) -print | wc -l)
  echo "# $(basename "$repository") ($files files, $(du -sh --exclude=.git . | cut -f1)): $file alone vs with --context ."
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 1 --min-runs 5 --ignore-failure "$palisade scan $file" "$palisade scan --context . $file" 2>/dev/null \
      | grep -E "Benchmark|Time|Range"
  else
    for command in "$palisade scan $file" "$palisade scan --context . $file"; do
      start=$(date +%s%N); for _ in $(seq 5); do $command >/dev/null 2>&1 || true; done
      echo "$command: mean $(( ($(date +%s%N) - start) / 5000000 )) ms"
    done
  fi
done
