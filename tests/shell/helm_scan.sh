#!/usr/bin/env bash
# Helm charts in the scan: a folder with Chart.yaml is rendered natively and
# its objects are checked; a finding lands on the template line with the
# values-file line that set the value as a related location (text, SARIF,
# JSON, HTML); --helm-values/--helm-set/--helm-release/--helm-namespace and
# the configuration's `helm:` entries change what is rendered; --no-helm
# reads the templates raw (GEN003); --context reports a chart's findings when
# its values.yaml is the named file; --dump-model shows the rendered objects
# with their origins; a chart named as the path itself is rendered.
set -u
palisade=$(realpath "$1") src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
source "$src/tests/shell/lib/assert.bash"

mkdir repo && cd repo && git init -q .
mkdir charts
cp -r "$src/fixtures/helm/privileged-values" charts/agent
cp -r "$src/fixtures/helm/service-account-conditional" charts/web
line_of() { grep -n -- "$1" "$2" | head -1 | cut -d: -f1; }
privileged_line=$(line_of 'privileged: {{' charts/agent/templates/deployment.yaml)
values_line=$(line_of 'privileged: true' charts/agent/values.yaml)

# The rendered Deployment is checked: K8S002 on the template line, values.yaml's line related.
expect_exit 1 "a chart is rendered and checked" -- "$palisade" scan charts/agent --select K8S002
expect_grep "charts/agent/templates/deployment.yaml:$privileged_line:[0-9]+: critical K8S002" out.txt "K8S002 on the template line"
expect_grep "charts/agent/values.yaml:$values_line:[0-9]+: the value comes from here" out.txt "values.yaml's line related (text)"
expect_grep "Deployment release-name-debug-agent" out.txt "the object has the release's name"
expect_no_grep "GEN003" out.txt "no GEN003 for the rendered templates"

expect_exit 1 "SARIF" -- "$palisade" scan charts/agent --select K8S002 --format sarif
check "SARIF: the related location is values.yaml's line" \
  "python3 -c 'import json,sys; r=json.load(open(\"out.txt\"))[\"runs\"][0][\"results\"][0]; rl=r[\"relatedLocations\"]; sys.exit(0 if any(l[\"physicalLocation\"][\"artifactLocation\"][\"uri\"].endswith(\"charts/agent/values.yaml\") and l[\"physicalLocation\"][\"region\"][\"startLine\"]==$values_line for l in rl) and r[\"locations\"][0][\"physicalLocation\"][\"region\"][\"startLine\"]==$privileged_line else 1)'"
expect_exit 1 "JSON" -- "$palisade" scan charts/agent --select K8S002 --format json
check "JSON: one finding, related values.yaml line" \
  "python3 -c 'import json,sys; f=json.load(open(\"out.txt\"))[\"reports\"][0][\"findings\"]; sys.exit(0 if len(f)==1 and any(r[\"path\"].endswith(\"values.yaml\") and r[\"start_line\"]==$values_line for r in f[0][\"related\"]) else 1)'"
expect_exit 1 "HTML" -- "$palisade" scan charts/agent --select K8S002 --format html
expect_grep "charts/agent/values.yaml</span>:$values_line|charts/agent/values.yaml:$values_line|values.yaml.{0,40}:$values_line" out.txt "HTML names values.yaml's line"

# The same finding twice is one, with the same fingerprint each run.
"$palisade" scan charts/agent --select K8S002 --format json >a.json 2>/dev/null
"$palisade" scan . --select K8S002 --format json >b.json 2>/dev/null
check "fingerprints are stable across runs and roots of the same repository" \
  "python3 -c 'import json,sys; a=[f[\"fingerprint\"] for f in json.load(open(\"a.json\"))[\"reports\"][0][\"findings\"]]; b=[f[\"fingerprint\"] for f in json.load(open(\"b.json\"))[\"reports\"][0][\"findings\"]]; sys.exit(0 if len(a)==1 and a==b else 1)'"

# --no-helm: today's behaviour, a GEN003 note per template and nothing checked.
expect_exit 0 "--no-helm reads templates raw" -- "$palisade" scan charts/agent --no-helm --fail-on high
expect_grep "GEN003" out.txt "--no-helm: GEN003"
expect_no_grep "K8S002" out.txt "--no-helm: nothing rendered"

