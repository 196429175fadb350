#!/usr/bin/env bash
# Issue 18: modules from a Bicep module cache laid out as the Bicep CLI lays it
# out (fixtures/registry-cache/cache: a registry module by digest, a template
# spec by id and by alias, a tag with capitals through a br alias), found through
# each documented override of the cache root: $BICEP_CACHE_DIRECTORY and
# bicepconfig.json's cacheRootDirectory. The findings are exactly the `// expect:`
# comments of fixtures/registry-cache/project/main.bicep -- among them two that
# exist only through the outputs of a cached (compiled, main.json) module.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/findings.bash"
cp -R "$src/fixtures/registry-cache/." .
export HOME="$scratch/home"  # no ~/.bicep: only the override can find the cache
unset BICEP_CACHE_DIRECTORY

report() {  # [env assignments...] -> "RULE path:line" per finding in found.txt
  (cd project && env "$@" "$palisade" scan . --format json --fail-on none --select AZR001,AZR006,GEN006) \
    | list_findings | grep -v '^ ' | cut -d' ' -f1,2 | sort > found.txt
}
# What main.bicep's comments expect, as "RULE main.bicep:LINE".
grep -n '// expect:' project/main.bicep | sed -E 's/^([0-9]+):.*expect: *([A-Z0-9]+).*/\2 main.bicep:\1/' | sort > expected.txt
check "the fixture expects findings" '[[ $(wc -l < expected.txt) -ge 5 ]]'

report BICEP_CACHE_DIRECTORY="$scratch/cache"
expect_exit 0 "BICEP_CACHE_DIRECTORY: the findings are exactly the expected ones" -- diff expected.txt found.txt

cp project/bicepconfig.json config.orig
python3 - "$scratch/cache" <<'PY'
import json, sys
c = json.load(open("project/bicepconfig.json"))
c["cacheRootDirectory"] = sys.argv[1]
json.dump(c, open("project/bicepconfig.json", "w"), indent=2)
PY
report
expect_exit 0 "bicepconfig.json cacheRootDirectory: the findings are exactly the expected ones" -- diff expected.txt found.txt
cp config.orig project/bicepconfig.json

# Without the cache each module is a GEN006 note and nothing is guessed.
report
expect_grep '^GEN006 main.bicep:9$' found.txt "no cache: the digest reference is a GEN006 note"
expect_grep '^GEN006 main.bicep:20$' found.txt "no cache: the template spec is a GEN006 note"
expect_no_grep '^AZR' found.txt "no cache: no finding through an unread module"

# The outputs are computed from what the module is given: not internet facing, no findings.
sed -i 's/internetFacing: true/internetFacing: false/' project/main.bicep
report BICEP_CACHE_DIRECTORY="$scratch/cache"
fed=$(grep -n 'defaults.outputs' project/main.bicep | cut -d: -f1 | paste -sd'|')
check "two properties read the module's outputs" '[[ $fed == *"|"* ]]'
expect_no_grep "main.bicep:($fed)\$" found.txt "a cached module's outputs follow its arguments (internetFacing: false)"
expect_grep '^AZR001 main.bicep:13$' found.txt "the other modules still report"

# A digest that is not in the cache is not matched to another one.
sed -i 's/@sha256:4b8c/@sha256:0b8c/' project/main.bicep
report BICEP_CACHE_DIRECTORY="$scratch/cache"
expect_grep '^GEN006 main.bicep:9$' found.txt "another digest is not in the cache"

finish
