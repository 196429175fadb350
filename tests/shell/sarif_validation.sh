#!/usr/bin/env bash
# labels: external
# Validates palisade's SARIF with a real JSON Schema validator (python3
# jsonschema, Draft 4 as the SARIF schema declares) and with Microsoft's SARIF
# multitool, which exits 0 even when it finds errors: its output log is parsed
# and any error or warning fails the test.
# Inputs: the golden SARIF files (the reporter's exact output, enforced by the
# golden tests) and, when the CLI is built, a real scan of fixtures/.
# Usage: sarif_validation.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR
set -euo pipefail
palisade=$1
source_dir=$(cd "$2" && pwd)
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"

schema="$source_dir/../shared/sarif/sarif-schema-2.1.0.json"
multitool="$source_dir/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool"

missing() {
  echo "sarif_validation: $1 is missing (run scripts/setup)" >&2
  # In CI a missing validator is a failure, not a skip.
  [[ -n "${CI:-}" ]] && exit 1
  exit 77
}
[[ -f "$schema" ]] || missing "the SARIF schema ($schema)"
python=""
for candidate in python3 /usr/bin/python3; do
  if command -v "$candidate" >/dev/null && "$candidate" -c 'import jsonschema' 2>/dev/null; then
    python=$candidate
    break
  fi
done
[[ -n "$python" ]] || missing "python3 with jsonschema (Debian: python3-jsonschema)"
[[ -x "$multitool" ]] || missing "the SARIF multitool ($multitool)"

inputs=("$source_dir"/tests/golden/*.sarif)
if [[ -x "$palisade" ]] && [[ -d "$source_dir/fixtures" ]]; then
  status=0
  (cd "$source_dir" && "$palisade" scan fixtures --format sarif --output "$scratch/fixtures.sarif") || status=$?
  if [[ $status -gt 1 ]]; then
    echo "sarif_validation: palisade scan fixtures failed with exit $status" >&2
    exit 1
  fi
  inputs+=("$scratch/fixtures.sarif")
  # The scan hashes lines only for the formats that carry them: a SARIF scan must.
  python3 - "$scratch/fixtures.sarif" <<'PY'
import json, re, sys
results = [r for run in json.load(open(sys.argv[1]))["runs"] for r in run["results"]]
# GEN005: an input that was not read (a symlink out of the root) has no line to hash.
located = [r for r in results if r["ruleId"] != "GEN005" and r.get("locations")
           and "region" in r["locations"][0]["physicalLocation"]]
bad = [r["ruleId"] for r in located
       if not re.fullmatch(r"[0-9a-f]+:[0-9]+", r.get("partialFingerprints", {}).get("primaryLocationLineHash", ""))]
if not located or bad:
    sys.exit(f"sarif_validation: {len(bad)} of {len(located)} located results lack primaryLocationLineHash: {bad[:5]}")
# fixtures/fixes/ holds findings with fixes: their SARIF `fixes` are validated with the rest.
fixes = [f for r in results for f in r.get("fixes", [])]
inserts = [rep for f in fixes for c in f["artifactChanges"] for rep in c["replacements"]
           if rep["deletedRegion"]["startLine"] == rep["deletedRegion"]["endLine"]
           and rep["deletedRegion"]["startColumn"] == rep["deletedRegion"]["endColumn"]]
if len(fixes) < 20 or not inserts:
    sys.exit(f"sarif_validation: expected results with fixes (insertions among them): {len(fixes)} fixes, {len(inserts)} insertions")
PY
else
  echo "sarif_validation: no palisade binary or fixtures/; validating the golden files only"
fi

failures=0
for input in "${inputs[@]}"; do
  name=$(basename "$input")
  if ! "$python" - "$schema" "$input" <<'PY'; then
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
instance = json.load(open(sys.argv[2], encoding="utf-8"))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
errors = sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
for error in errors[:20]:
    path = "/".join(str(p) for p in error.absolute_path)
    print(f"  schema: {path}: {error.message[:300]}")
sys.exit(1 if errors else 0)
PY
    echo "FAIL schema: $name" >&2
    failures=$((failures + 1))
  fi

  log="$scratch/$name.validation.sarif"
  "$multitool" validate "$input" --json-schema "$schema" --output "$log" --log ForceOverwrite \
    --level "Error;Warning" >"$scratch/$name.multitool.txt" 2>&1 || true
  if ! "$python" - "$log" <<'PY'; then
import json, sys
try:
    log = json.load(open(sys.argv[1], encoding="utf-8-sig"))
except (OSError, ValueError) as error:
    print(f"  multitool wrote no readable log: {error}")
    sys.exit(1)
problems = []
for run in log.get("runs", []):
    for result in run.get("results", []):
        level = result.get("level", "warning")
        if level in ("error", "warning"):
            message = result.get("message", {})
            text = message.get("text") or ", ".join(message.get("arguments", []))
            problems.append(f"{level} {result.get('ruleId')}: {text}")
    for invocation in run.get("invocations", []):
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for note in invocation.get(key, []):
                if note.get("level", "warning") == "error":
                    problems.append(f"tool error: {note.get('message', {}).get('text', note)}")
        if invocation.get("executionSuccessful") is False:
            problems.append("the multitool's run did not succeed")
for problem in problems[:20]:
    print("  multitool: " + problem)
sys.exit(1 if problems else 0)
PY
    echo "FAIL multitool: $name (console output in $scratch/$name.multitool.txt)" >&2
    failures=$((failures + 1))
  fi
  echo "checked $name"
done

# The validators must be able to fail: a document with a known error has to be rejected.
"$python" - "$source_dir/tests/golden/single.sarif" "$scratch/broken.sarif" <<'PY'
import json, sys
document = json.load(open(sys.argv[1], encoding="utf-8"))
del document["runs"][0]["results"][0]["message"]
json.dump(document, open(sys.argv[2], "w"))
PY
"$multitool" validate "$scratch/broken.sarif" --json-schema "$schema" --output "$scratch/broken.validation.sarif" \
  --log ForceOverwrite --level "Error;Warning" >/dev/null 2>&1 || true
if ! "$python" -c 'import json,sys; log=json.load(open(sys.argv[1], encoding="utf-8-sig")); sys.exit(0 if any(r.get("level")=="error" for run in log["runs"] for r in run.get("results",[])) else 1)' "$scratch/broken.validation.sarif"; then
  echo "FAIL: the multitool did not report the error planted in broken.sarif" >&2
  failures=$((failures + 1))
fi

if [[ $failures -gt 0 ]]; then
  echo "sarif_validation: $failures failure(s)" >&2
  exit 1
fi
echo "sarif_validation: ${#inputs[@]} documents valid"
