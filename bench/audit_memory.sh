#!/usr/bin/env bash
# Batch audit memory: peak RSS and wall time of `palisade audit` over the
# Kubernetes and Bicep corpus repositories (each folder under
# corpus/kubernetes and corpus/bicep is one repository), once (1×) and as N
# symlinked copies of each (N×, default 10), with 1 and 2 jobs. Peak memory
# should follow the largest repository, not the number of repositories.
# Prints numbers; never fails because a machine is slow or big.
#   bench/audit_memory.sh [BUILD_DIR] [COPIES]     (default build/release 10)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
copies=${2:-10}
corpus=$(realpath "${PALISADE_CORPUS:-../shared/corpus}")
palisade=$(realpath "$build/palisade")
[[ -x $palisade ]] || { echo "build $build/palisade first (scripts/build release)"; exit 2; }
[[ -x /usr/bin/time ]] || { echo "audit memory: /usr/bin/time is not installed; skipped"; exit 0; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir "$work/x1" "$work/xN"
for repo in "$corpus"/kubernetes/* "$corpus"/bicep/*; do
  [[ -d $repo ]] || continue
  name=$(basename "$(dirname "$repo")")-$(basename "$repo")
  ln -s "$repo" "$work/x1/$name"
  for i in $(seq "$copies"); do ln -s "$repo" "$work/xN/$name-$i"; done
done
echo "# batch audit memory: $(ls "$work/x1" | wc -l) repositories, 1× and ${copies}× (symlinked copies)"
for tree in x1 xN; do
  for jobs in 1 2; do
    rm -rf "$work/out"
    /usr/bin/time -f '%e %M' -o "$work/time.txt" "$palisade" audit "$work/$tree"/* --output-dir "$work/out" \
      --jobs "$jobs" --progress none --fail-on none >/dev/null 2>&1 || true
    read -r seconds kilobytes <"$work/time.txt"
    findings=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['findings'])" \
      "$work/out/palisade-audit.json" 2>/dev/null || echo '?')
    label=$([[ $tree == x1 ]] && echo 1× || echo "${copies}×")
    printf 'audit %-4s --jobs %s  %7.1f s  peak RSS %5d MB  %s open findings\n' "$label" "$jobs" "$seconds" \
      $((kilobytes / 1024)) "$findings"
  done
done
