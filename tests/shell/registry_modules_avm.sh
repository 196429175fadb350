#!/usr/bin/env bash
# Issue 18: a registry module read from a folder mapping, --module-path
# br/public:avm/res=<the corpus' checkout of the AVM repository>/avm/res (and
# the same in .palisade.yaml's module-paths:). The AVM storage account module
# is the real one, newer syntax and all: 'Enabled' passed as its
# publicNetworkAccess with a firewall that allows every network (the module
# denies by default, which would make it no finding) is reported on the
# caller's argument line, with the AVM
# source as the related location, and none of the module's own notes leak out.
# Skipped (77) without the corpus.
set -u
palisade=$1 src=$2 scratch=$3
avm="$src/../shared/corpus/bicep/bicep-registry-modules/avm/res"
[[ -f "$avm/storage/storage-account/main.bicep" ]] || { echo "SKIP: no corpus AVM sources at $avm"; exit 77; }
avm=$(cd "$avm" && pwd)
rm -rf "$scratch" && mkdir -p "$scratch/project" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/findings.bash"
export HOME="$scratch/home"  # no Bicep module cache: only the mapping can resolve it

cat > project/main.bicep <<'BICEP'
module open 'br/public:avm/res/storage/storage-account:0.9.0' = {
  name: 'open'
  params: {
    name: 'stopen'
    publicNetworkAccess: 'Enabled'
    networkAcls: { defaultAction: 'Allow' }
  }
}
BICEP

report() {
  (cd project && "$palisade" scan "$@" --format json --fail-on none --select AZR001,AZR007,GEN001,GEN003,GEN006) | list_findings > report.txt
}

report .
expect_grep '^GEN006 main.bicep:1 ' report.txt "without a mapping (and no cache) the module is a GEN006 note"
report . --module-path "br/public:avm/res=$avm"
expect_grep '^AZR001 main.bicep:5 ' report.txt "through --module-path the finding is on the caller's argument line"
expect_grep '^AZR007 main.bicep:6 ' report.txt "an argument the module reads into a nested object is located at the argument too"
expect_grep 'related .*avm/res/storage/storage-account/main.bicep:' report.txt "the AVM source is the related location"
expect_no_grep '^(GEN001|GEN003|GEN006)' report.txt "the module's own notes are not the caller's"
printf 'module-paths:\n  br/public:avm/res: %s\n' "$avm" > project/.palisade.yaml
report .
expect_grep '^AZR001 main.bicep:5 ' report.txt "module-paths: in .palisade.yaml maps it too"
"$palisade" config project > config.txt
expect_grep 'br/public:avm/res=' config.txt "palisade config shows the mapping"
finish
