#!/usr/bin/env bash
# labels: external
# The GitHub Action and workflow, as far as they can run here: action.yml
# and .github/workflows/*.yml parse and refer only to inputs, outputs and
# steps that exist; then the composite action's own steps are executed by a
# small stand-in runner (expressions, `if:`, env, GITHUB_OUTPUT, bash -eo
# pipefail, as GitHub runs them) with the built palisade as `binary`:
# SARIF is written, annotations are workflow commands within GitHub's
# per-step limit, findings fail the job at the end, a config error fails the
# scan step. `uses:` steps are recorded, not run.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
python3 -c "import yaml" 2>/dev/null || { echo "SKIP: python3 yaml module missing"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2

cat > runner.py <<'PY'
"""Runs a composite action's steps the way GitHub's runner does, for tests."""
import json, os, re, subprocess, sys, tempfile, yaml

def run_action(action_path, inputs, workdir):
    action = yaml.safe_load(open(os.path.join(action_path, "action.yml")))
    values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
    for k in inputs:
        assert k in values, f"no input {k}"
    values.update(inputs)
    steps_out, log, record = {}, [], {"uses": [], "failed_step": None, "stdout": ""}

    def expr(text):
        def one(m):
            e = m.group(1).strip()
            if e.startswith("inputs."):
                return values[e[len("inputs."):]]
            if e == "github.action_path":
                return action_path
            s = re.fullmatch(r"steps\.([\w-]+)\.outputs\.([\w-]+)", e)
            if s:
                return steps_out.get(s.group(1), {}).get(s.group(2), "")
            raise ValueError(f"unsupported expression {e}")
        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    def condition(c):
        if c is None:
            return record["failed_step"] is None
        m = re.fullmatch(r"\s*inputs\.([\w-]+)\s*==\s*'([^']*)'\s*", c)
        assert m, f"unsupported if: {c}"
        return record["failed_step"] is None and values[m.group(1)] == m.group(2)

    for step in action["runs"]["steps"]:
        if not condition(step.get("if")):
            continue
        if "uses" in step:
            record["uses"].append({"uses": step["uses"], "with": {k: expr(v) for k, v in step.get("with", {}).items()}})
            continue
        assert step.get("shell") == "bash", step
        env = dict(os.environ)
        env.update({k: expr(v) for k, v in step.get("env", {}).items()})
        out_file = tempfile.NamedTemporaryFile(delete=False, dir=workdir)
        out_file.close()
        env["GITHUB_OUTPUT"] = out_file.name
        env["RUNNER_TEMP"] = workdir
        script = os.path.join(workdir, "step.sh")
        with open(script, "w") as f:
            f.write(expr(step["run"]))
        p = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", script], cwd=workdir, env=env,
                           capture_output=True, text=True)
        record["stdout"] += p.stdout
        sys.stderr.write(p.stderr)
        outputs = {}
        for line in open(out_file.name):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                outputs[k] = v
        if step.get("id"):
            steps_out[step["id"]] = outputs
        if p.returncode != 0:
            record["failed_step"] = {"name": step.get("name"), "exit": p.returncode}
    record["outputs"] = {k: expr(v["value"]) for k, v in action.get("outputs", {}).items()}
    return record

if __name__ == "__main__":
    action_path, workdir, inputs_json, result = sys.argv[1:5]
    json.dump(run_action(action_path, json.loads(inputs_json), workdir), open(result, "w"), indent=1)
PY

python3 - "$src" <<'PY' || exit 1
import re, sys, yaml, os
src = sys.argv[1]
action = yaml.safe_load(open(f"{src}/action.yml"))
text = open(f"{src}/action.yml").read()
assert action["runs"]["using"] == "composite"
inputs = set(action["inputs"])
for name in re.findall(r"inputs\.([\w-]+)", text):
    assert name in inputs, f"action.yml uses undefined input {name}"
ids = {s.get("id") for s in action["runs"]["steps"]}
for step_id in re.findall(r"steps\.([\w-]+)\.outputs", text):
    assert step_id in ids, f"action.yml refers to unknown step {step_id}"
for step in action["runs"]["steps"]:
    assert ("run" in step) != ("uses" in step)
    if "run" in step:
        assert step["shell"] == "bash"
        assert "${{" not in step["run"], f"step '{step['name']}': expressions go through env, not into the script"
