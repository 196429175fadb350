#!/usr/bin/env bash
# One severity vocabulary (issue 23): text, JUnit, GitHub's log lines, JSON
# and the configuration say critical, high, medium, low or info — the words
# rule files and `severity:` overrides use — and SARIF keeps its own levels,
# derived from the severity in one place. --fail-on and `fail-on:` take
# severities (a high finding passes --fail-on critical and fails --fail-on
# high); the SARIF level words of older configurations stay accepted.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

# K8S001 is high, K8S002 critical (rules/packs/kubernetes).
high="$src/fixtures/kubernetes/K8S001-default-service-account.yaml"
critical="$src/fixtures/kubernetes/K8S002-privileged-container.yaml"

# --- Text: finding lines, summary, statistics -------------------------------------------------
expect_exit 1 "text report" -- "$palisade" scan "$high" "$critical" --select K8S001,K8S002 --statistics --no-color
expect_grep '^[^ ]+:[0-9]+:[0-9]+: high K8S001 ' out.txt "a high rule's finding says high"
expect_grep '^[^ ]+:[0-9]+:[0-9]+: critical K8S002 ' out.txt "a critical rule's finding says critical"
expect_no_grep ': (error|warning|note) [A-Z]{3}' out.txt "no SARIF level words on finding lines"
expect_grep '^[0-9]+ findings in [0-9]+ files \([0-9]+ critical, [0-9]+ high\)' out.txt "the summary counts by severity"
expect_grep '^ +[0-9]+ +[0-9]+ +[0-9]+ +K8S002 +[a-z-]+ +critical$' out.txt "--statistics names the severity"

# --- JUnit, GitHub log lines, JSON ------------------------------------------------------------
expect_exit 1 "JUnit" -- "$palisade" scan "$high" --select K8S001 --format junit
expect_grep '<failure type="high"' out.txt "JUnit failure type is the severity"
expect_grep ': high K8S001 ' out.txt "JUnit failure text says high"
expect_exit 1 "GitHub" -- "$palisade" scan "$high" --select K8S001 --format github
expect_grep '^palisade: [0-9]+ findings? \([0-9]+ high\)' out.txt "the GitHub summary counts by severity"
expect_grep '^::error ' out.txt "GitHub annotations keep GitHub's own kinds (high maps to error)"
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: [broken\n' > broken.yaml
expect_exit 0 "JSON with a notification (GEN001 not selected)" -- "$palisade" scan broken.yaml --select K8S001 --format json
check "JSON notifications carry a severity word" "python3 -c 'import json,sys; n=json.load(open(\"out.txt\"))[\"reports\"][0][\"notifications\"]; assert n and all(x[\"severity\"] in (\"critical\",\"high\",\"medium\",\"low\",\"info\") for x in n), n'"
expect_exit 0 "text with a notification" -- "$palisade" scan broken.yaml --select K8S001 --no-color
expect_grep '^broken.yaml:[0-9]+:[0-9]+: (critical|high|medium|low|info) GEN001: ' out.txt "a notification says its rule's severity"

# --- --fail-on and fail-on: severities, and the old level words -------------------------------
expect_exit 0 "a high finding passes --fail-on critical" -- "$palisade" scan "$high" --select K8S001 --fail-on critical
expect_exit 1 "and fails --fail-on high" -- "$palisade" scan "$high" --select K8S001 --fail-on high
expect_exit 1 "--fail-on error still means high and above" -- "$palisade" scan "$high" --select K8S001 --fail-on error
expect_exit 0 "--fail-on none" -- "$palisade" scan "$high" --select K8S001 --fail-on none
expect_exit 2 "--fail-on takes a severity" -- "$palisade" scan "$high" --fail-on severe
expect_grep 'critical, high, medium, low, info or none' err.txt "and says which"
mkdir -p repo/.git && cp "$high" repo/
printf 'fail-on: critical\n' > repo/.palisade.yaml
expect_exit 0 "fail-on: critical in the configuration" -- "$palisade" scan repo --select K8S001
printf 'fail-on: error\nseverity: {K8S001: low}\n' > repo/.palisade.yaml
expect_exit 0 "fail-on: error (an old spelling) with K8S001 lowered to low" -- "$palisade" scan repo --select K8S001
(cd repo && "$palisade" config . >../out.txt 2>../err.txt)
expect_grep '^fail-on: high +# ' out.txt "palisade config shows fail-on: error as high"
expect_grep '^  K8S001: low +# ' out.txt "and the severity override"
printf 'fail-on: severe\n' > repo/.palisade.yaml
expect_exit 2 "a fail-on that is no severity is a configuration error" -- "$palisade" scan repo
expect_grep "'fail-on' must be critical, high, medium, low, info or none" err.txt "naming the words"

# --- SARIF: the level, from the severity ------------------------------------------------------
expect_exit 1 "SARIF" -- "$palisade" scan "$high" "$critical" --select K8S001,K8S002 --format sarif
check "SARIF levels follow the severity (critical/high: error)" "python3 -c 'import json; r=json.load(open(\"out.txt\"))[\"runs\"][0][\"results\"]; assert r and all(x[\"level\"] == \"error\" for x in r), r'"
finish
