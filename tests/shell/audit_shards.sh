#!/usr/bin/env bash
# Batch audit: repositories scanned as their own projects; a repository that
# cannot be read is reported and the audit goes on (exit 2 at the end); three
# shards merged equal one unsharded run exactly, with nothing lost or
# duplicated; overlapping shards are refused; plain progress lines in CI.
# merge --output streams JSON and SARIF one input at a time: the bytes are
# those of the whole document rendered at once, whatever the input order.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# Seven "repositories" built from the fixtures.
mkdir repos
for fixture in kubernetes/K8S002-privileged-container.yaml kubernetes/K8S011-host-path-volume.yaml \
               calico/CAL003-cidr-host-bits.yaml calico/CAL011-ingress-from-anywhere.yaml \
               general/GEN001-parse-error.yaml azure/AZR008-acr-admin-user.bicep; do
  name=$(basename "$fixture" | cut -d- -f1)
  mkdir -p "repos/$name" && cp "$src/fixtures/$fixture" "repos/$name/"
done
cp -r "$src/fixtures/demo" repos/demo

expect_exit 1 "unsharded audit" -- env CI=true "$palisade" audit repos/* --output-dir all --fail-on warning
expect_grep "^\[[0-9]+/7\] repos/demo: [0-9]+ files" err.txt "plain progress lines in CI"
expect_grep "^7 repositories" out.txt "summary table"
check "combined outputs" "[[ -s all/palisade-audit.json && -s all/palisade-audit.sarif && -s all/palisade-audit.html ]]"
check "per-repository outputs" "[[ \$(ls all/repositories/*.sarif | wc -l) -eq 7 ]]"

for i in 1 2 3; do
  expect_exit 1 "shard $i/3" -- "$palisade" audit repos/* --output-dir "shard$i" --shard "$i/3" --progress none
done
expect_exit 0 "merge the shards" -- "$palisade" merge shard1/palisade-audit.shard-1-of-3.json \
  shard2/palisade-audit.shard-2-of-3.json shard3/palisade-audit.shard-3-of-3.json --output merged.json
# The audit and merge --output both stream the combined JSON piece by piece, from the same pieces: same bytes.
check "3 shards merged equal one run, byte for byte" "cmp all/palisade-audit.json merged.json"
check "every repository in exactly one shard" \
  "[[ \$(cat shard*/palisade-audit.shard-*.summary.txt | grep -c '^repos/') -eq 7 ]]"
expect_exit 0 "merge into a full output set" -- "$palisade" merge shard*/palisade-audit.shard-*.json --output-dir merged
check "merged HTML and SARIF" "[[ -s merged/palisade-audit.html && -s merged/palisade-audit.sarif ]]"
check "merged --output-dir JSON equals the unsharded run" "cmp all/palisade-audit.json merged/palisade-audit.json"
check "merged --output-dir writes each repository's HTML report, linked from the combined page" \
  "[[ \$(ls merged/repositories/*.html | wc -l) -eq 7 ]] && grep -q 'href=\"repositories/repos_demo.html\"' merged/palisade-audit.html"
expect_exit 0 "merge the shards in another order" -- "$palisade" merge shard3/palisade-audit.shard-3-of-3.json \
  shard1/palisade-audit.shard-1-of-3.json shard2/palisade-audit.shard-2-of-3.json --output reordered.json
check "the merged reports are sorted by repository, not by input" "cmp all/palisade-audit.json reordered.json"
expect_exit 2 "overlapping shards are refused" -- "$palisade" merge all/palisade-audit.json shard1/palisade-audit.shard-1-of-3.json --output x.json
expect_grep "appears twice" err.txt "says which repository overlaps"
check "a refused merge writes nothing, not even a temporary file" "[[ ! -e x.json && -z \$(ls -A | grep '^\\.x\\.json') ]]"
expect_exit 0 "SARIF files merge too" -- "$palisade" merge shard1/palisade-audit.shard-1-of-3.sarif \
  shard2/palisade-audit.shard-2-of-3.sarif shard3/palisade-audit.shard-3-of-3.sarif --output m.sarif
# What merging did when it held every log in one document: the first log with every log's runs.
python3 - m.sarif all/palisade-audit.sarif shard*/palisade-audit.shard-*.sarif <<'PY' && echo "ok: merged SARIF is the first log around every run, byte for byte" || { echo "FAIL: merged SARIF bytes"; failures=$((failures + 1)); }
import json, sys
merged_path, unsharded_path, shards = sys.argv[1], sys.argv[2], sys.argv[3:]
logs = [json.load(open(p)) for p in shards]
expected = dict(logs[0])
expected["runs"] = [run for log in logs for run in log["runs"]]
assert open(merged_path).read() == json.dumps(expected, indent=2, ensure_ascii=False) + "\n"
category = lambda run: run["automationDetails"]["id"]
unsharded = json.load(open(unsharded_path))["runs"]
assert sorted(map(category, expected["runs"])) == sorted(map(category, unsharded)), "runs lost or duplicated"
assert len(unsharded) == 7
PY
expect_exit 2 "overlapping SARIF shards are refused" -- "$palisade" merge shard1/palisade-audit.shard-1-of-3.sarif \
  m.sarif --output y.sarif
expect_grep "appears twice.*shards must not overlap" err.txt "says which run overlaps"
check "a refused SARIF merge writes nothing" "[[ ! -e y.sarif && -z \$(ls -A | grep '^\\.y\\.sarif') ]]"

expect_exit 2 "a missing repository is reported, the rest audited" -- "$palisade" audit repos/demo no-such-repo --output-dir partial --progress none
expect_grep "no-such-repo .*FAILED" out.txt "the failure is in the summary"
check "the other repository was still audited" "[[ -s partial/repositories/repos_demo.sarif ]]"
expect_exit 2 "--shard out of range" -- "$palisade" audit repos/* --output-dir x --shard 4/3
finish
