#!/usr/bin/env bash
# Batch audit outputs are streamed: each repository's share of the combined
# JSON and SARIF is rendered when it finishes and the pieces are joined at the
# end. Proves the joined files hold exactly what the per-repository files hold,
# in order, that the SARIF split over GitHub's 20-runs limit joins the
# right runs into each part, that the combined HTML caps the findings it lists
# inline with a line that links to the repository's own report, and that no
# piece is left behind in the output folder.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# The Kubernetes fixtures (more findings than the HTML lists inline), the demo
# and three small repositories.
mkdir repos
cp -r "$src/fixtures/kubernetes" repos/k8s
cp -r "$src/fixtures/demo" repos/demo
for fixture in kubernetes/K8S002-privileged-container.yaml calico/CAL003-cidr-host-bits.yaml \
               azure/AZR008-acr-admin-user.bicep; do
  name=$(basename "$fixture" | cut -d- -f1)
  mkdir -p "repos/$name" && cp "$src/fixtures/$fixture" "repos/$name/"
done

expect_exit 1 "audit with two jobs" -- "$palisade" audit repos/k8s repos/K8S002 repos/demo repos/CAL003 repos/AZR008 \
  --output-dir out --jobs 2 --progress none
# Every repository's element of the combined JSON and run of the combined SARIF
# equals its own file's, in the audit's (sorted) order, whichever worker finished first.
same_as_own() {
  python3 - "$@" <<'PY'
import json, sys
out, names = sys.argv[1], sys.argv[2:]
combined = json.load(open(f"{out}/palisade-audit.json"))
sarif = json.load(open(f"{out}/palisade-audit.sarif"))
assert [r["repository"] for r in combined["reports"]] == [f"repos/{n}" for n in names], "order"
assert len(sarif["runs"]) == len(names), "one run per repository"
total = 0
for i, name in enumerate(names):
    own = json.load(open(f"{out}/repositories/repos_{name}.json"))
    assert combined["reports"][i] == own["reports"][0], f"JSON of {name}"
    assert sarif["runs"][i] == json.load(open(f"{out}/repositories/repos_{name}.sarif"))["runs"][0], f"SARIF of {name}"
    total += own["summary"]["findings"]
assert combined["summary"]["findings"] == total, "batch totals"
assert total > 0
PY
}
check "combined JSON and SARIF hold each repository's own, in order" "same_as_own out AZR008 CAL003 K8S002 demo k8s"
check "no piece is left in the output folder" "[[ -z \$(find out -name '.*') ]]"

k8s_findings=$(python3 -c "import json; print(len(json.load(open('out/repositories/repos_k8s.json'))['reports'][0]['findings']))")
check "the Kubernetes fixtures have more findings than the HTML lists per repository" "[[ $k8s_findings -gt 20 ]]"
expect_grep "<li>$((k8s_findings - 20)) more findings in <a href=\"repositories/repos_k8s.html\">the report of repos/k8s</a></li>" \
  out/palisade-audit.html "the HTML says how many more, and links the repository's report"
check "the HTML lists 20 findings of that repository" \
  "[[ \$(grep -o '<tr data-severity=[^>]*data-repository=\"repos/k8s\"' out/palisade-audit.html | wc -l) -eq 20 ]]"
check "and every finding of a repository under the cap" \
  "[[ \$(grep -o '<tr data-severity=[^>]*data-repository=\"repos/demo\"' out/palisade-audit.html | wc -l) -eq \
      \$(python3 -c \"import json; print(len(json.load(open('out/repositories/repos_demo.json'))['reports'][0]['findings']))\") ]]"
expect_no_grep "more findings in <a href=\"repositories/repos_demo.html\"" out/palisade-audit.html "no cap line for it"
check "the repository's own report lists all its findings" \
  "[[ \$(grep -c '^<tr data-severity=' out/repositories/repos_k8s.html) -eq $k8s_findings ]]"
expect_grep '<td data-v="repos/k8s"><a href="repositories/repos_k8s.html">repos/k8s</a></td>' out/palisade-audit.html \
  "the repository table links each repository's report"

# 21 repositories: GitHub takes 20 runs a document, so the SARIF is split in two.
mkdir many
for i in $(seq -w 1 21); do mkdir "many/r$i" && cp "$src/fixtures/kubernetes/K8S002-privileged-container.yaml" "many/r$i/"; done
expect_exit 1 "audit of 21 repositories" -- "$palisade" audit many/* --output-dir split --progress none
expect_grep "SARIF output split into 2 documents" out.txt "the split is reported"
check "no unsplit SARIF" "[[ ! -e split/palisade-audit.sarif ]]"
check "20 runs, then 1, each its repository's own run in order" "python3 - <<'PY'
import json
parts = [json.load(open(f'split/palisade-audit.part-{p}-of-2.sarif')) for p in (1, 2)]
runs = parts[0]['runs'] + parts[1]['runs']
assert [len(p['runs']) for p in parts] == [20, 1]
for i, run in enumerate(runs, 1):
    own = json.load(open(f'split/repositories/many_r{i:02}.sarif'))['runs'][0]
    assert run == own, i
PY"
finish
