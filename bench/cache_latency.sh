#!/usr/bin/env bash
# The scan cache on a pre-commit run with context: `palisade scan --context .
# FILE` from a repository's top folder (FILE: its first .bicep file, sorted),
# with the cache emptied before each run (cold), with it filled (warm: the scan
# memo holds, every file vouched for by the stat memo), with --no-cache, warm
# after touching every .bicep file (same bytes: the memo holds, the stat memo
# cannot vouch, so each is hashed), and after a one-line edit of FILE (a
# comment appended: the scan memo misses; the Bicep reading reuses every
# evaluation task that does not read FILE and the parse summary of every other
# file), then the same after editing a leaf (an entry file no file calls: one
# task) and the module most files call (every task that reads it), on a copy of
# the repository, with what the Bicep reading reused. Then whether warm meets
# issue 25's target (<= 150 ms, < cold/10) and whether an edit is < cold/3.
# Then the cache's size on disk per MB of input read. Wall time: mean of RUNS
# runs (hyperfine when installed, else a date loop); user CPU from /usr/bin/time.
#   bench/cache_latency.sh [BUILD_DIR [REPOSITORY [RUNS]]]
#   default: build/release ../shared/corpus/bicep/bicep-registry-modules 5
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
repository=$(realpath "${2:-../shared/corpus/bicep/bicep-registry-modules}")
runs=${3:-5}
palisade=$(realpath "$build/palisade")
[[ -x $palisade ]] || { echo "build $build/palisade first (scripts/build release)"; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -R "$repository" "$work/repo"
cd "$work/repo"
file=$(find . -name '*.bicep' -not -path './.palisade_cache/*' | LC_ALL=C sort | awk 'NR == 1')
cache=$work/cache
scan=("$palisade" scan --context . "$file" --format json -o /dev/null --fail-on none --cache-dir "$cache")

mean_ms() {  # PREPARE COMMAND...: mean wall time in ms over $runs runs
  local prepare=$1; shift
  local total=0
  for ((i = 0; i < runs; i++)); do
    eval "$prepare"
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s%N)
    total=$((total + (end - start) / 1000))
  done
  echo "$((total / runs / 1000))"
}
user_ms() {  # PREPARE COMMAND...: user+system CPU of one run, in ms
  local prepare=$1; shift
  eval "$prepare"
  /usr/bin/time -f '%U %S' -o "$work/time" "$@" >/dev/null 2>&1 || true
  awk '{printf "%d", ($1 + $2) * 1000}' "$work/time"
}
edit='printf "\n// edited %s\n" $RANDOM >> "$file"'
echo "# $(date -u '+%Y-%m-%d %H:%M') UTC, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# $(basename "$repository"): palisade scan --context . $file (runs: $runs)"
printf '%-28s %10s %12s\n' case "wall ms" "CPU ms"
cold_ms=$(mean_ms 'rm -rf "$cache"' "${scan[@]}")
printf '%-28s %10s %12s\n' "cold (empty cache)" "$cold_ms" "$(user_ms 'rm -rf "$cache"' "${scan[@]}")"
"${scan[@]}" >/dev/null 2>&1 || true
sleep 3  # the stat memo trusts files older than itself by 2 s (racily clean): the copy's files are new
"${scan[@]}" >/dev/null 2>&1 || true
warm_ms=$(mean_ms : "${scan[@]}")
printf '%-28s %10s %12s\n' "warm" "$warm_ms" "$(user_ms : "${scan[@]}")"
printf '%-28s %10s %12s\n' "--no-cache" "$(mean_ms : "${scan[@]}" --no-cache)" "$(user_ms : "${scan[@]}" --no-cache)"
printf '%-28s %10s %12s\n' "warm, memo checked by hashing" "$(mean_ms 'find . -name "*.bicep" -exec touch {} +' "${scan[@]}")" "$(user_ms 'find . -name "*.bicep" -exec touch {} +' "${scan[@]}")"
edit_ms=$(mean_ms "$edit" "${scan[@]}")
printf '%-28s %10s %12s\n' "one-line edit of FILE" "$edit_ms" "$(user_ms "$edit" "${scan[@]}")"
# The module named by the most `module` declarations (resolved from each file's folder), and the first
# file no declaration names (a leaf: a test entry, *.test.*, when there is one).
called=$(grep -rHoE --include='*.bicep' "^module [A-Za-z0-9_]+ '[^':]+\.bicep'" . \
  | sed -E "s|^(.*)/[^/]*:module [A-Za-z0-9_]+ '([^']+)'|\1/\2|" | xargs -r realpath -m --relative-to=. | LC_ALL=C sort)
popular=./$(uniq -c <<< "$called" | sort -rn | awk 'NR == 1 {print $2}')
uncalled=$(find . -name '*.bicep' -not -path './.palisade_cache/*' | LC_ALL=C sort | sed 's|^\./||' | grep -vxF -f <(uniq <<< "$called"))
leaf=./$( (grep -F '.test.' <<< "$uncalled" || echo "$uncalled") | awk 'NR == 1')
for row in "leaf:$leaf" "popular:$popular"; do
  target=${row#*:}
  [[ -f $target ]] || continue
  edit_target="printf '\\n// edited %s\\n' \$RANDOM >> '$target'"
  printf '%-28s %10s %12s\n' "one-line edit, ${row%%:*}" "$(mean_ms "$edit_target" "${scan[@]}")" "$(user_ms "$edit_target" "${scan[@]}")"
  eval "$edit_target"
  echo "  ${row%%:*} = $target: $(PALISADE_CACHE_TRACE=1 "${scan[@]}" 2>&1 >/dev/null | grep 'bicep cache' || echo 'no Bicep cache trace')"
done
echo "warm run: $(PALISADE_CACHE_TRACE=1 "${scan[@]}" 2>&1 >/dev/null | grep 'scan memo' || echo 'no scan memo trace')"
verdict() { (( warm_ms <= 150 && warm_ms * 10 < cold_ms )) && echo "met" || echo "NOT met"; }
echo "target warm <= 150 ms and < cold/10 ($((cold_ms / 10)) ms): $(verdict) (warm $warm_ms ms)"
echo "one-line edit of FILE < cold/3 ($((cold_ms / 3)) ms): $( (( edit_ms * 3 < cold_ms )) && echo met || echo "NOT met") (edit $edit_ms ms)"
# What the scan reads (every format), as palisade_bench counts it.
input_mb=$("$(dirname "$palisade")/bench/palisade_bench" parse . --repeat 1 2>/dev/null | grep -o 'MB=[0-9.]*' | cut -d= -f2 || true)
cache_bytes=$(du -sb "$cache" | cut -f1)
echo "cache on disk: $cache_bytes bytes$([[ -n $input_mb ]] && awk -v c="$cache_bytes" -v i="$input_mb" 'BEGIN { printf " for %.2f MB read: %.2f MB per MB of input", i, c / 1048576 / i }')"
