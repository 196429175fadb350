#!/usr/bin/env bash
# The scan cache from the command line: `.palisade_cache/` at the scan root,
# ignored by git by itself; a warm run reports byte for byte what a cold one
# and a --no-cache one do; --no-cache and standard input write nothing; two
# runs at once on one cache agree, before and after an edit of a module (whose
# task alone is evaluated again); truncated entries are ignored and rewritten;
# a read-only tree is scanned without a cache, silently.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
unset PALISADE_CACHE_DIR PALISADE_NO_CACHE

make_repo() {
  mkdir -p "$1/modules"
  cat > "$1/main.bicep" <<'BICEP'
param location string = resourceGroup().location
module store 'modules/storage.bicep' = {
  name: 'store'
  params: {
    location: location
  }
}
BICEP
  cat > "$1/modules/storage.bicep" <<'BICEP'
param location string
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'sacache'
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    allowBlobPublicAccess: true
    minimumTlsVersion: 'TLS1_0'
  }
}
BICEP
}
scan_json() { "$palisade" scan "$@" --format json --fail-on none; }
# The scan root is the current folder when the paths are inside it (as pre-commit runs palisade).
scan_in() { local dir=$1; shift; (cd "$dir" && scan_json "$@"); }

make_repo repo
scan_in repo . -o ../cold.json 2>err.txt
check "a scan writes .palisade_cache/ at the scan root" "[[ -d repo/.palisade_cache/v1 ]]"
check "the cache folder ignores itself in git" "grep -qx '\*' repo/.palisade_cache/.gitignore"
if command -v git >/dev/null; then
  git -C repo init -q && check "git sees nothing to add in .palisade_cache" "[[ -z \$(git -C repo status --porcelain --untracked-files=all | grep palisade_cache) ]]"
fi
check "the cold report has findings" "grep -q AZR repo/../cold.json"
scan_in repo . -o ../warm.json 2>/dev/null
scan_in repo . --no-cache -o ../nocache.json 2>/dev/null
check "warm report is the cold one, byte for byte" "cmp -s cold.json warm.json"
check "--no-cache report is the cold one, byte for byte" "cmp -s cold.json nocache.json"

make_repo fresh
scan_in fresh . --no-cache -o /dev/null 2>/dev/null
check "--no-cache writes no cache" "[[ ! -e fresh/.palisade_cache ]]"
PALISADE_NO_CACHE=1 scan_in fresh . -o /dev/null 2>/dev/null
check "PALISADE_NO_CACHE=1 writes no cache" "[[ ! -e fresh/.palisade_cache ]]"
mkdir stdin-only && (cd stdin-only && scan_json - --stdin-filename main.bicep < ../fresh/main.bicep -o ../stdin.json 2>/dev/null)
check "standard input is never cached" "[[ -z \$(ls -A stdin-only) ]]"

scan_in fresh . --cache-dir ../elsewhere -o ../dir.json 2>/dev/null
check "--cache-dir puts the cache there, not in the tree" "[[ -d elsewhere/v1 && ! -e fresh/.palisade_cache ]]"
check "--cache-dir: the same report" "cmp -s dir.json nocache.json"
check "the scans outside repo/ wrote no cache in the current folder" "[[ ! -e .palisade_cache ]]"

# Two runs at once on an empty cache, then two at once on a warm one.
for round in cold warm; do
  scan_in repo . --cache-dir ../shared -o "../a-$round.json" 2>/dev/null &
  scan_in repo . --cache-dir ../shared -o "../b-$round.json" 2>/dev/null &
  wait
  check "two concurrent runs ($round cache) report what one uncached run does" \
    "cmp -s a-$round.json nocache.json && cmp -s b-$round.json nocache.json"
done
check "no temporary file is left in the cache" "[[ -z \$(find shared -name '*.tmp') ]]"

# An edited module: its task is evaluated again (per-task entries), the report is the --no-cache one; then two runs
# at once after another edit.
sed -i 's/TLS1_0/TLS1_1/' repo/modules/storage.bicep
scan_in repo . --no-cache -o ../edited-nocache.json 2>/dev/null
(cd repo && PALISADE_CACHE_TRACE=1 scan_json . --cache-dir ../shared -o ../edited.json 2>../edited.err)
check "after editing a module: the report is the --no-cache one, byte for byte" "cmp -s edited.json edited-nocache.json"
check "after editing a module: main.bicep's task was evaluated again, from main.bicep's summary" \
  "grep -q 'bicep cache: 1 of 2 files known from their summaries, 0 tasks reused, 1 evaluated' edited.err"
check "the edit shows in the report" "! cmp -s edited.json nocache.json"
sed -i 's/TLS1_1/TLS1_2/' repo/modules/storage.bicep
scan_in repo . --no-cache -o ../edited2-nocache.json 2>/dev/null
scan_in repo . --cache-dir ../shared -o ../c-edited.json 2>/dev/null &
scan_in repo . --cache-dir ../shared -o ../d-edited.json 2>/dev/null &
wait
check "two concurrent runs after an edit report what one uncached run does" \
  "cmp -s c-edited.json edited2-nocache.json && cmp -s d-edited.json edited2-nocache.json"
sed -i 's/TLS1_2/TLS1_0/' repo/modules/storage.bicep

# Damage: every entry cut in half, then garbage.
for damage in truncate garbage; do
  while IFS= read -r entry; do
    if [[ $damage == truncate ]]; then truncate -s $(( $(stat -c %s "$entry") / 2 )) "$entry"; else head -c 300 /dev/urandom > "$entry"; fi
  done < <(find shared/v1 -type f)
  (cd repo && "$palisade" scan . --cache-dir ../shared --format json --fail-on none -o ../damaged.json 2>../err.txt)
  check "a $damage entry is no error" "[[ $? -eq 0 ]]"
  check "a $damage entry: the same report" "cmp -s damaged.json nocache.json"
  check "a $damage entry: nothing said about it" "[[ ! -s err.txt ]] || ! grep -qi cache err.txt"
done

# A tree the user cannot write (root can write anywhere: skipped then).
if [[ $(id -u) -ne 0 ]]; then
  make_repo readonly && chmod -R a-w readonly
  (cd readonly && "$palisade" scan . --format json --fail-on none -o ../ro.json 2>../err.txt)
  check "a read-only tree is scanned" "[[ $? -eq 0 ]]"
  check "no cache folder appears in a read-only tree" "[[ ! -e readonly/.palisade_cache ]]"
  check "a read-only tree: nothing said about the cache" "! grep -qi cache err.txt"
  chmod -R u+w readonly
fi
finish
