#!/usr/bin/env bash
# The command line as a user meets it: exit codes 0/1/2, --fail-on, --select,
# --output written atomically (and refused into a missing folder), standard
# input, usage errors, `rules`, `explain` and `version`.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir clean bad
# The clean file satisfies every rule; the bad one is judged by K8S001/K8S002 only (--select),
# so the test does not change when the Kubernetes pack grows.
cat > clean/sa.yaml <<'YAML'
apiVersion: v1
kind: ServiceAccount
metadata: {name: api, namespace: shop}
automountServiceAccountToken: false
YAML
cat > bad/pod.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop}
spec:
  serviceAccountName: api
  automountServiceAccountToken: false
  containers:
    - name: app
      image: nginx:1.25
      securityContext: {privileged: true}
YAML

expect_exit 0 "clean folder exits 0" -- "$palisade" scan clean
expect_grep "No findings" out.txt "clean scan says so"
expect_exit 1 "a finding exits 1" -- "$palisade" scan bad --select K8S001,K8S002
expect_grep "^bad/pod.yaml:10:[0-9]+: critical K8S002 " out.txt "text line is file:line:col: severity RULE …"
expect_exit 0 "--fail-on none never fails" -- "$palisade" scan bad --fail-on none
expect_exit 0 "--ignore drops the rule" -- "$palisade" scan bad --select K8S001,K8S002 --ignore K8S002
expect_exit 1 "--select by name" -- "$palisade" scan bad --select privileged-container
expect_exit 2 "--select of an unknown rule is a usage error" -- "$palisade" scan bad --select K8S999
expect_exit 2 "unknown option" -- "$palisade" scan --bogus
expect_exit 2 "unknown format" -- "$palisade" scan bad --format yaml
expect_exit 2 "bad --jobs" -- "$palisade" scan bad --jobs 0
expect_exit 2 "no command" -- "$palisade"
expect_exit 2 "a missing path is exit 2 (a CI that mistypes a folder must fail)" -- "$palisade" scan clean does-not-exist
expect_grep "^palisade scan: does-not-exist: no such file or directory$" err.txt "one clear line names it"

# --output: written whole, atomically; a missing folder is a clear error and leaves nothing.
expect_exit 1 "sarif to a file" -- "$palisade" scan bad --select K8S002 --format sarif --output report.sarif
python3 -c "import json,sys; d=json.load(open('report.sarif')); assert d['runs'][0]['results'][0]['ruleId']=='K8S002'" \
  && echo "ok: sarif file is complete JSON" || { echo "FAIL: sarif file"; failures=$((failures + 1)); }
[[ -z "$(ls -A . | grep -E '\.tmp$')" ]] && echo "ok: no temporary file left" || { echo "FAIL: temp file left"; failures=$((failures + 1)); }
expect_exit 2 "--output into a missing folder" -- "$palisade" scan bad --output no/such/dir/r.txt
expect_grep "does not exist" err.txt "missing folder is named"
[[ ! -e no ]] && echo "ok: nothing created" || { echo "FAIL: created a folder"; failures=$((failures + 1)); }

# Standard input, named for the report.
expect_exit 1 "stdin with --stdin-filename" -- bash -c "cat bad/pod.yaml | '$palisade' scan - --stdin-filename rendered/pod.yaml"
expect_grep "^rendered/pod.yaml:10:" out.txt "stdin findings carry the given name"

# The scanned files are never modified.
before=$(sha256sum bad/pod.yaml)
"$palisade" scan bad --format sarif -o /dev/null >/dev/null 2>&1
[[ "$(sha256sum bad/pod.yaml)" == "$before" ]] && echo "ok: input untouched" || { echo "FAIL: input changed"; failures=$((failures + 1)); }

expect_exit 0 "rules" -- "$palisade" rules
expect_grep "^K8S001 " out.txt "rules lists K8S001"
expect_exit 0 "explain" -- "$palisade" explain K8S002
expect_grep "^# K8S002 privileged-container" out.txt "explain prints the rule page"
expect_exit 2 "explain an unknown rule" -- "$palisade" explain NOPE001
expect_exit 0 "version" -- "$palisade" version
expect_grep "^palisade [0-9]+\.[0-9]+\.[0-9]+" out.txt "version format"

# A bad user rule pack is a located error and exit 2.
mkdir -p pack && printf 'id: X001\nname: Bad Name\n' > pack/bad.yaml
expect_exit 2 "bad rule file" -- "$palisade" scan clean --rules pack
expect_grep "pack/bad.yaml:2:7: error: rule name 'Bad Name' must be kebab-case" err.txt "rule error is located"

echo "$failures failed"
[[ $failures -eq 0 ]]
