# Manifests the shell tests share.

# A Deployment that passes every Kubernetes rule on its own (K8S031 aside,
# which needs a NetworkPolicy for its namespace), on standard output:
#   clean_deployment NAME NAMESPACE [EXTRA-CONTAINER-SECURITY-LINE]
# e.g. clean_deployment web shop "privileged: true" for one finding.
clean_deployment() {
  cat <<YAML
apiVersion: apps/v1
kind: Deployment
metadata: {name: $1, namespace: $2}
spec:
  replicas: 2
  selector: {matchLabels: {app: $1}}
  template:
    metadata: {labels: {app: $1}}
    spec:
      serviceAccountName: $1
      automountServiceAccountToken: false
      securityContext: {runAsNonRoot: true, runAsUser: 10001, seccompProfile: {type: RuntimeDefault}}
      containers:
        - name: app
          image: registry.example/$1:1.4.2
          resources: {requests: {cpu: 100m, memory: 128Mi}, limits: {memory: 256Mi}}
          readinessProbe: {httpGet: {path: /ready, port: 8080}}
          livenessProbe: {httpGet: {path: /live, port: 8080}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {drop: [ALL]}
            ${3:-}
YAML
}

# A NetworkPolicy denying all traffic in a namespace (what K8S031 wants):
#   default_deny_policy NAMESPACE
default_deny_policy() {
  cat <<YAML
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: $1}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
YAML
}
