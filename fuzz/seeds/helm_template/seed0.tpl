{{- define "labels" -}}
app: {{ .Values.name | printf "%s-%d" 3 }}
{{- end }}
kind: Deployment
{{- range $i, $v := .Values.list }}
- {{ $i }}: {{ $v }}{{ if eq $i 1 }}{{ break }}{{ end }}
{{- else }}
empty
{{- end }}
{{ template "labels" . }}{{ with .Values.m }}{{ index . "a" }}{{ else with .x }}{{ end }}
{{ and 1 (or 0 "x") }} {{ slice "hello" 1 3 }} {{ len .Values.list }} {{ lt 1 2 }}
---
Values: {name: web, list: [a, b, c], m: {a: 1, b: 2.5}}