uploads = [s for s in action["runs"]["steps"] if s.get("uses", "").startswith("github/codeql-action/upload-sarif@")]
assert uploads and uploads[0]["with"]["sarif_file"] == "${{ inputs.sarif-file }}"
workflows = [f for f in os.listdir(f"{src}/.github/workflows") if f.endswith((".yml", ".yaml"))]
assert "ci.yml" in workflows
ci = yaml.safe_load(open(f"{src}/.github/workflows/ci.yml"))
on = ci.get("on", ci.get(True))
assert "pull_request" in on and "push" in on
steps = [s for job in ci["jobs"].values() for s in job["steps"]]
assert any("scripts/test" in s.get("run", "") for s in steps), "ci runs scripts/test"
dogfood = [s for s in steps if s.get("uses") == "./"]
assert dogfood and dogfood[0]["with"]["paths"] == "fixtures/demo"
assert set(dogfood[0]["with"]) <= inputs, set(dogfood[0]["with"]) - inputs
assert any(s.get("uses", "").startswith("github/codeql-action/upload-sarif@") for s in steps)
job = next(j for j in ci["jobs"].values() if any(s.get("uses") == "./" for s in j["steps"]))
assert job["permissions"]["security-events"] == "write"
print("ok: action.yml and the workflow are consistent")
PY
source "$src/tests/shell/lib/assert.bash"
run_action() {  # run_action NAME INPUTS-JSON
  mkdir -p "$scratch/$1"
  cp -r "$scratch/checkout/." "$scratch/$1/" 2>/dev/null
  python3 runner.py "$src" "$scratch/$1" "$2" "$scratch/$1.json" 2>"$scratch/$1.err"
}
field() { python3 -c "import json,sys; d=json.load(open('$scratch/$1.json')); print(eval(sys.argv[1]))" "$2" 2>/dev/null; }

mkdir -p checkout/k8s
cp -r "$src/fixtures/demo" checkout/demo
run_action demo "{\"binary\": \"$palisade\", \"paths\": \"demo\", \"fail-on\": \"none\"}"
check "demo: the job succeeds with fail-on none" "[[ \$(field demo 'd[\"failed_step\"]') == None ]]"
check "demo: outputs" "[[ \$(field demo 'd[\"outputs\"][\"exit-code\"]') == 0 && \$(field demo 'd[\"outputs\"][\"sarif-file\"]') == palisade.sarif ]]"
check "demo: SARIF written, with results" \
  "python3 -c \"import json; r=json.load(open('$scratch/demo/palisade.sarif'))['runs'][0]['results']; assert r\""
check "demo: annotations are workflow commands" "[[ \$(field demo 'd[\"stdout\"].count(\"::\")') -gt 0 ]] && field demo 'd[\"stdout\"]' | grep -qE '^::(error|warning|notice) file=demo/'"
check "demo: no upload unless asked" "[[ \$(field demo 'len(d[\"uses\"])') == 0 ]]"

# 25 privileged pods: findings fail the job at the last step; at most 10 error annotations, the rest summarised.
for i in $(seq 1 25); do
  cat > "checkout/k8s/pod-$i.yaml" <<YAML
apiVersion: v1
kind: Pod
metadata: {name: p$i, namespace: shop}
spec:
  containers: [{name: app, image: "nginx:1.25", securityContext: {privileged: true}}]
YAML
done
run_action many "{\"binary\": \"$palisade\", \"paths\": \"k8s\\ndemo\", \"upload-sarif\": \"true\", \"sarif-file\": \"out/r.sarif\"}"
mkdir -p "$scratch/many/out" 2>/dev/null
check "findings: the job fails at the last step" "[[ \$(field many 'd[\"failed_step\"][\"name\"]') == Result ]]"
check "findings: exit-code output is 1" "[[ \$(field many 'd[\"outputs\"][\"exit-code\"]') == 1 ]]"
check "findings: at most 10 error annotations" "[[ \$(field many 'd[\"stdout\"]' | grep -c '^::error ') -le 10 ]]"
check "findings: the rest are summarised" "field many 'd[\"stdout\"]' | grep -qE '^::notice title=palisade::[0-9]+ more findings'"
check "upload-sarif: the upload step gets the SARIF path" "[[ \$(field many 'd[\"uses\"][0][\"with\"][\"sarif_file\"]') == out/r.sarif ]]"
check "two paths, one per line, are both scanned" "field many 'd[\"stdout\"]' | grep -q 'file=demo/' && field many 'd[\"stdout\"]' | grep -q 'k8s/pod-'"

# A broken configuration fails the scan step itself with exit 2.
printf 'nonsense: true\n' > checkout/bad.yaml
run_action badconfig "{\"binary\": \"$palisade\", \"paths\": \"k8s\", \"config\": \"bad.yaml\"}"
check "bad config: the scan step fails with exit 2" "[[ \$(field badconfig 'd[\"failed_step\"][\"name\"]') == Scan && \$(field badconfig 'd[\"failed_step\"][\"exit\"]') == 2 ]]"
check "bad config: an error annotation says so" "field badconfig 'd[\"stdout\"]' | grep -q '^::error title=palisade::palisade could not run (exit 2)'"

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
