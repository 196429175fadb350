#!/usr/bin/env bash
# The resilience pack is off by default: a default scan of fixtures/ and of
# the demo runs and reports no RES rule (SARIF lists none of them), while
# --select resilience, `select:` in .palisade.yaml and `palisade rules
# --select resilience` bring the pack in; per-path overrides turn it down
# for non-production paths, as its rule docs say.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# The catalogue: every resilience rule, each marked off by default.
expect_exit 0 "palisade rules --select resilience" -- "$palisade" rules --select resilience --format json
check "rules --select resilience lists only the pack, all off by default" \
  "python3 -c \"import json; r=json.load(open('out.txt')); assert len(r) >= 20 and all(x['pack']=='resilience' and x['defaultEnabled'] is False for x in r)\""
expect_exit 0 "palisade rules --select resilience (text)" -- "$palisade" rules --select resilience
expect_grep "^RES060 .*zone-spread-capacity" out.txt "the text catalogue lists RES060"
expect_exit 2 "rules --select of an unknown tag is an error" -- "$palisade" rules --select no-such-tag

# Default scans: no RES finding, no RES rule in the run.
for target in fixtures fixtures/demo; do
  "$palisade" scan "$src/$target" --format sarif --output default.sarif >/dev/null 2>&1
  check "default scan of $target runs no resilience rule" \
    "python3 -c \"import json; s=json.load(open('default.sarif')); assert s['runs'][0]['tool']['driver']['rules'] and not [r for r in s['runs'][0]['tool']['driver']['rules'] if r['id'].startswith('RES')]; assert not [x for run in s['runs'] for x in run['results'] if x['ruleId'].startswith('RES')]\""
done

# Selected on the command line, by tag.
expect_exit 1 "scan --select resilience finds the pack's fixtures" -- "$palisade" scan "$src/fixtures/resilience" --select resilience --format csv
expect_grep ",RES040," out.txt "a Kubernetes rule of the pack is reported"
expect_grep ",RES001," out.txt "an AKS rule of the pack is reported"
expect_exit 1 "scan --select zone-spread-capacity" -- "$palisade" scan "$src/fixtures/resilience/zone-spread-one-zone" --select zone-spread-capacity --format csv
expect_grep ",RES060," out.txt "the cross-format rule is reported by name"
expect_no_grep ",(K8S|AZR|PLT|CAL)[0-9]{3}," out.txt "only the pack runs when only the pack is selected"

# Selected in the configuration, and turned down for a dev path.
mkdir -p repo/prod repo/dev
cp "$src/fixtures/resilience/workloads.yaml" repo/prod/
cp "$src/fixtures/resilience/workloads.yaml" repo/dev/
git -C repo init -q 2>/dev/null
cat > repo/.palisade.yaml <<'YAML'
select: [resilience]
overrides:
  - paths: ["dev/**"]
    severity: {RES040: info}
    ignore: [pdb-missing, RES042]
YAML
cd repo || exit 2  # the configuration is found from the working directory upward
expect_exit 1 "select: [resilience] in .palisade.yaml" -- "$palisade" scan . --format csv
expect_grep "^,prod/workloads.yaml.*RES041" out.txt "prod keeps RES041"
expect_no_grep "^,dev/workloads.yaml.*RES04[12]" out.txt "dev ignores RES041 and RES042"
expect_grep "^,dev/workloads.yaml.*RES040" out.txt "dev still reports RES040"
check "dev's RES040 is lowered to info" "grep '^,dev/workloads.yaml' out.txt | grep RES040 | grep -q ',note,info,'"

cat > .palisade.yaml <<'YAML'
select: [security]
YAML
"$palisade" scan . --format csv >out.txt 2>err.txt
expect_no_grep "RES0" out.txt "select: [security] does not run the pack"
finish