# --helm-values: a file over values.yaml; a value it sets is blamed on its own line.
printf 'securityContext:\n  privileged: false\n' > safe.yaml
expect_exit 0 "--helm-values turns privileged off" -- "$palisade" scan charts/agent --select K8S002 --helm-values safe.yaml
printf '# prod\nsecurityContext:\n  readOnlyRootFilesystem: true\n  privileged: true\n' > prod.yaml
expect_exit 1 "--helm-values: later files win" -- "$palisade" scan charts/agent --select K8S002 --helm-values safe.yaml --helm-values prod.yaml
expect_grep "prod.yaml:4:[0-9]+: the value comes from here" out.txt "the value is blamed on the values file's own line"
expect_exit 2 "--helm-values of a missing file is a usage error" -- "$palisade" scan charts/agent --helm-values nope.yaml
expect_grep "nope.yaml" err.txt "the missing file is named"

# --helm-set, Helm's syntax and typing.
expect_exit 0 "--helm-set securityContext.privileged=false" -- "$palisade" scan charts/agent --select K8S002 --helm-set securityContext.privileged=false
expect_exit 0 "--helm-set key=null removes values.yaml's default" -- "$palisade" scan charts/agent --select K8S002 --helm-set securityContext.privileged=null
expect_exit 2 "--helm-set without '=' is a usage error" -- "$palisade" scan charts/agent --helm-set securityContext.privileged
expect_exit 2 "--helm-set with a bad index is a usage error" -- "$palisade" scan charts/agent --helm-set 'a[x]=1'

# The default service account: only when the chart does not create one.
expect_exit 1 "default values: the pods run as the default service account" -- "$palisade" scan charts/web --select K8S001
expect_grep "charts/web/templates/deployment.yaml:[0-9]+:[0-9]+: [a-z]+ K8S001" out.txt "K8S001 on the web template"
expect_exit 0 "--helm-set serviceAccount.create=true: no K8S001" -- "$palisade" scan charts/web --select K8S001 --helm-set serviceAccount.create=true
expect_exit 0 "--helm-set with several pairs and a list" -- "$palisade" scan charts/web --select K8S001 --helm-set 'serviceAccount.create=true,serviceAccount.name=api,extra={a,b}'

# --helm-release / --helm-namespace name the objects.
expect_exit 1 "--helm-release" -- "$palisade" scan charts/agent --select K8S002 --helm-release canary --helm-namespace ops
expect_grep "Deployment canary-debug-agent" out.txt "the release name reaches the object"
expect_exit 2 "--helm-kube-version checks its value" -- "$palisade" scan charts/agent --helm-kube-version banana

# --dump-model: rendered objects with their chart and origins.
expect_exit 1 "--dump-model" -- "$palisade" scan charts/agent --select K8S002 --dump-model model.json
check "the dump names the chart, the template and the values origin" \
  "python3 -c 'import json,sys; r=[x for x in json.load(open(\"model.json\"))[\"resources\"] if x.get(\"chart\")==\"debug-agent\"]; o=r[0][\"origins\"]; sys.exit(0 if r and r[0][\"file\"]==\"charts/agent/templates/deployment.yaml\" and o.get(\"spec.template.spec.containers[0].securityContext.privileged\")==\"charts/agent/values.yaml:$values_line\" else 1)'"

# The configuration's `helm:` entries, per chart folder.
cat > .palisade.yaml <<'YAML'
helm:
  charts/web:
    set: [serviceAccount.create=true]
    release: shop
  charts/agent:
    values: [safe.yaml]
YAML
expect_exit 0 "helm: entries apply per chart" -- "$palisade" scan . --select K8S001,K8S002
expect_exit 1 "the command line adds to the entry" -- "$palisade" scan . --select K8S001,K8S002 --helm-values prod.yaml
expect_grep "prod.yaml:4:[0-9]+: the value comes from here" out.txt "the command line's file comes after the entry's"
cat > .palisade.yaml <<'YAML'
helm:
  charts/nothing:
    values: [safe.yaml]
  charts/web:
    values: [missing.yaml]
    set: ["a[b]=1"]
    colour: blue
