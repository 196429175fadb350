#!/usr/bin/env bash
# The first hour of a new user (issue 23): every sub-command's --help is its
# own and lists its options with an example; --select/--ignore/--extend-select
# take ids, id prefixes, names, packs and tags as .palisade.yaml does;
# --exclude stops reading; `palisade init` writes a commented starter
# config; the nearest .palisade.yaml of the scanned path applies (not only
# the current folder's); `palisade config` prints the effective
# configuration and each value's source; a config file is never scanned as a
# manifest; include/exclude filter reading; a broken config's message says
# "invalid YAML" once; the concise format is one line per finding; the text
# format's lines stay under 120 columns.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# --- Help: per command, every option, an example -----------------------------------------
expect_exit 0 "palisade --help" -- "$palisade" --help
cp out.txt general.txt
for command in scan baseline config init rules explain audit merge version help; do
  expect_exit 0 "palisade $command --help" -- "$palisade" "$command" --help
  expect_grep "^usage: palisade $command" out.txt "$command --help prints the $command usage, not the general help"
  expect_grep "^examples:" out.txt "$command --help has an example"
  expect_grep "^  $command " general.txt "palisade --help lists $command"
done
"$palisade" audit --help >audit-help.txt
for option in --output-dir --repos-file --shard --jobs --select --ignore --fail-on --progress --strict; do
  expect_grep "$option" audit-help.txt "audit --help lists $option"
done
"$palisade" scan --help >scan-help.txt
for option in --format --select --extend-select --ignore --exclude --config --fail-on --sarif-rules --statistics; do
  expect_grep "$option" scan-help.txt "scan --help lists $option"
done
expect_exit 2 "an unknown option is a usage error naming the command's help" -- "$palisade" audit --bogus x
expect_grep "see palisade audit --help" err.txt "the error points at the command's own help"

# --- Selecting rules: tags, prefixes, packs, names -----------------------------------------
demo=$src/fixtures/demo
expect_exit 1 "--select security (a tag, as in docs/pre-commit.md) runs" -- "$palisade" scan "$demo" --select security --format concise
expect_no_grep "no rule" err.txt "--select security is not 'no rule'"
expect_grep " K8S002 " out.txt "a security rule fires"
expect_exit 1 "a short option's value may be attached (-j1), as getopt allows" -- "$palisade" scan "$demo" -j1 --format concise -q
expect_exit 2 "an attached value on a short flag that takes none is still refused" -- "$palisade" scan "$demo" -qx
expect_exit 1 "--select K8S0 (an id prefix)" -- "$palisade" scan "$demo" --select K8S0 --format concise -q
check "--select K8S0: only K8S0xx findings" "! grep -vE ': K8S0[0-9]{2} ' out.txt"
expect_exit 1 "--select cis-kubernetes (a tag prefix)" -- "$palisade" scan "$demo" --select cis-kubernetes --format concise -q
expect_grep ": K8S0(01|02|03|11) " out.txt "a CIS Kubernetes rule fires"
expect_no_grep ": (AZR|CAL)" out.txt "no non-CIS-Kubernetes rule fires"
expect_exit 1 "--select calico (a pack)" -- "$palisade" scan "$src/fixtures/calico" --select calico --fail-on note --format concise -q
check "--select calico: only CAL findings" "[[ -s out.txt ]] && ! grep -vE ': CAL[0-9]{3} ' out.txt"
expect_exit 1 "--ignore by tag" -- "$palisade" scan "$demo" --ignore pod-security,azure --format concise -q
expect_no_grep ": (K8S002|AZR)" out.txt "--ignore pod-security,azure drops those rules"
expect_exit 2 "a selector naming nothing is an error" -- "$palisade" scan "$demo" --select no-such-thing
expect_grep "'no-such-thing' is no rule id" err.txt "the error says the selector names no rule"

# --extend-select adds to the configuration's select.
mkdir -p ext/.git && cp "$demo/kubernetes/node-agent.yaml" ext/
printf 'select: [K8S002]\n' > ext/.palisade.yaml
expect_exit 1 "config select alone" -- "$palisade" scan ext --format concise -q
check "config select: K8S002 only" "[[ \$(grep -c . out.txt) -eq 1 ]] && grep -q K8S002 out.txt"
expect_exit 1 "--extend-select K8S011" -- "$palisade" scan ext --extend-select K8S011 --format concise -q
check "--extend-select: K8S002 and K8S011" "grep -q K8S002 out.txt && grep -q K8S011 out.txt && [[ \$(grep -c . out.txt) -eq 2 ]]"

# --- --exclude stops reading ------------------------------------------------------------------
mkdir -p ex/keep ex/legacy
cp "$demo/kubernetes/node-agent.yaml" ex/keep/
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n' > ex/legacy/broken.yaml
expect_exit 1 "without --exclude the broken file is read" -- "$palisade" scan ex --format concise
expect_grep "legacy/broken.yaml" out.txt "the broken file is reported when read"
expect_exit 1 "--exclude legacy/" -- "$palisade" scan ex --exclude legacy/ --format concise
expect_no_grep "legacy/broken.yaml" out.txt "an excluded file is not read (no parse error)"
expect_grep "read 0 Bicep, 0 ARM, 1 Kubernetes/Calico file " out.txt "only the kept file was read"

