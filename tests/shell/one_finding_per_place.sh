#!/usr/bin/env bash
# One finding per rule per offending value: two settings missing from one
# object are one finding (AZR023 on a cluster without OIDC issuer and
# workload identity), and a Role rule of wildcards is one finding (K8S025),
# not one per field. The fixture test compares (rule, line) sets and cannot
# see duplicates on one line; this counts them.
set -u
palisade=$1 src=$2 scratch=$3
rm -rf "$scratch" && mkdir -p "$scratch"
count() {  # FILE RULE LINE -> number of findings of RULE on LINE
  "$palisade" scan "$1" --select "$2" --format json --fail-on none |
    python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(1 for r in d['reports'] for f in r['findings'] if f['rule_id']=='$2' and f['location']['start_line']==$3))"
}
cat > "$scratch/cluster.bicep" <<'BICEP'
resource aks 'Microsoft.ContainerService/managedClusters@2024-02-01' = {
  name: 'aks'
  location: 'westeurope'
  properties: {
    dnsPrefix: 'aks'
  }
}
BICEP
n=$(count "$scratch/cluster.bicep" AZR023 4)
[[ $n == 1 ]] || { echo "FAIL: AZR023 reported $n times on one cluster (want 1)"; exit 1; }
"$palisade" scan "$scratch/cluster.bicep" --select AZR023 --fail-on none -q --format concise | grep -q "oidcIssuerProfile, properties.securityProfile" ||
  { echo "FAIL: the merged AZR023 finding does not name both paths"; exit 1; }
cat > "$scratch/role.yaml" <<'YAML'
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: everything
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
YAML
total=$("$palisade" scan "$scratch/role.yaml" --select K8S025 --format json --fail-on none |
  python3 -c "import json,sys; d=json.load(sys.stdin); print(sum(1 for r in d['reports'] for f in r['findings'] if f['rule_id']=='K8S025'))")
[[ $total == 1 ]] || { echo "FAIL: K8S025 reported $total times for one wildcard rule (want 1)"; exit 1; }
echo ok
