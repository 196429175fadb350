#!/usr/bin/env bash
# labels: docs
# docs/rules/ is generated from the rule files: fail when it is stale, and
# say how to regenerate it. Also: every rule's helpUri points at its page.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
"$palisade" rules --output-dir "$scratch" >/dev/null || { echo "FAIL: palisade rules --output-dir"; exit 1; }
if ! diff -r -u "$src/docs/rules" "$scratch" > "$scratch.diff"; then
  head -40 "$scratch.diff"
  echo "FAIL: docs/rules/ is stale; run scripts/gen-rule-docs and commit the result"
  exit 1
fi
missing=0
while read -r id; do
  [[ -f "$src/docs/rules/$id.md" ]] || { echo "FAIL: no docs/rules/$id.md"; missing=1; }
done < <("$palisade" rules --format json | python3 -c "import json,sys; [print(r['id']) for r in json.load(sys.stdin)]")
"$palisade" rules --format json | python3 -c "
import json,sys
for r in json.load(sys.stdin):
    assert r['helpUri'].endswith('docs/rules/%s.md' % r['id']), r
" || { echo "FAIL: helpUri does not point at docs/rules/ID.md"; missing=1; }
[[ $missing -eq 0 ]] && echo "ok: docs/rules is fresh"
exit $missing
