#!/usr/bin/env bash
# SARIF sized for its readers (issue 23): tool.driver.rules describes the
# rules that produced results or notifications (`--sarif-rules all`: every
# rule that ran), every ruleIndex points at its rule, and outputs stay within
# GitHub code scanning's upload limits (10 MB gzipped per file, 20 runs per
# file, 25,000 results and 25,000 rules per run, 20 tags per rule). A
# repository with no infrastructure code gets a small SARIF file.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir -p no-iac && echo "# docs only" > no-iac/README.md && echo 'print(1)' > no-iac/main.py
# Named, it read nothing: exit 2 and one line (issue 17), the SARIF file still written.
expect_exit 2 "a repository with no IaC" -- "$palisade" scan no-iac --format sarif --output no-iac.sarif
expect_grep "^palisade scan: no input read from no-iac" err.txt "says it read nothing"
size=$(stat -c %s no-iac.sarif)
check "its SARIF is small ($size bytes, under 20 KB)" "[[ $size -lt 20000 ]]"

expect_exit 1 "the demo as SARIF" -- "$palisade" scan "$src/fixtures/demo" --format sarif --output used.sarif
expect_exit 1 "the demo with --sarif-rules all" -- "$palisade" scan "$src/fixtures/demo" --format sarif --sarif-rules all --output all.sarif
expect_exit 1 "every fixture, --sarif-rules all" -- "$palisade" scan "$src/fixtures" --format sarif --sarif-rules all --output fixtures.sarif
expect_exit 2 "--sarif-rules takes used or all" -- "$palisade" scan "$src/fixtures/demo" --sarif-rules some
"$palisade" rules --format json >rules.json
# How many rules a scan of the demo runs (the default-off packs do not).
"$palisade" config "$src/fixtures/demo" | sed -nE 's/^# ([0-9]+) of [0-9]+ rules run$/\1/p' >running.txt

python3 - used.sarif all.sarif fixtures.sarif rules.json running.txt <<'PY' && echo "ok: rules subset, ruleIndex and GitHub's limits" || { echo "FAIL: SARIF rules"; failures=$((failures + 1)); }
import gzip, json, sys
used, every, fixtures = (json.load(open(p)) for p in sys.argv[1:4])
catalogue = json.load(open(sys.argv[4]))
catalogue = catalogue if isinstance(catalogue, list) else catalogue["rules"]

def check_indexes(doc):
    for run in doc["runs"]:
        rules = run["tool"]["driver"]["rules"]
        for r in run["results"]:
            assert rules[r["ruleIndex"]]["id"] == r["ruleId"], (r["ruleId"], r["ruleIndex"])
for doc in (used, every, fixtures):
    check_indexes(doc)

run = used["runs"][0]
rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
fired = {r["ruleId"] for r in run["results"]}
notified = {n.get("descriptor", {}).get("id") for inv in run.get("invocations", []) for n in inv.get("toolExecutionNotifications", [])}
assert set(rule_ids) == fired | (notified & set(c["id"] for c in catalogue)), (rule_ids, fired, notified)
assert len(rule_ids) == len(set(rule_ids))
running = int(open(sys.argv[5]).read())
assert 0 < running <= len(catalogue)
assert len(every["runs"][0]["tool"]["driver"]["rules"]) == running, "all: every rule that ran"
assert len(used["runs"][0]["results"]) == len(every["runs"][0]["results"]), "same results either way"

for path, doc in zip(sys.argv[1:4], (used, every, fixtures)):
    raw = open(path, "rb").read()
    assert len(gzip.compress(raw)) < 10 * 1024 * 1024, path
    assert len(doc["runs"]) <= 20, path
    for run in doc["runs"]:
        assert len(run["results"]) <= 25000 and len(run["tool"]["driver"]["rules"]) <= 25000, path
        for rule in run["tool"]["driver"]["rules"]:
            assert len(rule.get("properties", {}).get("tags", [])) <= 20, rule["id"]
print("used", len(open(sys.argv[1], "rb").read()), "bytes; all", len(open(sys.argv[2], "rb").read()), "bytes")
PY
finish
