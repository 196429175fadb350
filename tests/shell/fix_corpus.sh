#!/usr/bin/env bash
# `palisade fix` over copies of the Kubernetes corpus (all of it) and of a
# fixed subset of the Bicep corpus (ALZ-Bicep, aks-baseline,
# bicep-user-samples, the AVM key-vault and storage modules: ~500 files; the
# whole Bicep corpus, 2,700 files, takes over a minute to fix). Safe fixes
# first, then --unsafe-fixes, then --unsafe-fixes again. After each run:
#  - (after the last run) every rewritten YAML/JSON file holds the same documents, differing only
#    under keys that some fix sets (securityContext, hostPID, ...);
#  - every changed Bicep line is such a key or a brace, and no file gained a
#    parse error (GEN findings and notifications are compared like the rest);
#  - no finding appears that was not there before (rule + file + resource);
#  - the findings that had a fix this run applies are gone, unless the run
#    said why it did not fix them;
# and the last run changes nothing (a byte-identical tree).
# kubectl is not run: `kubectl apply --dry-run=client` needs an API server.
# Usage: fix_corpus.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR
# labels: corpus
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
corpus=$src/../shared/corpus
[[ -d $corpus/kubernetes && -d $corpus/bicep ]] || { echo "skip: no corpus at $corpus"; exit 77; }
command -v python3 >/dev/null && python3 -c 'import yaml' 2>/dev/null || { echo "skip: python3 with PyYAML is needed"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir -p original/bicep/avm
cp -R "$corpus/kubernetes" original/k8s
for d in ALZ-Bicep aks-baseline bicep-user-samples; do cp -R "$corpus/bicep/$d" original/bicep/; done
for d in key-vault storage; do cp -R "$corpus/bicep/bicep-registry-modules/avm/res/$d" original/bicep/avm/; done
cp -R original work

# The keys a fix may set: every key of every `set:` path in the rule packs, and the C++ checks' ones.
python3 - "$src/rules/packs" >fix-keys.txt <<'PY'
import sys, pathlib, yaml
keys = {"automountServiceAccountToken"}  # K8S003's fix (rules/checks)
for path in pathlib.Path(sys.argv[1]).rglob("*.yaml"):
    rule = yaml.safe_load(path.read_text())
    fix = rule.get("fix") if isinstance(rule, dict) else None
    if not fix:
        continue
    entries = fix["set"] if isinstance(fix["set"], list) else [fix["set"]]
    for entry in entries:
        keys.update(entry["path"].split("."))
print("\n".join(sorted(keys)))
PY

"$palisade" scan work --format json --output before.json --fail-on critical >/dev/null 2>&1
cat > check.py <<'PY'
import collections, difflib, json, pathlib, re, sys, yaml
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: the pure-Python loader takes a minute

original, work, before_path, after_path, fix_err, mode = sys.argv[1:7]
fix_keys = set(pathlib.Path("fix-keys.txt").read_text().split())
problems = []

def findings(path):
    report = json.load(open(path))["reports"][0]
    items = [f for f in report["findings"] if f["status"] == "active"]
    for n in report["notifications"]:
        if n["rule_id"] and n["location"]:
            items.append({"rule_id": n["rule_id"], "location": n["location"], "resource": "", "notification": True})
    return items

def key(f):
    return (f["rule_id"], f["location"]["uri"], f["resource"])

before, after = findings(before_path), findings(after_path)
count_before = collections.Counter(map(key, before))
count_after = collections.Counter(map(key, after))
for k, n in sorted(count_after.items()):
    if n > count_before[k]:
        problems.append(f"new finding: {k[0]} in {k[1]} ({k[2] or 'no resource'}): {n} after, {count_before[k]} before")

# Fixed findings are gone, unless the run said why not (rule and file named on stderr).
not_fixed = set()
for line in open(fix_err):
    m = re.match(r"(.+?):\d+:\d+: (\w+) not fixed: ", line)
    if m:
        not_fixed.add((m.group(2), m.group(1)))
fixable = collections.Counter()
for f in before:
    fix = f.get("fix")
    if fix and fix["edits"] and (fix["safety"] == "safe" or mode == "unsafe"):
        fixable[key(f)] += 1
for k, n in sorted(fixable.items()):
    if (k[0], k[1]) in not_fixed:
        continue
    if count_after[k] > count_before[k] - n:
        problems.append(f"not removed: {k[0]} in {k[1]} ({k[2]}): {count_before[k]} before, {n} fixable, {count_after[k]} after")

# Changed files: the same documents, each difference at a key a fix sets
# (securityContext added whole: each key inside it); nothing removed.
def added(value, where):
    if isinstance(value, dict) and value:
        for k, v in value.items():
            yield from added(v, where + [str(k)])
    else:
        yield where, "added"

def differences(a, b, where):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in a:
            if k not in b:
                yield where + [str(k)], "removed"
        for k, v in b.items():
            if k not in a:
                yield from added(v, where + [str(k)])
            else:
                yield from differences(a[k], v, where + [str(k)])
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            yield from differences(x, y, where + [str(i)])
    elif a != b:
        yield where, "changed"

def allowed(where, how):
    keys = [k for k in where if not k.isdigit()]
    return how != "removed" and bool(keys) and keys[-1] in fix_keys

# (After the safe run only the findings: the unsafe run's tree holds its edits too.)
changed = unparsed = 0
for path in sorted(pathlib.Path(work).rglob("*")) if mode == "unsafe" else []:
    if not path.is_file():
        continue
    rel = path.relative_to(work)
    old_bytes, new_bytes = (pathlib.Path(original) / rel).read_bytes(), path.read_bytes()
    if old_bytes == new_bytes:
        continue
    changed += 1
    old_text, new_text = old_bytes.decode("utf-8", "replace"), new_bytes.decode("utf-8", "replace")
    if path.suffix in (".yaml", ".yml", ".json"):
        try:
            old_docs = list(yaml.load_all(old_text, Loader=Loader)) if path.suffix != ".json" else [json.loads(old_text)]
        except Exception:
            unparsed += 1  # a template or YAML PyYAML does not read: palisade's own parse is checked above
            continue
        try:
            new_docs = list(yaml.load_all(new_text, Loader=Loader)) if path.suffix != ".json" else [json.loads(new_text)]
        except Exception as error:
            problems.append(f"{rel}: no longer parses: {error}")
            continue
        if len(old_docs) != len(new_docs):
            problems.append(f"{rel}: {len(old_docs)} documents before, {len(new_docs)} after")
            continue
        for i, (a, b) in enumerate(zip(old_docs, new_docs)):
            for where, how in differences(a, b, []):
                if not allowed(where, how):
                    problems.append(f"{rel}: document {i + 1}: {'.'.join(where) or 'the top'} {how}, not a key a fix sets")
    elif path.suffix in (".bicep", ".bicepparam"):
        matcher = difflib.SequenceMatcher(None, old_text.splitlines(), new_text.splitlines(), autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            for line in new_text.splitlines()[j1:j2] if tag != "equal" else []:
                words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", line))
                if not (words & fix_keys) and not re.fullmatch(r"\s*(properties:\s*\{|[\[\]{}]|'[A-Za-z0-9_]+')\s*", line):
                    problems.append(f"{rel}: changed line is not a fixed key: {line.strip()}")
    else:
        problems.append(f"{rel}: a file of a kind no fix edits changed")
print(f"{mode}: {changed} files compared ({unparsed} YAML files PyYAML cannot read, compared by palisade's scan only); "
      f"{sum(fixable.values())} fixable findings before; {len(before)} findings before, {len(after)} after")
for p in problems[:40]:
    print("  " + p)
sys.exit(1 if problems else 0)
PY

"$palisade" fix work --quiet >fix-safe.out 2>fix-safe.err
"$palisade" scan work --format json --output safe.json --fail-on critical >/dev/null 2>&1
python3 check.py original work before.json safe.json fix-safe.err safe && echo "ok: safe fixes" || { echo "FAIL: safe fixes (above)"; failures=$((failures + 1)); }

"$palisade" fix work --unsafe-fixes --quiet >fix-unsafe.out 2>fix-unsafe.err
"$palisade" scan work --format json --output unsafe.json --fail-on critical >/dev/null 2>&1
cat fix-safe.err fix-unsafe.err >fix-both.err
python3 check.py original work before.json unsafe.json fix-both.err unsafe && echo "ok: unsafe fixes" || { echo "FAIL: unsafe fixes (above)"; failures=$((failures + 1)); }

(cd work && find . -type f -print0 | sort -z | xargs -0 sha256sum) >first.sums
"$palisade" fix work --unsafe-fixes --quiet >fix-again.out 2>fix-again.err
(cd work && find . -type f -print0 | sort -z | xargs -0 sha256sum) >second.sums
cmp -s first.sums second.sums && echo "ok: a second run changes nothing" || { echo "FAIL: a second run changed:"; diff first.sums second.sums | head; failures=$((failures + 1)); }
finish
