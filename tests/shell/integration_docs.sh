#!/usr/bin/env bash
# labels: docs
# The integration docs stay true: the example .palisade.yaml in
# docs/configuration.md is accepted by palisade; the hook ids in
# docs/pre-commit.md and README.md exist in .pre-commit-hooks.yaml; the
# action inputs in docs/github.md exist in action.yml; README links resolve.
set -u
palisade=$(realpath "$1") src=$(realpath "$2") scratch=$3
python3 -c "import yaml" 2>/dev/null || { echo "SKIP: python3 yaml module missing"; exit 77; }
rm -rf "$scratch" && mkdir -p "$scratch" && cd "$scratch" || exit 2
failures=0

python3 - "$src" > config-example.yaml <<'PY'
import re, sys
text = open(f"{sys.argv[1]}/docs/configuration.md").read()
print(re.search(r"## Example\n\n```yaml[^\n]*\n(.*?)```", text, re.S).group(1))
PY
mkdir -p repo/.git repo/infra repo/policies repo/k8s repo/vendor/bicep-registry-modules/avm/res
cp config-example.yaml repo/.palisade.yaml
printf "using 'main.bicep'\n" > repo/infra/main.prod.bicepparam
# Something to read: a named folder with no input at all is exit 2 (issue 17).
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n' > repo/k8s/settings.yaml
(cd repo && "$palisade" baseline k8s >../out.txt 2>../err.txt && "$palisade" scan k8s >>../out.txt 2>>../err.txt); rc=$?
if [[ $rc -ne 2 ]]; then echo "ok: the example .palisade.yaml is accepted (baseline recorded, then scan)"; else echo "FAIL: example config"; cat err.txt; failures=$((failures + 1)); fi

python3 - "$src" <<'PY' || failures=$((failures + 1))
import os, re, sys, yaml
src = sys.argv[1]
hook_ids = {h["id"] for h in yaml.safe_load(open(f"{src}/.pre-commit-hooks.yaml"))}
inputs = set(yaml.safe_load(open(f"{src}/action.yml"))["inputs"])
problems = []
def blocks(path):
    return re.findall(r"```yaml\n(.*?)```", open(path).read(), re.S)
for block in blocks(f"{src}/docs/pre-commit.md"):
    doc = yaml.safe_load(block)
    repos = doc["repos"] if isinstance(doc, dict) else [{"repo": "palisade", "hooks": doc}]
    for repo in repos:
        for hook in repo["hooks"]:
            if repo["repo"] != "local" and hook["id"] not in hook_ids:
                problems.append(f"docs/pre-commit.md: hook {hook['id']} is not in .pre-commit-hooks.yaml")
readme = open(f"{src}/README.md").read()
for hook_id in re.findall(r"hooks: \[\{id: ([\w-]+)\}\]", readme) + re.findall(r"`(palisade-system)`", readme):
    if hook_id not in hook_ids:
        problems.append(f"README.md: hook {hook_id} does not exist")
for block in blocks(f"{src}/docs/github.md"):
    doc = yaml.safe_load(block)
    steps = doc.get("steps", []) if isinstance(doc, dict) else []
    if isinstance(doc, dict) and "jobs" in doc:
        steps = [s for j in doc["jobs"].values() for s in j["steps"]]
    if isinstance(doc, list):
        steps = doc
    for step in steps:
        if str(step.get("uses", "")).startswith("palisade-lint/palisade@"):
            for key in step.get("with", {}) or {}:
                if key not in inputs:
                    problems.append(f"docs/github.md: input {key} is not in action.yml")
for link in re.findall(r"\]\((docs/[^)#]+\.md)\)", readme):
    if not os.path.exists(f"{src}/{link}"):
        problems.append(f"README.md links to missing {link}")
for page in ["pre-commit", "github", "docker", "configuration", "suppressions", "baseline-and-diff"]:
    if f"docs/{page}.md" not in readme:
        problems.append(f"README.md does not link docs/{page}.md")
print("\n".join(f"FAIL: {p}" for p in problems) or "ok: hook ids, action inputs and links in the docs exist")
sys.exit(1 if problems else 0)
PY

echo "$failures failure(s)"
[[ $failures -eq 0 ]]
