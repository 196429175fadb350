#!/usr/bin/env bash
# `pod-spec-paths` through the command line: a custom resource's pod spec is
# checked once `.palisade.yaml` names where it is (found from the scan root or
# named with --config), and a bad entry is a located configuration error.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir -p repo/.git repo/k8s
cp "$src/fixtures/kubernetes/pod-spec-paths/custom-resources.yaml" repo/k8s/
cd repo

expect_exit 0 "without pod-spec-paths: the custom resources are not workloads" -- "$palisade" scan k8s --format concise --fail-on error
expect_no_grep "K8S002" out.txt "no pod rule reads a custom resource by itself"

cp "$src/fixtures/kubernetes/pod-spec-paths/.palisade.yaml" .palisade.yaml
expect_exit 1 "pod-spec-paths found from the scan root" -- "$palisade" scan k8s --format concise --fail-on error
expect_grep "^k8s/custom-resources.yaml:25:.*K8S002 .*TrainingJob train" out.txt "the TrainingJob's template is a pod spec"
expect_grep "^k8s/custom-resources.yaml:39:.*K8S009 .*ScaledJob queue-worker" out.txt "the ScaledJob's PodSpec path is a pod spec"

expect_exit 0 "palisade config shows the entries" -- "$palisade" config k8s
expect_grep "^  - \{apiVersion: ml.example.com/v1, kind: TrainingJob, path: spec.worker.template\}" out.txt "palisade config lists each entry"

expect_exit 1 "fix reads the project as the scan does (findings remain)" -- "$palisade" fix --diff --unsafe-fixes k8s
expect_grep "^\+ *hostNetwork: false" out.txt "fix changes the ScaledJob's pod spec that pod-spec-paths names"

mv .palisade.yaml ../elsewhere.yaml
expect_exit 1 "pod-spec-paths from --config" -- "$palisade" scan k8s --config ../elsewhere.yaml --format concise --fail-on error
expect_grep "K8S002 .*TrainingJob train" out.txt "--config's pod-spec-paths apply"

printf 'pod-spec-paths:\n  - {kind: TrainingJob, path: "spec.workers[0].template"}\n' > .palisade.yaml
expect_exit 2 "a path with an index is refused" -- "$palisade" scan k8s
expect_grep "\.palisade\.yaml:2:.*no indexes" err.txt "the error names the file, line and what is wrong"

finish
