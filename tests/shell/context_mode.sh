#!/usr/bin/env bash
# Context mode, the command pre-commit runs: `scan --context DIR PATH...`
# reads and checks all of DIR but reports only the findings (and parse errors)
# of the named files or folders, in every format, and exits on those alone.
# A namespace's NetworkPolicy in another file counts; a privileged pod or a
# broken file elsewhere does not fail the run; a workload added to a namespace
# whose Namespace object (and K8S031 finding) is in another file still fails
# it, through the finding's related locations. A PATH outside DIR is exit 2.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/manifests.bash"

mkdir -p repo/k8s repo/other repo/broken repo/billing && cd repo
clean_deployment web shop "privileged: false" > k8s/web.yaml
default_deny_policy shop > k8s/policy.yaml
clean_deployment agent shop "privileged: true" > other/agent.yaml
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: x\n  bad: [\n' > broken/bad.yaml
clean_deployment invoices billing "privileged: false" > billing/invoices.yaml
mkdir pay && printf 'apiVersion: v1\nkind: Namespace\nmetadata: {name: pay}\n' > pay/namespace.yaml

# Without context the staged file is judged alone: its namespace seems to have no policy.
expect_exit 1 "the file alone: K8S031 false-fires" -- "$palisade" scan k8s/web.yaml
expect_grep "k8s/web.yaml:2:1: medium K8S031" out.txt "the file alone names K8S031"

expect_exit 0 "--context .: the policy in another file counts, other files' findings are not reported" \
  -- "$palisade" scan --context . k8s/web.yaml
expect_no_grep "K8S031|K8S002|GEN001" out.txt "nothing of other/ or broken/ is reported"
expect_grep "read [0-9]+ Bicep, [0-9]+ ARM, [0-9]+ Kubernetes/Calico files" out.txt "the summary counts the whole project"
check "the whole project was read (6 files)" "grep -q '6 Kubernetes/Calico files' out.txt"

expect_exit 1 "--context .: a finding in a named file fails" -- "$palisade" scan --context . other/agent.yaml k8s/web.yaml
expect_grep "other/agent.yaml:[0-9]+:[0-9]+: critical K8S002" out.txt "the named file's finding is reported"
expect_exit 1 "--context .: a named file's parse error fails" -- "$palisade" scan --context . broken/bad.yaml
expect_grep "broken/bad.yaml:4:[0-9]+: high GEN001" out.txt "the named file's parse error is reported"
expect_exit 1 "--context .: a namespace with no policy anywhere still fails" -- "$palisade" scan --context . billing/invoices.yaml
expect_grep "billing/invoices.yaml:2:1: medium K8S031" out.txt "K8S031 on the namespace without a policy"
expect_no_grep "K8S002|GEN001" out.txt "only billing's finding"
clean_deployment ledger pay "privileged: false" > pay/ledger.yaml
expect_exit 1 "--context .: a workload of a namespace with no policy fails, its Namespace object elsewhere" \
  -- "$palisade" scan --context . pay/ledger.yaml
expect_grep "pay/namespace.yaml:2:1: medium K8S031" out.txt "K8S031 is reported at the Namespace object"
expect_grep "^ +pay/ledger.yaml:2:1: a workload in the namespace" out.txt "with the staged workload as its related location"
rm pay/ledger.yaml
expect_exit 0 "--context .: a folder means the files under it" -- "$palisade" scan --context . k8s
expect_exit 1 "--context .: and reports them" -- "$palisade" scan --context . other
expect_grep "other/agent.yaml.*K8S002" out.txt "other/agent.yaml reported through its folder"
expect_exit 0 "--fail-on error: the threshold applies to the reported findings only" \
  -- "$palisade" scan --context . billing/invoices.yaml --fail-on error

# Every format goes through the same filter; SARIF notifications (parse errors) too.
expect_exit 0 "--context . -f sarif" -- "$palisade" scan --context . k8s/web.yaml -f sarif
python3 - out.txt <<'PY' && echo "ok: SARIF has no results and no notifications of other files" || { echo "FAIL: SARIF filtered"; failures=$((failures + 1)); }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["results"] == [], run["results"]
assert not run["invocations"][0].get("toolExecutionNotifications"), run["invocations"][0]
PY
expect_exit 1 "--context . -f sarif on the broken file" -- "$palisade" scan --context . broken/bad.yaml -f sarif
python3 - out.txt <<'PY' && echo "ok: SARIF keeps the named file's parse error and notification" || { echo "FAIL: SARIF named file"; failures=$((failures + 1)); }
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert [r["ruleId"] for r in run["results"]] == ["GEN001"], run["results"]
notes = run["invocations"][0]["toolExecutionNotifications"]
assert [n["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for n in notes] == ["broken/bad.yaml"], notes
PY
for format in json junit github csv html; do
  expect_exit 0 "--context . -f $format: exit follows the reported findings" -- "$palisade" scan --context . k8s/web.yaml -f "$format"
  expect_no_grep "agent.yaml|bad.yaml" out.txt "-f $format names no other file"
done

# Without PATHs it is a scan of the folder; from a subfolder, paths stay relative to the root.
"$palisade" scan . >full.txt 2>&1; full_exit=$?
expect_exit "$full_exit" "--context . alone is the same as scan ." -- "$palisade" scan --context .
check "the same report" "diff -q full.txt out.txt >/dev/null"
(cd k8s && "$palisade" scan --context .. web.yaml >../sub.txt 2>&1); check "from a subfolder: --context .. web.yaml passes" "[[ $? -eq 0 ]]"

# A link inside DIR to a file outside it is DIR's: reported as not followed, as without --context.
mkdir -p ../elsewhere && clean_deployment far shop "privileged: false" > ../elsewhere/far.yaml && ln -s ../../elsewhere/far.yaml k8s/linked.yaml
expect_exit 1 "a staged link to a file outside DIR" -- "$palisade" scan --context . k8s/linked.yaml --format concise
expect_grep "k8s/linked.yaml:1:1: GEN005 .*outside the scan root" out.txt "it is reported as not followed"
expect_exit 0 "the link's problem is not reported for another file" -- "$palisade" scan --context . k8s/web.yaml
rm k8s/linked.yaml

# Usage errors: exit 2 with a message that says what is wrong.
expect_exit 2 "a PATH outside DIR" -- "$palisade" scan --context k8s other/agent.yaml
expect_grep "other/agent.yaml is outside the --context folder k8s" err.txt "the message names the path and the folder"
expect_exit 2 "a PATH outside DIR through .." -- "$palisade" scan --context k8s k8s/../other
expect_exit 2 "a PATH that does not exist" -- "$palisade" scan --context . k8s/gone.yaml
expect_grep "k8s/gone.yaml: no such file" err.txt "the missing path is named"
expect_exit 2 "DIR that is not a folder" -- "$palisade" scan --context k8s/web.yaml k8s/web.yaml
expect_exit 2 "standard input in context mode" -- "$palisade" scan --context . -
expect_exit 2 "--context without a value" -- "$palisade" scan --context

finish
