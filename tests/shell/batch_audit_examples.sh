#!/usr/bin/env bash
# The batch-audit examples are real: the Indexed Job manifest passes
# palisade's own rules, and the GitHub matrix workflow is valid YAML that uses
# the audit and merge commands as they are.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"
expect_exit 0 "the Indexed Job passes palisade's rules" -- "$palisade" scan "$src/examples/batch-audit/kubernetes-indexed-job.yaml" --fail-on note
expect_grep "No findings" out.txt "no finding at any level"
expect_exit 0 "the workflow is valid YAML" -- "$palisade" scan "$src/examples/batch-audit/github-matrix.yml" --select GEN001,GEN002 --fail-on note
expect_grep "palisade audit --repos-file" "$src/examples/batch-audit/github-matrix.yml" "the matrix audits by shard"
expect_grep "--shard \\\$\\{\\{ matrix.shard \\}\\}/4" "$src/examples/batch-audit/github-matrix.yml" "one shard per matrix job"
expect_grep "palisade merge shards" "$src/examples/batch-audit/github-matrix.yml" "and merges"
finish
