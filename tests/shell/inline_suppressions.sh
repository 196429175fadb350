#!/usr/bin/env bash
# Inline suppressions through the CLI: suppressed findings do not fail the
# scan, are counted, and appear in SARIF with suppressions[] (kind inSource,
# the reason as justification); broken suppressions fail it (GEN008–GEN011).
# In Bicep, the linter's own `#disable-next-line CODE` covers the rule that is
# its equivalent, and the catalogue says which rules those are.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

cp "$src/fixtures/suppressions/yaml-comments.yaml" good.yaml
cp "$src/fixtures/suppressions/yaml-broken-suppressions.yaml" broken.yaml
cp "$src/fixtures/suppressions/bicep-linter-equivalents.bicep" linter.bicep

"$palisade" scan good.yaml > good.txt; rc=$?
check "working suppressions: exit 0" "[[ $rc -eq 0 ]]"
check "the summary counts them" "grep -q 'No findings; 4 suppressed' good.txt"

"$palisade" scan good.yaml --format sarif -o good.sarif; rc=$?
check "sarif run: exit 0" "[[ $rc -eq 0 ]]"
python3 - good.sarif <<'PY' && echo "ok: SARIF carries suppressions[] with the reasons" || { echo "FAIL: SARIF suppressions"; failures=$((failures + 1)); }
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
suppressed = [r for r in results if r.get("suppressions")]
assert len(suppressed) == 4 == len(results), results
reasons = sorted(r["suppressions"][0]["justification"] for r in suppressed)
assert all(r["suppressions"][0]["kind"] == "inSource" for r in suppressed)
assert "vendor agent needs the host, SEC-42" in reasons, reasons
assert reasons.count("whole resource — the comment is above its first line") == 2, reasons
lines = sorted((r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in suppressed)
assert lines == [("K8S002", 25), ("K8S002", 44), ("K8S002", 63), ("K8S009", 51)], lines
PY

"$palisade" scan broken.yaml --format json -o broken.json; rc=$?
check "broken suppressions fail the scan" "[[ $rc -eq 1 ]]"
python3 - broken.json <<'PY' && echo "ok: each broken suppression is reported at its comment" || { echo "FAIL: broken suppressions"; failures=$((failures + 1)); }
import json, sys
doc = json.load(open(sys.argv[1]))
findings = doc["findings"] if "findings" in doc else doc["reports"][0]["findings"]
got = sorted((f["rule_id"], f["location"]["start_line"]) for f in findings if f["rule_id"].startswith("GEN"))
assert got == [("GEN008", 25), ("GEN009", 33), ("GEN010", 19), ("GEN010", 49), ("GEN011", 41)], got
assert all(f["status"] == "active" for f in findings), findings
PY

# Turning the GEN rules off lets suppressions without a reason stay silent (and still not suppress).
"$palisade" scan broken.yaml --ignore GEN008,GEN009,GEN010,GEN011 > off.txt
check "GEN rules can be turned off" "! grep -q GEN0 off.txt && grep -q K8S002 off.txt"

"$palisade" scan linter.bicep --format sarif -o linter.sarif
python3 - linter.sarif <<'PY' && echo "ok: the Bicep linter's codes suppress AZR036/AZR037 and are never unused" || { echo "FAIL: Bicep linter equivalents"; failures=$((failures + 1)); }
import json, sys
results = json.load(open(sys.argv[1]))["runs"][0]["results"]
def line(r): return r["locations"][0]["physicalLocation"]["region"]["startLine"]
suppressed = sorted((r["ruleId"], line(r), r["suppressions"][0]["justification"]) for r in results if r.get("suppressions"))
assert suppressed == [("AZR036", 9, "Bicep #disable-next-line"), ("AZR037", 19, "Bicep #disable-next-line"),
                      ("AZR037", 22, "Bicep #disable-next-line")], suppressed
active = sorted((r["ruleId"], line(r)) for r in results if not r.get("suppressions"))
assert active == [("AZR037", 30), ("AZR037", 34), ("GEN010", 33), ("GEN010", 37)], active
PY

"$palisade" rules > rules.txt
expect_grep '^AZR037 .*secret-in-output .*\(Bicep linter: outputs-should-not-contain-secrets\)$' rules.txt "palisade rules shows a rule's Bicep linter equivalent"
"$palisade" rules --format json > rules.json
python3 - rules.json <<'PY' && echo "ok: the JSON catalogue lists it" || { echo "FAIL: JSON catalogue equivalents"; failures=$((failures + 1)); }
import json, sys
rules = {r["id"]: r for r in json.load(open(sys.argv[1]))}
assert rules["AZR036"]["bicepLinterEquivalents"] == ["secure-parameter-default"], rules["AZR036"]
assert "bicepLinterEquivalents" not in rules["AZR001"]
PY
"$palisade" explain AZR037 > explain.txt
expect_grep '#disable-next-line outputs-should-not-contain-secrets' explain.txt "the rule's page says the linter's directive suppresses it"

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
