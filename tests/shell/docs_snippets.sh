#!/usr/bin/env bash
# labels: docs
# Docs that run (issue 23). Every fenced `sh` and `yaml` block of README.md
# and docs/*.md says what it is, after the language:
#   ```sh runnable            run (bash) in a git repository holding a copy of
#                             fixtures/demo (as fixtures/demo), palisade on PATH;
#                             no palisade call may end in a usage/config error (2)
#   ```yaml runnable=config   written as that repository's .palisade.yaml, then
#                             `palisade config .` and `palisade scan .` must accept it
#   ```sh syntax-only / ```yaml syntax-only
#                             needs GitHub, Docker or your own files: `bash -n` / YAML parse
# Also: README's numbers are generated (scripts/gen-readme-numbers --check),
# docs/cli.md is `palisade help --markdown`, and no snippet pins a release tag
# the repository does not have (`git tag`).
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" && scratch=$(pwd) || exit 2
source "$src/tests/shell/lib/assert.bash"
command -v python3 >/dev/null || { echo "SKIP: python3 is needed"; exit 77; }

# palisade on PATH through a shim that logs every call ending in 2 (usage, configuration or internal error).
mkdir -p bin && cat > bin/palisade <<SH
#!/usr/bin/env bash
"$palisade" "\$@"; rc=\$?
[[ \$rc -ge 2 ]] && echo "exit \$rc: palisade \$*" >> "$scratch/errors.log"
exit \$rc
SH
chmod +x bin/palisade
export PATH=$scratch/bin:$PATH

python3 - "$src" "$scratch/snippets" <<'PY' || { echo "FAIL: extracting the snippets"; exit 1; }
import os, re, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
files = [os.path.join(src, "README.md")] + sorted(
    os.path.join(src, "docs", f) for f in os.listdir(os.path.join(src, "docs")) if f.endswith(".md"))
unmarked, n = [], 0
for path in files:
    rel = os.path.relpath(path, src)
    lines = open(path, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        m = re.match(r"^```(\w+)?\s*(.*)$", lines[i])
        if not m:
            i += 1
            continue
        lang, marks = m.group(1) or "", m.group(2).split()
        end = i + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = "\n".join(lines[i + 1:end]) + "\n"
        if lang in ("sh", "bash", "yaml", "yml"):
            kind = next((k for k in marks if k.startswith("runnable") or k == "syntax-only"), None)
            if kind is None:
                unmarked.append(f"{rel}:{i + 1}: ```{lang} is marked neither runnable nor syntax-only")
            else:
                n += 1
                name = f"{n:03d}-{kind.replace('=', '-')}-{lang}"
                open(os.path.join(out, name), "w").write(body)
                open(os.path.join(out, name + ".where"), "w").write(f"{rel}:{i + 1}")
        i = end + 1
for u in unmarked:
    print("FAIL:", u)
sys.exit(1 if unmarked else 0)
PY
check "every sh and yaml snippet is marked runnable or syntax-only" "[[ $? -eq 0 ]]"

# A fresh git repository with the demo, for each runnable snippet.
fresh_repo() {
  rm -rf "$scratch/repo" && mkdir -p "$scratch/repo/fixtures" && cp -r "$src/fixtures/demo" "$scratch/repo/fixtures/demo"
  (cd "$scratch/repo" && git init -q && git add -A && git -c user.email=t@example.invalid -c user.name=t commit -qm demo \
     && git update-ref refs/remotes/origin/main HEAD) >/dev/null 2>&1
}

ran=0
for snippet in snippets/*; do
  [[ $snippet == *.where ]] && continue
  where=$(cat "$snippet.where")
  case $snippet in
    *-syntax-only-sh|*-syntax-only-bash)
      bash -n "$snippet" 2>err.txt
      check "$where: shell syntax" "[[ $? -eq 0 ]]" ;;
    *-syntax-only-yaml|*-syntax-only-yml)
      python3 -c 'import sys, yaml; list(yaml.safe_load_all(open(sys.argv[1])))' "$snippet" 2>err.txt
      check "$where: YAML syntax" "[[ $? -eq 0 ]]" ;;
    *-runnable-sh|*-runnable-bash)
      fresh_repo; rm -f errors.log
      (cd repo && bash "$scratch/$snippet" >"$scratch/out.txt" 2>&1)
      rc=$?
      check "$where: runs (exit $rc, no palisade call ending in 2)" "[[ $rc -le 1 && ! -s errors.log ]]"
      [[ -s errors.log ]] && sed 's/^/  | /' errors.log
      ran=$((ran + 1)) ;;
    *-runnable-config-yaml)
      fresh_repo; rm -f errors.log
      cp "$snippet" repo/.palisade.yaml
      (cd repo && palisade config . >"$scratch/out.txt" 2>&1 && { palisade scan . >/dev/null 2>&1; [[ $? -le 1 ]]; })
      check "$where: a configuration palisade accepts" "[[ $? -eq 0 && ! -s errors.log ]]"
      ran=$((ran + 1)) ;;
    *)
      echo "FAIL: $where: unknown mark ($snippet)"; failures=$((failures + 1)) ;;
  esac
done
check "some snippets ran ($ran)" "[[ $ran -ge 3 ]]"

# README's numbers, and the command-line reference, generated from the binary.
"$palisade" rules --format json | python3 "$src/scripts/gen-readme-numbers" --check "$src/README.md" 2>numbers.txt
check "README's rule count and pack ranges are the binary's (scripts/gen-rule-docs)" "[[ $? -eq 0 ]]"
[[ -s numbers.txt ]] && sed 's/^/  | /' numbers.txt
"$palisade" help --markdown >cli.md
check "docs/cli.md is palisade help --markdown (scripts/gen-rule-docs)" "diff -q cli.md '$src/docs/cli.md' >/dev/null"

# Pins: a release tag named in the docs must exist.
tags=$(git -C "$src" tag 2>/dev/null)
grep -rnoE '(rev: *|palisade-lint/palisade@)v[0-9][0-9A-Za-z.-]*' "$src/README.md" "$src/docs" --include=*.md >pins.txt
bad=0
while IFS= read -r pin; do
  tag=$(sed -E 's/.*(rev: *|@)//' <<<"$pin")
  grep -qxF "$tag" <<<"$tags" || { echo "FAIL: $pin: no such tag (git tag lists: ${tags:-none})"; bad=1; }
done <pins.txt
check "no snippet pins a tag that does not exist" "[[ $bad -eq 0 ]]"
finish
