#!/usr/bin/env bash
# scripts/new-rule writes a rule file and a fixture that agree: for each pack
# with a skeleton, and for a rule copied with --like, the new rule loads with
# --rules and reports exactly the fixture's expectation. Refuses an id that
# exists, a name in use and a name that is not kebab-case.
set -euo pipefail
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch/tree/rules/packs" "$scratch/tree/fixtures"
root=$scratch/tree
new_rule() { "$src/scripts/new-rule" --root "$root" --no-docs "$@"; }

# The fixture's `expect:` lines equal the findings of the rule loaded on its own.
agrees() {
  local id=$1 rule_file fixture pack_dir
  rule_file=$(ls "$root"/rules/packs/*/"$id"-*.yaml)
  pack_dir=$scratch/pack-$id && mkdir -p "$pack_dir" && cp "$rule_file" "$pack_dir/"
  fixture=$(ls -d "$root"/fixtures/*/"$id"-* | grep -v '\.expect$' | head -1)
  local expected actual
  expected=$(grep -rn "expect: $id" "$fixture" | sed -E 's/^([^:]*:)?([0-9]+):.*/\2/' | sort -n | tr '\n' ' ')
  actual=$("$palisade" scan "$fixture" --rules "$pack_dir" --select "$id" --fail-on none |
           grep " $id " | sed -E 's/^[^:]*:([0-9]+):.*/\1/' | sort -n | tr '\n' ' ')
  [[ -n $expected && $expected == "$actual" ]] || { echo "FAIL: $id expected lines [$expected], found [$actual]"; exit 1; }
}

new_rule K8S990 pod-sample-check && agrees K8S990
new_rule CAL990 calico-sample-check && agrees CAL990
new_rule AZR990 storage-sample-check && agrees AZR990

# --like copies a real rule and its fixture, renaming the expectations.
mkdir -p "$root/rules/packs/kubernetes" "$root/fixtures/kubernetes"
cp "$src"/rules/packs/kubernetes/K8S007-*.yaml "$root/rules/packs/kubernetes/"
cp "$src"/fixtures/kubernetes/K8S007-* "$root/fixtures/kubernetes/"
new_rule K8S991 host-pid-copy --like K8S007 && agrees K8S991
grep -q "^name: host-pid-copy$" "$root"/rules/packs/kubernetes/K8S991-host-pid-copy.yaml || { echo "FAIL: --like kept the old name"; exit 1; }

refuses() { if new_rule "$@" 2>/dev/null; then echo "FAIL: new-rule $* was accepted"; exit 1; fi; }
refuses K8S990 another-name          # id exists
refuses K8S992 pod-sample-check      # name in use
refuses K8S993 Not_Kebab             # not kebab-case
refuses XYZ001 some-name             # no pack for the prefix
echo "new-rule: skeletons and --like agree with their fixtures"
