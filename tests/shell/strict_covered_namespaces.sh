#!/usr/bin/env bash
# K8S031 under --strict: a namespace that a kustomization's `namespace:` covers
# (it places a policy without metadata.namespace there) is covered, not "maybe
# covered", so --strict does not report it; the namespace no policy reaches is
# reported with or without --strict.
set -u
palisade=$1 src=$2 scratch=$3
fixture="$src/fixtures/kubernetes/K8S031-kustomize-namespace"
for mode in "" --strict; do
  out=$("$palisade" scan "$fixture" --select K8S031 $mode --fail-on none -q)
  if grep -q "'shop-prod'" <<<"$out"; then
    echo "FAIL ($mode): the kustomized namespace shop-prod is reported:"; echo "$out"; exit 1
  fi
  grep -q "'shop-dev'" <<<"$out" || { echo "FAIL ($mode): shop-dev, which no policy covers, is not reported"; exit 1; }
done
echo ok
