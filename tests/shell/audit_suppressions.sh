#!/usr/bin/env bash
# A batch audit honours each repository's inline suppressions: the finding
# stays in the repository's SARIF and JSON marked suppressed with its reason,
# does not count as open, and suppressions that do not work are reported
# (GEN008–GEN010) as in `palisade scan`. SARIF and JSON results carry GitHub's
# line hash, stamped after the filters.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir -p repos/suppressed repos/broken
cp "$src/fixtures/suppressions/yaml-comments.yaml" repos/suppressed/
cp "$src/fixtures/suppressions/yaml-broken-suppressions.yaml" repos/broken/

expect_exit 1 "audit of a repository with working and one with broken suppressions" -- \
  "$palisade" audit repos/suppressed repos/broken --output-dir out --progress none
check "scan and audit agree on the suppressed repository" \
  "python3 - out/repositories/repos_suppressed.json <<'PY'
import json, subprocess, sys
audit = json.load(open(sys.argv[1]))['reports'][0]['findings']
scan = json.loads(subprocess.run(['$palisade', 'scan', 'repos/suppressed', '--format', 'json', '--fail-on', 'none'],
                                 capture_output=True, text=True).stdout)['reports'][0]['findings']
key = lambda f: (f['rule_id'], f['location']['start_line'], f['status'])
assert sorted(map(key, audit)) == sorted(map(key, scan)), (audit, scan)
PY"
check "the privileged pod's K8S002 is suppressed in the SARIF with its reason" \
  "python3 - out/repositories/repos_suppressed.sarif <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))['runs'][0]['results']
k8s002 = [r for r in results if r['ruleId'] == 'K8S002']
assert k8s002, 'no K8S002 result'
assert all(r.get('suppressions') and r['suppressions'][0]['kind'] == 'inSource' for r in k8s002), k8s002
assert any('SEC-42' in r['suppressions'][0].get('justification', '') for r in k8s002)
PY"
check "suppression hygiene findings are reported in the broken repository" \
  "python3 - out/repositories/repos_broken.json <<'PY'
import json, sys
ids = {f['rule_id'] for f in json.load(open(sys.argv[1]))['reports'][0]['findings'] if f['status'] == 'active'}
assert {'GEN008', 'GEN010', 'K8S002'} <= ids, ids
PY"
check "every located SARIF result has a line hash" \
  "python3 - out/palisade-audit.sarif <<'PY'
import json, re, sys
results = [r for run in json.load(open(sys.argv[1]))['runs'] for r in run['results']]
assert results
for r in results:
    assert re.fullmatch(r'[0-9a-f]+:[0-9]+', r['partialFingerprints']['primaryLocationLineHash']), r
PY"
finish
