#!/usr/bin/env bash
# The scan memo (scan/scan_memo.h): a run over unchanged files reuses the
# whole result (PALISADE_CACHE_TRACE=1 says "scan memo hit"), and every
# change that could change a report is a miss: a file added in a nested
# folder, a file deleted, a module edited, .palisade.yaml edited, another
# option, an edit that keeps size and mtime. A touched file with the same bytes
# is still a hit. Each report (text, JSON, SARIF; with a comment suppression,
# an annotation suppression, a baseline, context mode) is the --no-cache one,
# byte for byte. (That a hit reads no file again once the files are older than
# the stat memo's margin is tests/cache_test.cpp's and bench/cache_latency.sh's:
# waiting for the margin here would cost CI seconds.)
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
unset PALISADE_CACHE_DIR PALISADE_NO_CACHE
export PALISADE_CACHE_TRACE=1

mkdir -p repo/modules repo/k8s/apps
cat > repo/main.bicep <<'BICEP'
param location string = resourceGroup().location
module store 'modules/storage.bicep' = {
  name: 'store'
  params: {
    location: location
  }
}
BICEP
cat > repo/modules/storage.bicep <<'BICEP'
param location string
resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {
  name: 'samemo'
  location: location
  sku: {
    name: 'Standard_LRS'
  }
  kind: 'StorageV2'
  properties: {
    allowBlobPublicAccess: true // palisade-ignore AZR001: public samples, reviewed OPS-1
    minimumTlsVersion: 'TLS1_0'
  }
}
BICEP
cat > repo/k8s/apps/agent.yaml <<'YAML'
apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
  annotations:
    palisade.dev/ignore-K8S009: "needs the node's network, reviewed SEC-1"
spec:
  template:
    spec:
      hostNetwork: true
      containers:
        - name: agent
          image: registry.example/agent:1.0
          securityContext:
            privileged: true  # palisade-ignore K8S002: CNI agent, reviewed SEC-2
YAML
echo 'fail-on: none' > repo/.palisade.yaml

# scan_pair NAME ARGS...: the same scan through the cache (NAME.out, trace in NAME.err) and with --no-cache
# (NAME.ref, NAME.referr). SARIF names the command line: that line and the --no-cache argument are left out.
scan_pair() {
  local name=$1; shift
  (cd repo && "$palisade" scan "$@" 2>"../$name.err" | grep -v -e '"commandLine"' -e '"--no-cache",' >"../$name.out"
   "$palisade" scan --no-cache "$@" 2>"../$name.referr" | grep -v -e '"commandLine"' -e '"--no-cache",' >"../$name.ref")
}
scan_one() { local name=$1; shift; (cd repo && "$palisade" scan "$@" -o /dev/null 2>"../$name.err"); }
hit() { grep -q 'scan memo hit' "$1.err"; }
miss() { grep -q 'scan memo miss' "$1.err"; }
same() { cmp -s "$1.out" "$1.ref"; }

scan_pair cold . --format json
check "a first run is a miss" "miss cold"
check "the report has findings, suppressed ones among them" "grep -q AZR cold.out && grep -q K8S002 cold.out && grep -q '\"suppressed\\|justification' cold.out"
for format in json sarif text; do
  scan_pair "warm-$format" . --format "$format"
  check "a second run is a hit ($format)" "hit warm-$format"
  check "the hit's $format report is the --no-cache one, byte for byte" "same warm-$format"
done
(cd repo && PALISADE_NO_CACHE=1 "$palisade" baseline . -o ../base.json 2>/dev/null)
check "a baseline was recorded" "[[ -s base.json ]]"
echo '      hostPID: true' >> repo/k8s/apps/agent.yaml  # one finding more than the baseline knows
scan_pair base1 . --format json --baseline ../base.json
scan_pair base2 . --format sarif --baseline ../base.json
check "with a baseline: a hit, the --no-cache report" "hit base2 && same base2 && same base1"
scan_pair context0 --context . k8s/apps/agent.yaml --format sarif
scan_pair context --context . k8s/apps/agent.yaml --format sarif
check "context mode (pre-commit): a hit, the --no-cache report" "hit context && same context"

touch repo/main.bicep
scan_pair touched . --format json
check "a file touched with the same bytes: still a hit" "hit touched && same touched"

mkdir -p repo/k8s/apps/deep/er
printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: new\nspec:\n  hostNetwork: true\n  containers: [{name: a, image: a}]\n' > repo/k8s/apps/deep/er/new.yaml
scan_pair added . --format json
check "a new file in a new nested folder: a miss, and the report has it" "miss added && same added && grep -q 'deep/er/new.yaml' added.out"
scan_one added2 . --format json
check "then a hit again" "hit added2"

rm repo/k8s/apps/deep/er/new.yaml
scan_pair deleted . --format json
check "a deleted file: a miss, the --no-cache report" "miss deleted && same deleted && ! grep -q 'new.yaml' deleted.out"

sed -i "s/TLS1_0/TLS1_1/" repo/modules/storage.bicep
scan_pair module . --format json
check "an edited module: a miss, the --no-cache report" "miss module && same module"

echo 'ignore: [AZR004]' >> repo/.palisade.yaml
scan_pair config . --format json
check "an edited .palisade.yaml: a miss, the --no-cache report" "miss config && same config"

scan_one strict . --format json --strict
check "another option (--strict): a miss" "miss strict"
scan_pair select . --format json --select K8S
check "another option (--select): a miss, the --no-cache report" "miss select && same select"
scan_one unstrict . --format json
check "the earlier options again: their entry is still there" "hit unstrict"

# Same size, same mtime, other bytes: ctime gives it away.
mtime=$(stat -c %y repo/main.bicep)
sed -i "s/name: 'store'/name: 'shop' /" repo/main.bicep
touch -d "$mtime" repo/main.bicep
scan_pair samesize . --format json
check "an edit keeping size and mtime: a miss, the --no-cache report" "miss samesize && same samesize && grep -q shop repo/main.bicep"

check "--no-cache says nothing of the memo" "! grep -q memo samesize.referr"
finish