# --- Configuration: nearest per scanned path; config never a manifest; include/exclude read ---
mkdir -p parent/project/.git parent/project/k8s parent/project/legacy
cp "$demo/kubernetes/node-agent.yaml" parent/project/k8s/
cp ex/legacy/broken.yaml parent/project/legacy/
printf '# project settings\nignore: [K8S002]\nexclude: [legacy/]\n' > parent/project/.palisade.yaml
(cd parent && "$palisade" scan project/ --format concise >../out.txt 2>../err.txt)
expect_no_grep "K8S002" out.txt "cd parent && scan project/: project/.palisade.yaml's ignore applies"
expect_no_grep "broken.yaml" out.txt "its exclude stops reading the broken file"
expect_grep "read 0 Bicep, 0 ARM, 1 Kubernetes/Calico file " out.txt "the configuration's exclude filters reading"
(cd parent && "$palisade" scan project/.palisade.yaml >../out.txt 2>../err.txt)
expect_no_grep "GEN0" out.txt "a configuration file named on the command line is not scanned as a manifest"
expect_grep "configuration, not a manifest" err.txt "and the user is told why"
(cd parent && "$palisade" scan project >../out.txt 2>../err.txt)
expect_no_grep "palisade.yaml" out.txt "a scan of the folder never reads .palisade.yaml as a manifest"
(cd parent && "$palisade" config project >../out.txt 2>../err.txt)
expect_grep '^# file: project/.palisade.yaml' out.txt "palisade config names the file found"
expect_grep '"K8S002" +# project/.palisade.yaml:2' out.txt "palisade config gives each value's file:line"
expect_grep '^fail-on: medium +# default' out.txt "palisade config marks defaults"
(cd parent && "$palisade" config project --fail-on error --ignore K8S011 >../out.txt 2>../err.txt)
expect_grep '^fail-on: high +# command line' out.txt "flags are shown as the command line's"
expect_grep '"K8S011" +# command line \(--ignore\)' out.txt "an --ignore from the command line"
expect_grep '^# [0-9]+ of [0-9]+ rules run' out.txt "palisade config says how many rules run"
mkdir -p two/a/.git two/b/.git && echo 'ignore: [K8S001]' > two/a/.palisade.yaml
cp "$demo/kubernetes/node-agent.yaml" two/a/ && cp "$demo/kubernetes/node-agent.yaml" two/b/
expect_exit 2 "paths with different configurations are refused, not half-configured" -- "$palisade" scan two/a two/b
expect_grep "different configurations" err.txt "and the error says so"
printf 'select: [K8S001\n' > parent/project/.palisade.yaml
(cd parent && "$palisade" scan project >../out.txt 2>../err.txt)
expect_grep "invalid YAML" err.txt "a broken configuration is reported"
expect_no_grep "invalid YAML: invalid YAML" err.txt "and says 'invalid YAML' once"

# --- palisade init -----------------------------------------------------------------------------
mkdir -p init/k8s init/infra
cp "$demo/kubernetes/node-agent.yaml" init/k8s/ && cp -r "$demo/bicep/." init/infra/
echo '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "contentVersion": "1.0.0.0", "parameters": {}}' > init/infra/main.parameters.json
expect_exit 0 "palisade init" -- "$palisade" init init
check "init wrote init/.palisade.yaml" "[[ -f init/.palisade.yaml ]]"
expect_grep "^# +[0-9]+ Kubernetes manifests" init/.palisade.yaml "init lists the Kubernetes manifests found"
expect_grep "^# +[0-9]+ Bicep files" init/.palisade.yaml "init lists the Bicep files found"
expect_grep "infra/main.parameters.json" init/.palisade.yaml "init suggests the parameter file"
check "init's file is mostly comments" "[[ \$(grep -c '^#' init/.palisade.yaml) -gt 20 ]]"
expect_exit 2 "init does not overwrite" -- "$palisade" init init
(cd init && "$palisade" config . >../out.txt 2>../err.txt)
expect_grep '^# file: .palisade.yaml' out.txt "the starter configuration loads"
expect_exit 1 "and a scan uses it" -- "$palisade" scan init

# --- Output: concise, and the default text under 120 columns -------------------------------
cd "$src" || exit 2
"$palisade" scan fixtures/demo --format concise >"$scratch/concise.txt"
"$palisade" scan fixtures/demo --format json >"$scratch/demo.json"
cd "$scratch" || exit 2
active=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["findings"])' demo.json)
check "concise: one line per finding ($active)" "[[ \$(grep -cE '^fixtures/demo/[^ ]+:[0-9]+:[0-9]+: [A-Z][A-Z0-9]*[0-9]{3} ' concise.txt) -eq $active ]]"
(cd "$src" && "$palisade" scan fixtures/demo --no-color) >text.txt
awk 'length($0) > 120 { bad++ } END { exit bad > 0 }' text.txt
check "text: no line over 120 columns" "[[ $? -eq 0 ]]"
expect_grep '^    help: ' text.txt "text: the advice is on an indented line"
awk '{ s += length($0); n++ } END { exit !(s / n < 100) }' text.txt
check "text: lines average under 100 columns" "[[ $? -eq 0 ]]"
expect_exit 1 "--statistics" -- "$palisade" scan "$demo" --statistics --format concise
expect_grep "Findings by rule" out.txt "--statistics counts findings per rule"

finish
