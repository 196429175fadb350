#!/usr/bin/env bash
# K8S031 under --strict: a namespace that the Kustomize build covers (an
# overlay's `namespace:` places the base's policy there) is covered, not "maybe
# covered", so --strict does not report it; a namespace no policy reaches is
# reported with or without --strict. A policy without a namespace that no build
# places covers no namespace whose workloads name theirs (where its file lies
# proves nothing); a namespace no workload names may receive it at deploy time,
# so only --strict reports that one, saying why.
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
fixture="$src/fixtures/kubernetes/K8S031-deploy-time-policy"
for mode in "" --strict; do
  # One finding a line, the --strict reason included.
  out=$("$palisade" scan "$fixture" --select K8S031 $mode --fail-on none -q --format github)
  if grep -q "'shop-staging'" <<<"$out"; then
    echo "FAIL ($mode): shop-staging, covered through the overlay's namespace:, is reported:"; echo "$out"; exit 1
  fi
  grep -q "'billing'" <<<"$out" || { echo "FAIL ($mode): billing, whose workload names it, is not reported"; echo "$out"; exit 1; }
  if [[ -z $mode ]] && grep -q "'reports'" <<<"$out"; then
    echo "FAIL: reports, which may receive the policy without a namespace, is reported without --strict"; exit 1
  fi
  if [[ -n $mode ]] && ! grep -q "'reports'.*policy without a namespace may be applied into it" <<<"$out"; then
    echo "FAIL (--strict): reports is not reported with its reason:"; echo "$out"; exit 1
  fi
done
echo ok
