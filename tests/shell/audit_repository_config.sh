#!/usr/bin/env bash
# `palisade audit` reads each repository as `palisade scan` in it would: its
# own .palisade.yaml says how its charts render (`helm:` values files) and
# where its custom resources carry pod specs (`pod-spec-paths:`), while the
# auditor's rule selection decides what is checked. A repository whose
# configuration is broken gets a located GEN020 finding in its own report,
# and the rest of the audit goes on.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
source "$src/tests/shell/lib/findings.bash"

# Three repositories with the same chart, whose default values are safe; a
# production values file turns `privileged` on.
for repo in plain configured broken; do
  mkdir -p "repos/$repo/charts"
  cp -r "$src/fixtures/helm/privileged-values" "repos/$repo/charts/agent"
  sed -i 's/privileged: true/privileged: false/' "repos/$repo/charts/agent/values.yaml"
  mkdir -p "repos/$repo/deploy"
  printf 'securityContext:\n  privileged: true\n' > "repos/$repo/deploy/prod.yaml"
done
printf 'helm:\n  charts/agent:\n    values: [deploy/prod.yaml]\n    release: agent\n' > repos/configured/.palisade.yaml
printf 'helm:\n  charts/agent:\n    values: [deploy/prod.yaml]\nselectt: [K8S002]\n' > repos/broken/.palisade.yaml
# The configured repository also has a custom resource whose pod spec only `pod-spec-paths:` finds.
cat > repos/configured/runner.yaml <<'YAML'
apiVersion: ci.example/v1
kind: Runner
metadata:
  name: builder
  namespace: ci
spec:
  podTemplate:
    containers:
      - name: build
        image: registry.example/build:1.0
        securityContext:
          privileged: true
YAML
printf 'pod-spec-paths:\n  - kind: Runner\n    path: spec.podTemplate\n' >> repos/configured/.palisade.yaml

expect_exit 1 "the audit runs over all three" -- "$palisade" audit repos/plain repos/configured repos/broken \
  --output-dir out --progress none --select K8S002,GEN020
for repo in plain configured broken; do
  list_findings < "out/repositories/$(ls out/repositories | grep "$repo" | grep '\.json$')" > "$repo.txt"
done
expect_no_grep '^K8S002' plain.txt "a repository without configuration renders its chart with the defaults"
expect_grep '^K8S002 repos/configured/charts/agent/templates/deployment.yaml:' configured.txt \
  "a repository's helm: values file holds in an audit"
expect_grep '^  related repos/configured/deploy/prod.yaml:2 ' configured.txt "and is blamed where it sets the value"
expect_grep 'Deployment agent-debug-agent' configured.txt "with the release name it gives"
expect_grep '^K8S002 repos/configured/runner.yaml:12 ' configured.txt "its pod-spec-paths: holds in an audit"
expect_grep '^GEN020 repos/broken/.palisade.yaml:4 ' broken.txt "a broken configuration is a located finding of its repository"
expect_no_grep '^K8S002' broken.txt "and none of it is used"
finish
