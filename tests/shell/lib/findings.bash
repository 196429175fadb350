# Shared by the shell tests (sourced; not a test itself).
# list_findings: reads a `--format json` report on standard input and prints
# each finding as `RULE path:line message`, each related location under it as
# `  related path:line message`.
list_findings() {
  python3 -c '
import json, sys
for r in json.load(sys.stdin)["reports"]:
    for f in r["findings"]:
        l = f["location"]
        print(f["rule_id"], "%s:%d" % (l["path"], l["start_line"]), f["message"])
        for rel in f.get("related", []):
            print("  related", "%s:%d" % (rel.get("path"), rel.get("start_line", 0)), rel.get("message", ""))
'
}