YAML
expect_exit 2 "palisade config reports bad helm: entries" -- "$palisade" config .
expect_grep "\.palisade\.yaml:2:[0-9]+: error: .*charts/nothing" err.txt "a folder that does not exist, located"
expect_grep "\.palisade\.yaml:5:[0-9]+: error: .*missing.yaml" err.txt "a values file that does not exist, located"
expect_grep "\.palisade\.yaml:6:[0-9]+: error: .*a\[b\]=1" err.txt "a bad set expression, located"
expect_grep "\.palisade\.yaml:7:[0-9]+: error: unknown key 'colour'" err.txt "an unknown key, located"
rm .palisade.yaml

# --context, as pre-commit runs: a staged values.yaml reports its chart's findings.
expect_exit 1 "--context . charts/agent/values.yaml" -- "$palisade" scan --context . charts/agent/values.yaml
expect_grep "charts/agent/templates/deployment.yaml:$privileged_line:[0-9]+: critical K8S002" out.txt "the template's finding, through values.yaml"
expect_no_grep "charts/web" out.txt "the other chart is not reported"
expect_exit 1 "--context . a staged template" -- "$palisade" scan --context . charts/web/templates/deployment.yaml
expect_grep "K8S001" out.txt "the staged template's finding"
expect_no_grep "K8S002" out.txt "not the other chart's"

# A chart named as the path itself, and as the folder scanned from inside.
(cd charts/agent && "$palisade" scan . --select K8S002 >../../inside.txt 2>&1)
expect_grep "templates/deployment.yaml:$privileged_line:[0-9]+: critical K8S002" inside.txt "scanning the chart folder from inside renders it"
expect_exit 1 "a template named alone renders its chart" -- "$palisade" scan charts/agent/templates/deployment.yaml --select K8S002
expect_grep "K8S002" out.txt "the named template's chart is rendered"

# A subchart's value set by the parent (values.<subchart>): the finding is on the subchart's
# template line and blames the parent's values.yaml; a library chart's define is blamed where written.
cp -r "$src/fixtures/helm/subchart-global" charts/platform
cp -r "$src/fixtures/helm/library-chart" charts/shop
sub_line=$(line_of 'privileged: {{' charts/platform/charts/agent/templates/deployment.yaml)
parent_values_line=$(line_of 'privileged: true' charts/platform/values.yaml)
expect_exit 1 "a subchart is rendered with the parent's values" -- "$palisade" scan charts/platform charts/shop --select K8S002,K8S007
expect_grep "charts/platform/charts/agent/templates/deployment.yaml:$sub_line:[0-9]+: critical K8S002" out.txt "K8S002 on the subchart's template line"
expect_grep "charts/platform/values.yaml:$parent_values_line:[0-9]+: the value comes from here" out.txt "the parent's values.yaml line related"
expect_grep "charts/shop/charts/common/templates/_pod.tpl:4:[0-9]+: .*K8S007" out.txt "a library define's finding on the library's line"

# The release namespace: unchosen, `namespace: {{ .Release.Namespace }}` is no namespace (helm install -n
# decides) and only what the chart itself writes as `default` is K8S033; chosen, even as `default`, it counts.
cp -r "$src/fixtures/helm/release-namespace" charts/placed
expect_exit 1 "only the written default namespace is reported" -- "$palisade" scan charts/placed --select K8S033 --fail-on low --format concise
check "two objects name default themselves" '[[ $(grep -c K8S033 out.txt) -eq 2 ]]'
expect_no_grep "release-placed|helper-placed" out.txt "objects placed by helm install -n are not in default"
# The values.yaml value prints after an include that printed the same text: it is still blamed on its own line.
expect_exit 1 "text output" -- "$palisade" scan charts/placed --select K8S033 --fail-on low
expect_grep "charts/placed/values.yaml:2:[0-9]+: the value comes from here" out.txt "a value is blamed where it is written, not where equal text was"
expect_exit 1 "--helm-namespace default places every object there" -- "$palisade" scan charts/placed --select K8S033 --helm-namespace default --fail-on low --format concise
check "all four objects are in default" '[[ $(grep -c K8S033 out.txt) -eq 4 ]]'

finish
