#!/usr/bin/env bash
# The command line over fix fixture pairs (fixtures/fixes/RULE-what/before and
# after) of each format — YAML with CRLF, a Kubernetes JSON manifest, Bicep,
# a .bicepparam value, an ARM template; tests/fix_fixtures_test.cpp checks
# every pair in process:
#  1. `palisade fix --select RULE --unsafe-fixes` turns a copy of before/ into
#     after/ byte for byte;
#  2. `palisade fix --diff --fail-on info` over the fixed copy scans it again:
#     exit 0 (RULE, the only rule selected, is gone) and an empty diff (a
#     second run changes nothing);
#  3. `palisade fix --diff` of before/ changes nothing, and `patch -p1` of
#     its output, where palisade ran, gives after/.
# Usage: fix_fixtures.sh PALISADE_BINARY SOURCE_DIR SCRATCH_DIR
set -uo pipefail
palisade=$(realpath "$1")
source_dir=$(cd "$2" && pwd)
scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
cd "$scratch" || exit 1

failures=0
cases=0
fail() { echo "FAIL: $1"; failures=$((failures + 1)); }
have_patch=0
command -v patch >/dev/null && have_patch=1

for name in K8S012-crlf-line-endings K8S012-json-manifest K8S016-drop-all AZR001-bicepparam-value \
            AZR013-parameter-default AZR031-arm-json AZR053-blob-soft-delete; do
  case_dir=$source_dir/fixtures/fixes/$name
  rule=${name%%-*}
  cases=$((cases + 1))
  rm -rf work && cp -R "$case_dir/before" work
  "$palisade" fix work --select "$rule" --unsafe-fixes --quiet >fix.out 2>fix.err
  if ! diff -r work "$case_dir/after" >fix.diff; then
    fail "$name: the fixed files differ from after/"
    cat fix.diff fix.err
    continue
  fi
  "$palisade" fix work --select "$rule" --unsafe-fixes --diff --fail-on info >again.out 2>again.err
  status=$?
  [[ $status -eq 0 ]] || { fail "$name: $rule is still reported in the fixed files (exit $status)"; cat again.err; }
  [[ -s again.out ]] && { fail "$name: a second palisade fix would change the files again"; cat again.out; }

  rm -rf work && cp -R "$case_dir/before" work
  "$palisade" fix work --select "$rule" --unsafe-fixes --diff >diff.out 2>diff.err
  diff -r work "$case_dir/before" >/dev/null || fail "$name: --diff changed a file"
  if [[ $have_patch -eq 1 ]]; then
    patch -s -p1 <diff.out >/dev/null 2>&1 || fail "$name: patch could not apply the --diff output"
    diff -r work "$case_dir/after" >/dev/null || fail "$name: the --diff output does not lead to after/"
  fi
done
echo "$cases fix fixtures checked through the command line"
exit $((failures > 0))
