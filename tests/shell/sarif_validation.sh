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

# The validators must be able to fail: a document with a known error has to be rejected.
broken="$scratch/broken.sarif"
"$python" - "$source_dir/tests/golden/single.sarif" "$broken" <<'PY'
import json, sys
document = json.load(open(sys.argv[1], encoding="utf-8"))
del document["runs"][0]["results"][0]["message"]
json.dump(document, open(sys.argv[2], "w"))
PY

failures=0
# The JSON Schema: one Python process validates every document (each one's errors named by file),
# and must reject the broken one.
if ! "$python" - "$schema" "$broken" "${inputs[@]}" <<'PY'; then
import json, sys
import jsonschema
schema = json.load(open(sys.argv[1]))
validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker())
def errors_of(path):
    instance = json.load(open(path, encoding="utf-8"))
    return sorted(validator.iter_errors(instance), key=lambda e: list(e.absolute_path))
failed = 0
if not errors_of(sys.argv[2]):
    print("FAIL schema: the error planted in broken.sarif was not reported")
    failed += 1
for path in sys.argv[3:]:
    errors = errors_of(path)
    for error in errors[:20]:
        where = "/".join(str(p) for p in error.absolute_path)
        print(f"  schema: {where}: {error.message[:300]}")
    if errors:
        print(f"FAIL schema: {path.rsplit('/', 1)[-1]}")
        failed += 1
sys.exit(1 if failed else 0)
PY
  failures=$((failures + 1))
fi

# The multitool: one run over every document and the broken one (its start-up, a .NET program,
# is most of its time: once per document it was the slowest test of the suite). Its log names the
# file of each result, so each problem is charged to its document: the broken one must have an
# error, every other none.
log="$scratch/validation.sarif"
"$multitool" validate "$broken" "${inputs[@]}" --json-schema "$schema" --output "$log" --log ForceOverwrite \
  --level "Error;Warning" >"$scratch/multitool.txt" 2>&1 || true
if ! "$python" - "$log" "$broken" "${inputs[@]}" <<'PY'; then
import json, sys, pathlib
from urllib.parse import unquote, urlparse
try:
    log = json.load(open(sys.argv[1], encoding="utf-8-sig"))
except (OSError, ValueError) as error:
    print(f"  multitool wrote no readable log: {error}")
    sys.exit(1)
broken = str(pathlib.Path(sys.argv[2]).resolve())
documents = {str(pathlib.Path(p).resolve()) for p in sys.argv[3:]}
def file_of(result):
    for location in result.get("locations", []):
        uri = location.get("physicalLocation", {}).get("artifactLocation", {}).get("uri")
        if uri:
            return str(pathlib.Path(unquote(urlparse(uri).path)).resolve())
    return None
problems = []
broken_errors = 0
for run in log.get("runs", []):
    for result in run.get("results", []):
        level = result.get("level", "warning")
        if level not in ("error", "warning"):
            continue
        where = file_of(result)
        if where == broken:
            broken_errors += level == "error"
            continue
        message = result.get("message", {})
        text = message.get("text") or ", ".join(message.get("arguments", []))
        name = where.rsplit("/", 1)[-1] if where else "(no file named)"
        problems.append(f"{level} {result.get('ruleId')} in {name}: {text}")
    for invocation in run.get("invocations", []):
        for key in ("toolExecutionNotifications", "toolConfigurationNotifications"):
            for note in invocation.get(key, []):
                if note.get("level", "warning") == "error":
                    problems.append(f"tool error: {note.get('message', {}).get('text', note)}")
        # A run over a document with errors may still count as successful; it must not fail.
        if invocation.get("executionSuccessful") is False:
            problems.append("the multitool's run did not succeed")
if broken_errors == 0:
    problems.append("the error planted in broken.sarif was not reported")
for problem in problems[:20]:
    print("  multitool: " + problem)
sys.exit(1 if problems else 0)
PY
  echo "FAIL multitool (console output in $scratch/multitool.txt)" >&2
  failures=$((failures + 1))
fi
# Every document was read: a file the multitool skipped would have no results to fail on.
scanned=$(sed -nE 's/^Done\. ([0-9]+) files? scanned\..*/\1/p' "$scratch/multitool.txt")
if [[ "$scanned" != $((${#inputs[@]} + 1)) ]]; then
  echo "FAIL multitool: it scanned '${scanned}' files of $((${#inputs[@]} + 1)) (console output in $scratch/multitool.txt)" >&2
  failures=$((failures + 1))
fi
for input in "${inputs[@]}"; do echo "checked $(basename "$input")"; done

if [[ $failures -gt 0 ]]; then
  echo "sarif_validation: $failures failure(s)" >&2
  exit 1
fi
echo "sarif_validation: ${#inputs[@]} documents valid"
