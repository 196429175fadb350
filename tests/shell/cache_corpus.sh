#!/usr/bin/env bash
# The cache changes nothing a report says: three repositories of the Bicep
# corpus (ALZ-Bicep, aks-baseline, bicep-user-samples: 764 files, every
# template and module read through the cache) scanned cold, warm and with
# --no-cache give three JSON reports equal byte for byte, the warm one from the
# scan memo (the whole result kept, scan/scan_memo.h). Then, on a copy, after
# editing ALZ-Bicep's most called module (policyAssignmentManagementGroup.bicep)
# and a leaf file: the Bicep reading reuses the other evaluation tasks' entries
# and the files' parse summaries, and the report is the --no-cache one byte for
# byte. A subset, to stay
# within CI's time: the whole Bicep corpus passes too (33 s on a loaded 2-core
# machine; bench/RESULTS.md). The Kubernetes corpus is left out: only Bicep
# reading is cached so far (docs/architecture.md, "Cache").
# Usage: cache_corpus.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR
# labels: corpus
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
corpus=$(realpath -m "$src/../shared/corpus")
[[ -d $corpus/bicep ]] || { echo "skip: no corpus at $corpus"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
unset PALISADE_CACHE_DIR PALISADE_NO_CACHE

run() {  # NAME ARGS...: a JSON report of the Bicep corpus, scanned from its folder (the scan root)
  local name=$1; shift
  local start=$SECONDS
  (cd "$corpus/bicep" && "$palisade" scan ALZ-Bicep aks-baseline bicep-user-samples --format json --fail-on none -o "$scratch/$name.json" "$@" 2>"$scratch/$name.err")
  echo "$name: exit $?, $((SECONDS - start)) s"
}
run cold --cache-dir "$scratch/cache"
PALISADE_CACHE_TRACE=1 run warm --cache-dir "$scratch/cache"
run nocache --no-cache
check "the cache was written" "[[ -n \$(find cache/v1 -type f) ]]"
check "the reports have findings" "grep -q '\"ruleId\"' cold.json || grep -q 'AZR' cold.json"
check "cold and warm reports are equal byte for byte" "cmp cold.json warm.json"
check "cold and --no-cache reports are equal byte for byte" "cmp cold.json nocache.json"
check "the warm run reused the whole result (scan memo hit)" "grep -q 'scan memo hit' warm.err"
check "nothing was written into the corpus" "[[ ! -e $corpus/bicep/.palisade_cache ]]"

# Edits on a copy: a module most tasks call, then a file no other file calls.
mkdir copy && cp -R "$corpus/bicep/ALZ-Bicep" "$corpus/bicep/aks-baseline" "$corpus/bicep/bicep-user-samples" copy/
scan_copy() {  # NAME ARGS...
  local name=$1; shift
  (cd copy && "$palisade" scan ALZ-Bicep aks-baseline bicep-user-samples --format json --fail-on none -o "$scratch/$name.json" "$@" 2>"$scratch/$name.err")
}
scan_copy copy-cold --cache-dir "$scratch/copy-cache"
popular=ALZ-Bicep/infra-as-code/bicep/modules/policy/assignments/policyAssignmentManagementGroup.bicep
leaf=$(cd copy && grep -rL "^module " --include=*.bicep aks-baseline | LC_ALL=C sort | head -1)
for edited in "$popular" "$leaf"; do
  printf '\n// edited by cache_corpus.sh\n' >> "copy/$edited"
  PALISADE_CACHE_TRACE=1 scan_copy after-edit --cache-dir "$scratch/copy-cache"
  scan_copy after-edit-nocache --no-cache
  if ! cmp -s after-edit.json after-edit-nocache.json && grep -q 'over its time budget' after-edit.json after-edit-nocache.json; then
    # A wall-clock budget (GEN015) depends on the machine's load, not on the cache: not comparable.
    echo "skip: after editing $edited: an evaluation ran over its time budget (machine under load)"
  else
    check "after editing $edited: the report is the --no-cache one, byte for byte" "cmp after-edit.json after-edit-nocache.json"
  fi
  check "after editing $edited: some tasks were reused, not all" "grep -qE 'bicep cache: [0-9]+ of [0-9]+ files known from their summaries, [1-9][0-9]* tasks reused, [1-9][0-9]* evaluated' after-edit.err"
done
finish
