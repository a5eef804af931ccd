{{/*
Naming, labels and the values every template derives. Helpers that concern one service take a dict
`(dict "root" $ "key" "session")` where key is the service's key in values.yaml.
*/}}

{{- define "jitsso.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-wide name prefix: the release name, or `<release>-<chart>` when it does not contain the chart name. */}}
{{- define "jitsso.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "jitsso.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The four services: values key -> service name. Templates range over this (in key order). */}}
{{- define "jitsso.services" -}}
gateway: sso-gateway
migration: migration-service
provisioning: provisioning-service
session: session-service
{{- end }}

{{/* Keys of the services that are enabled, as a JSON list (use with fromJsonArray). */}}
{{- define "jitsso.enabledServiceKeys" -}}
{{- $keys := list }}
{{- range $key, $_ := (include "jitsso.services" . | fromYaml) }}
{{- if (index $.Values $key).enabled }}
{{- $keys = append $keys $key }}
{{- end }}
{{- end }}
{{- toJson $keys }}
{{- end }}

{{- define "jitsso.selectorLabels" -}}
app.kubernetes.io/name: {{ include "jitsso.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "jitsso.labels" -}}
helm.sh/chart: {{ include "jitsso.chart" . }}
{{ include "jitsso.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: jitsso
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* Service name of a component: sso-gateway, session-service, ... */}}
{{- define "jitsso.componentName" -}}
{{- get (include "jitsso.services" .root | fromYaml) .key }}
{{- end }}

{{/* Resource name of a component: <fullname>-<service name>. */}}
{{- define "jitsso.componentFullname" -}}
{{- printf "%s-%s" (include "jitsso.fullname" .root) (include "jitsso.componentName" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "jitsso.componentSelectorLabels" -}}
{{ include "jitsso.selectorLabels" .root }}
app.kubernetes.io/component: {{ include "jitsso.componentName" . }}
{{- end }}

{{- define "jitsso.componentLabels" -}}
{{ include "jitsso.labels" .root }}
app.kubernetes.io/component: {{ include "jitsso.componentName" . }}
{{- end }}

{{/* Full image reference: [registry/]repository(:tag|@digest). */}}
{{- define "jitsso.image" -}}
{{- $image := (index .root.Values .key).image }}
{{- $registry := default .root.Values.global.imageRegistry $image.registry }}
{{- $repository := $image.repository }}
{{- if $registry }}
{{- $repository = printf "%s/%s" (trimSuffix "/" $registry) $repository }}
{{- end }}
{{- if $image.digest }}
{{- printf "%s@%s" $repository $image.digest }}
{{- else }}
{{- printf "%s:%s" $repository (toString (default (default .root.Chart.AppVersion .root.Values.global.imageTag) $image.tag)) }}
{{- end }}
{{- end }}

{{- define "jitsso.imagePullSecrets" -}}
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
{{- range . }}
{{- if kindIs "map" . }}
  - name: {{ .name }}
{{- else }}
  - name: {{ . }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}

{{- define "jitsso.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "jitsso.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- secrets */}}

{{/* Name of the Secret the chart creates for the suite's own secrets. */}}
{{- define "jitsso.credentialsSecretName" -}}
{{- printf "%s-credentials" (include "jitsso.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Secret holding one of the suite's secrets: `(dict "root" $ "name" "internalToken")`. */}}
{{- define "jitsso.suiteSecretName" -}}
{{- $secret := get .root.Values.secrets .name }}
{{- default (include "jitsso.credentialsSecretName" .root) $secret.existingSecret }}
{{- end }}

{{/* Keys of .Values.secrets the chart must store itself (no existingSecret), as a JSON list. */}}
{{- define "jitsso.generatedSecretNames" -}}
{{- $names := list }}
{{- range $name := list "internalToken" "operatorToken" "keysMasterKey" }}
{{- if not (get $.Values.secrets $name).existingSecret }}
{{- $names = append $names $name }}
{{- end }}
{{- end }}
{{- toJson $names }}
{{- end }}

{{/* Name of the chart-created database Secret (also the name expected when no credentials are given). */}}
{{- define "jitsso.postgresqlSecretName" -}}
{{- printf "%s-postgresql" (include "jitsso.fullname" .) | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Secret with a service's database credentials. */}}
{{- define "jitsso.databaseSecretName" -}}
{{- $svc := index .root.Values .key }}
{{- $auth := .root.Values.postgresql.auth }}
{{- default (default (include "jitsso.postgresqlSecretName" .root) $auth.existingSecret) $svc.database.existingSecret }}
{{- end }}

{{- define "jitsso.kafkaSecretName" -}}
{{- default (printf "%s-kafka" (include "jitsso.fullname" .) | trunc 63 | trimSuffix "-") .Values.kafka.sasl.existingSecret }}
{{- end }}

{{/* ---------------------------------------------------------------- derived settings */}}

{{/* `postgresql://host:port/db[?params]`; the JDBC URL prefixes it with `jdbc:`. */}}
{{- define "jitsso.databaseUrl" -}}
{{- $pg := .root.Values.postgresql }}
{{- $url := printf "postgresql://%s:%v/%s" $pg.host $pg.port (index .root.Values .key).database.name }}
{{- if $pg.parameters }}
{{- $url = printf "%s?%s" $url (trimPrefix "?" $pg.parameters) }}
{{- end }}
{{- $url }}
{{- end }}

{{- define "jitsso.kafkaSecurityProtocol" -}}
{{- if .Values.kafka.securityProtocol }}
{{- .Values.kafka.securityProtocol }}
{{- else if .Values.kafka.sasl.enabled }}
{{- "SASL_SSL" }}
{{- end }}
{{- end }}

{{/* JAAS login module matching the SASL mechanism. */}}
{{- define "jitsso.kafkaLoginModule" -}}
{{- if eq .Values.kafka.sasl.mechanism "PLAIN" }}
{{- "org.apache.kafka.common.security.plain.PlainLoginModule" }}
{{- else if has .Values.kafka.sasl.mechanism (list "SCRAM-SHA-256" "SCRAM-SHA-512") }}
{{- "org.apache.kafka.common.security.scram.ScramLoginModule" }}
{{- else }}
{{- fail (printf "kafka.sasl.mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, not %q" .Values.kafka.sasl.mechanism) }}
{{- end }}
{{- end }}

{{/* Kafka ports for the egress policy: explicit, else parsed from the bootstrap servers. JSON list. */}}
{{- define "jitsso.kafkaPorts" -}}
{{- $ports := list }}
{{- if .Values.networkPolicy.egress.kafka.ports }}
{{- $ports = .Values.networkPolicy.egress.kafka.ports }}
{{- else }}
{{- range $server := splitList "," .Values.kafka.bootstrapServers }}
{{- $parts := splitList ":" (trim $server) }}
{{- if lt (len $parts) 2 }}
{{- fail (printf "kafka.bootstrapServers entry %q has no port; write host:port" (trim $server)) }}
{{- end }}
{{- $ports = append $ports (last $parts | atoi) }}
{{- end }}
{{- end }}
{{- toJson ($ports | uniq) }}
{{- end }}

{{- define "jitsso.issuerBaseUrl" -}}
{{- $config := .Values.session.config }}
{{- if $config.issuerBaseUrl }}
{{- trimSuffix "/" $config.issuerBaseUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts.session }}
{{- printf "https://%s" .Values.ingress.hosts.session }}
{{- else }}
{{- fail "session.config.issuerBaseUrl is required when ingress.enabled is false or ingress.hosts.session is empty: it is the public URL apps see as the token issuer" }}
{{- end }}
{{- end }}

{{/* In-cluster base URL of session-service, for the other services' calls to its /internal API. */}}
{{- define "jitsso.sessionServiceUrl" -}}
{{- printf "http://%s:%v" (include "jitsso.componentFullname" (dict "root" . "key" "session")) .Values.session.port }}
{{- end }}

{{/* In-cluster base URL of a suite service's API: `(dict "root" $ "key" "migration")`. */}}
{{- define "jitsso.serviceUrl" -}}
{{- printf "http://%s:%v" (include "jitsso.componentFullname" (dict "root" .root "key" .key)) (index .root.Values .key).port }}
{{- end }}

{{/* A service's value if non-empty, else the top-level one: `(dict "root" $ "key" "session" "field" "nodeSelector")`. */}}
{{- define "jitsso.podSetting" -}}
{{- $own := get (index .root.Values .key) .field }}
{{- $value := ternary $own (get .root.Values .field) (not (empty $own)) }}
{{- if $value }}
{{- if kindIs "string" $value }}
{{- $value }}
{{- else }}
{{- toYaml $value }}
{{- end }}
{{- end }}
{{- end }}

{{/* ---------------------------------------------------------------- validation */}}

{{/*
Fails rendering on values that would deploy something broken or unsafe. Included once, from deployment.yaml.
*/}}
{{- define "jitsso.validate" -}}
{{- if not .Values.session.enabled }}
{{- fail "session.enabled must stay true: the other services open sessions and mint tokens through session-service" }}
{{- end }}
{{- $master := .Values.secrets.keysMasterKey.value }}
{{- if $master }}
{{- $decoded := b64dec $master }}
{{- if or (ne (len $decoded) 32) (ne (b64enc $decoded) $master) }}
{{- fail "secrets.keysMasterKey.value must be the base64 encoding of exactly 32 bytes (openssl rand -base64 32)" }}
{{- end }}
{{- end }}
{{- if and .Values.kafka.sasl.enabled (not .Values.kafka.sasl.existingSecret) }}
{{- if not (and .Values.kafka.sasl.username .Values.kafka.sasl.password) }}
{{- fail "kafka.sasl.enabled needs kafka.sasl.existingSecret, or kafka.sasl.username and kafka.sasl.password" }}
{{- end }}
{{- end }}
{{- range $proxy := .Values.ingress.trustedProxies }}
{{- if has (regexReplaceAll "/0+$" $proxy "/0") (list "0.0.0.0/0" "::/0" "0:0:0:0:0:0:0:0/0") }}
{{- fail (printf "ingress.trustedProxies holds %q: that trusts every client to name its own address; name the ingress controller's pods" $proxy) }}
{{- end }}
{{- end }}
{{- if .Values.ingress.enabled }}
{{- $seenHosts := dict }}
{{- range $key := include "jitsso.enabledServiceKeys" . | fromJsonArray }}
{{- $host := get $.Values.ingress.hosts $key }}
{{- if $host }}
{{- if hasKey $seenHosts $host }}
{{- fail (printf "ingress.hosts.%s and ingress.hosts.%s are both %q: each service needs its own host because several serve the same paths" (get $seenHosts $host) $key $host) }}
{{- end }}
{{- $_ := set $seenHosts $host $key }}
{{- $paths := get $.Values.ingress.paths $key }}
{{- if not $paths }}
{{- fail (printf "ingress.paths.%s is empty while ingress.hosts.%s is set" $key $key) }}
{{- end }}
{{- range $path := $paths }}
{{- include "jitsso.validateIngressPath" (dict "key" $key "path" $path) }}
{{- end }}
{{- end }}
{{- end }}
{{- end }}
{{- range $key := include "jitsso.enabledServiceKeys" . | fromJsonArray }}
{{- $pdb := (index $.Values $key).podDisruptionBudget }}
{{- if and $pdb.enabled (not (kindIs "invalid" $pdb.minAvailable)) (ne (toString $pdb.minAvailable) "") (not (kindIs "invalid" $pdb.maxUnavailable)) (ne (toString $pdb.maxUnavailable) "") }}
{{- fail (printf "%s.podDisruptionBudget: set minAvailable or maxUnavailable, not both" $key) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
An Ingress path must be a specific prefix: never `/` (it would cover everything), never under /q (health, metrics,
OpenAPI) and never under /internal (the service-to-service API). Prefix matching is per path segment, so only the
segment itself and what lies below it are checked.
*/}}
{{- define "jitsso.validateIngressPath" -}}
{{- $path := toString .path }}
{{- if not (hasPrefix "/" $path) }}
{{- fail (printf "ingress.paths.%s: %q must start with /" .key $path) }}
{{- end }}
{{- $normalized := trimSuffix "/" $path | lower }}
{{- if eq $normalized "" }}
{{- fail (printf "ingress.paths.%s: / would expose /q and /internal; list specific prefixes" .key) }}
{{- end }}
{{- range $forbidden := list "/q" "/internal" }}
{{- if or (eq $normalized $forbidden) (hasPrefix (printf "%s/" $forbidden) $normalized) }}
{{- fail (printf "ingress.paths.%s: %q is never routed publicly (%s is health/metrics or the internal API)" $.key $path $forbidden) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Public URL of sso-gateway: login URLs, OIDC callbacks and the app-facing authorization endpoint.
*/}}
{{- define "jitsso.gatewayBaseUrl" -}}
{{- $config := .Values.session.config }}
{{- if $config.gatewayBaseUrl }}
{{- trimSuffix "/" $config.gatewayBaseUrl }}
{{- else if and .Values.ingress.enabled .Values.ingress.hosts.gateway }}
{{- printf "https://%s" .Values.ingress.hosts.gateway }}
{{- else }}
{{- fail "session.config.gatewayBaseUrl is required when ingress.enabled is false or ingress.hosts.gateway is empty: it is the public URL of login URLs and OIDC callbacks" }}
{{- end }}
{{- end }}
