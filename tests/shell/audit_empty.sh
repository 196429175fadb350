#!/usr/bin/env bash
# `palisade audit` tells an empty repository (no file read) from a clean one
# (issue 23): the summary's status is "empty", not "ok", and the empty ones
# are listed apart with the reason — nothing found to read, or the input
# problems that kept every file from being read.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir -p repos/clean repos/docs-only
printf 'settings:\n  retries: 3\n' > repos/clean/settings.yaml
echo "# documentation only" > repos/docs-only/README.md
expect_exit 0 "audit a clean and an empty repository" -- "$palisade" audit repos/clean repos/docs-only --output-dir out --progress none
# The table counts active findings in the severity words every output uses.
expect_grep "^repository +files +critical +high +medium +low +info +suppressed +status$" out.txt \
  "the columns are the severities, most severe first"
expect_grep "^repos/clean +1 .* ok$" out.txt "the clean repository (one file read) is ok"
expect_grep "^repos/docs-only +0 .* empty$" out.txt "the repository with no file read is empty, not ok"
expect_grep "^1 repository empty" out.txt "empty repositories are listed apart"
expect_grep "^  repos/docs-only: no Bicep, ARM template, Kubernetes or Calico file found" out.txt "with the reason"
expect_grep "docs-only +0 .* empty$" out/palisade-audit.summary.txt "the summary file says so too"

# A privileged container is critical (K8S002): it is counted in the first column.
mkdir -p repos/risky
cat > repos/risky/pod.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: risky, namespace: apps}
spec:
  containers:
    - name: app
      image: example.com/app@sha256:0000000000000000000000000000000000000000000000000000000000000000
      securityContext: {privileged: true}
YAML
expect_exit 1 "audit a repository with a privileged pod (findings: exit 1)" -- "$palisade" audit repos/risky --output-dir out2 --progress none
expect_grep "^repos/risky +1 +[1-9][0-9]* " out.txt "the critical finding is in the critical column"
finish
