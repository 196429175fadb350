#!/usr/bin/env bash
# `palisade kustomize build DIR`: prints the objects palisade builds as YAML
# (the namePrefix rename and the subject kustomize leaves alone), --origins
# names the line that set a value and where a renamed one was first written,
# --output writes the same bytes, build errors go to stderr with exit 1 and the
# objects still printed, a folder without a kustomization is a usage error.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
cd "$src" || exit 1
fail() { echo "FAIL: $*"; exit 1; }
overlay=fixtures/kustomize/name-prefix-missing-service-account/overlays/prod

"$palisade" kustomize --help | grep -q "palisade kustomize build DIR" || fail "--help does not show the usage"

out=$("$palisade" kustomize build "$overlay") || fail "build of $overlay exited $?"
grep -qx "  name: prod-app" <<<"$out" || fail "the ServiceAccount is not renamed to prod-app:"$'\n'"$out"
grep -qx "      serviceAccountName: prod-app" <<<"$out" || fail "the pod's serviceAccountName is not rewritten"
# The ClusterRoleBinding's subject in batch stays as written, as kubectl leaves it.
grep -A3 "^- kind: ServiceAccount" <<<"$out" | grep -q "namespace: batch" || fail "the subject in batch is gone"
[[ $(grep -c "^---$" <<<"$out") -eq 4 ]] || fail "expected 5 objects"

origins=$("$palisade" kustomize build "$overlay" --origins) || fail "--origins exited $?"
grep -qx "  name: prod-app  # $overlay/kustomization.yaml:2, origin fixtures/kustomize/name-prefix-missing-service-account/base/service-account.yaml:4" <<<"$origins" \
  || fail "--origins does not locate the renamed name:"$'\n'"$origins"
grep -qx "      serviceAccountName: prod-app  # origin $overlay/kustomization.yaml:2" <<<"$origins" \
  || fail "--origins does not say where the rewritten reference's name comes from"
grep -qx "# fixtures/kustomize/name-prefix-missing-service-account/base/deployment.yaml:3" <<<"$origins" \
  || fail "--origins does not say where each object starts"

"$palisade" kustomize build "$overlay" --output "$scratch/built.yaml" || fail "--output exited $?"
[[ "$(cat "$scratch/built.yaml")" == "$out" ]] || fail "--output differs from standard output"

errors_out=$("$palisade" kustomize build fixtures/kustomize/build-errors 2>"$scratch/stderr"); rc=$?
[[ $rc -eq 1 ]] || fail "a build with errors exited $rc, not 1"
grep -q "kustomization.yaml:3:5: GEN030 resource 'missing.yaml' does not exist" "$scratch/stderr" || fail "no located GEN030 on stderr"
grep -q "GEN031" "$scratch/stderr" || fail "the remote resource note is missing"
grep -qx "kind: ConfigMap" <<<"$errors_out" || fail "what could be built is not printed"

"$palisade" kustomize build fixtures/kustomize >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "a folder without a kustomization exited $rc, not 2"
"$palisade" kustomize bild "$overlay" >/dev/null 2>&1; rc=$?
[[ $rc -eq 2 ]] || fail "an unknown sub-command exited $rc, not 2"
echo ok
