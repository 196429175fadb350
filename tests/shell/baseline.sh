#!/usr/bin/env bash
# The baseline for real: `palisade baseline` records today's findings;
# `scan --baseline` then passes, and keeps passing when lines move above a
# finding and when the file is reformatted (flow style to block style,
# indentation, key order); a new finding, or a changed one, is reported and
# fails; the baselined ones are counted. Damaged baselines are exit 2.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir k8s
cat > k8s/app.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      hostNetwork: true
      containers:
        - {name: app, image: "nginx:1.25", securityContext: {privileged: true}}
        - {name: sidecar, image: "envoy:1.30"}
YAML

expect_exit 1 "the project has findings" -- "$palisade" scan k8s
before=$(grep -cE '^k8s/' out.txt)
expect_exit 0 "palisade baseline records them" -- "$palisade" baseline k8s --output baseline.json
expect_grep "recorded $before findings in baseline.json" err.txt "it says how many"
python3 -c "import json; d=json.load(open('baseline.json')); assert d['palisade-baseline']==1 and len(d['findings'])==$before" \
  && echo "ok: baseline.json holds one entry per finding" || { echo "FAIL: baseline.json"; failures=$((failures + 1)); }

expect_exit 0 "scan --baseline: nothing new" -- "$palisade" scan k8s --baseline baseline.json
expect_grep "No findings; 0 suppressed, $before baselined" out.txt "the rest are counted as baselined"

# Lines inserted above every finding, and the whole file reformatted: still nothing new.
cat > k8s/app.yaml <<'YAML'
# A comment block added above everything,
# pushing every line down.

apiVersion: apps/v1
kind: Deployment
metadata:
    namespace: shop
    name: web
spec:
    selector:
        matchLabels:
            app: web
    template:
        metadata:
            labels:
                app: web
        spec:
            containers:
              - name: app
                image: nginx:1.25
                securityContext:
                    privileged: true
              - name: sidecar
                image: envoy:1.30
            hostNetwork: true
YAML
expect_exit 0 "moved and reformatted: fingerprints hold" -- "$palisade" scan k8s --baseline baseline.json
expect_grep "No findings; 0 suppressed, $before baselined" out.txt "all still baselined after reformatting"

# A changed finding: the sidecar turns privileged too — new, reported, fails.
sed -i 's/                image: envoy:1.30/                image: envoy:1.30\n                securityContext: {privileged: true}/' k8s/app.yaml
expect_exit 1 "a new finding fails" -- "$palisade" scan k8s --baseline baseline.json
new=$(grep -cE '^k8s/' out.txt)
"$palisade" scan k8s --baseline baseline.json --format concise >concise.txt
expect_grep "^k8s/app.yaml:[0-9]+:[0-9]+: K8S002 .*'sidecar'" concise.txt "the new finding is the sidecar's"
[[ $new -ge 1 ]] && ! grep -q "'app' of" out.txt && echo "ok: only new findings are listed" || { echo "FAIL: only new findings ($new)"; failures=$((failures + 1)); }

# SARIF: baselined findings are left out of results; the new one is there.
expect_exit 1 "sarif with a baseline" -- "$palisade" scan k8s --baseline baseline.json --format sarif -o new.sarif
python3 -c "
import json; r=json.load(open('new.sarif'))['runs'][0]['results']
assert r and all(x.get('baselineState') != 'unchanged' for x in r) and any(\"'sidecar'\" in x['message']['text'] for x in r), r" \
  && echo "ok: SARIF lists the new findings" || { echo "FAIL: SARIF new findings"; failures=$((failures + 1)); }

# The config's `baseline:` is used by scan and is where `palisade baseline` writes by default.
printf 'baseline: debt.json\n' > .palisade.yaml
expect_exit 0 "baseline with the config's path" -- "$palisade" baseline k8s
[[ -f debt.json ]] && echo "ok: written to the config's baseline" || { echo "FAIL: debt.json"; failures=$((failures + 1)); }
expect_exit 0 "scan uses the config's baseline" -- "$palisade" scan k8s
rm .palisade.yaml

# Errors.
expect_exit 2 "baseline needs --output" -- "$palisade" baseline k8s
expect_exit 2 "baseline refuses --format" -- "$palisade" baseline k8s --output b.json --format sarif
echo '{"version": "2.1.0"}' > not-a-baseline.json
expect_exit 2 "a file that is not a baseline" -- "$palisade" scan k8s --baseline not-a-baseline.json
expect_grep "not a palisade baseline" err.txt "says so"
expect_exit 2 "a missing baseline" -- "$palisade" scan k8s --baseline missing.json
expect_grep "missing.json: cannot read" err.txt "names it"

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
