{{/* Names and labels. */}}
{{- define "dataproxy.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dataproxy.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* "<fullname>-signer" / "<fullname>-catalog": call with (dict "root" $ "component" "signer") */}}
{{- define "dataproxy.componentName" -}}
{{- printf "%s-%s" (include "dataproxy.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "dataproxy.selectorLabels" -}}
app.kubernetes.io/name: {{ include "dataproxy.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Each component carries its own image version as app.kubernetes.io/version. */}}
{{- define "dataproxy.labels" -}}
{{ include "dataproxy.selectorLabels" . }}
app.kubernetes.io/version: {{ (index .root.Values .component).image.tag | quote }}
app.kubernetes.io/part-of: dataproxy
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "dataproxy.image" -}}
{{- $image := (index .root.Values .component).image -}}
{{- if not $image.tag -}}{{- fail (printf "%s.image.tag is required: each image is versioned on its own" .component) -}}{{- end -}}
{{- printf "%s:%s" $image.repository $image.tag -}}
{{- end -}}

{{- define "dataproxy.serviceAccountName" -}}
{{- $sa := (index .root.Values .component).serviceAccount -}}
{{- if $sa.create -}}
{{- default (include "dataproxy.componentName" .) $sa.name -}}
{{- else -}}
{{- default "default" $sa.name -}}
{{- end -}}
{{- end -}}

{{/*
The kafka section of both config files: connection, the serdes' registry, pass-through properties.
Secret-looking properties are refused here: they would land in a ConfigMap.
*/}}
{{- define "dataproxy.kafkaConfig" -}}
{{- $kafka := .Values.kafka -}}
{{- if not $kafka.bootstrapServers -}}{{- fail "kafka.bootstrapServers is required" -}}{{- end -}}
{{- if not $kafka.schemaRegistryUrl -}}{{- fail "kafka.schemaRegistryUrl is required" -}}{{- end -}}
{{- $props := dict "bootstrap.servers" $kafka.bootstrapServers "schema.registry.url" $kafka.schemaRegistryUrl -}}
{{- range $key, $value := $kafka.properties -}}
{{- /* what holds a credential: passwords, JAAS configs, secrets, basic-auth user info, private keys and bearer
       tokens; not a property that merely names where a token comes from (sasl.oauthbearer.token.endpoint.url) */ -}}
{{- if regexMatch "(?i)(password|jaas|secret|user\\.info|private\\.key|keystore\\.key|(^|\\.)token$)" $key -}}
{{- fail (printf "kafka.properties.%s looks like a secret and would be stored in a ConfigMap: give it in kafka.secretProperties" $key) -}}
{{- end -}}
{{- $_ := set $props $key (toString $value) -}}
{{- end -}}
{{- toYaml $props -}}
{{- end -}}

{{/* KAFKA_<PROPERTY> from Secrets: the services map KAFKA_SASL_JAAS_CONFIG to sasl.jaas.config. */}}
{{- define "dataproxy.kafkaSecretEnv" -}}
{{- range .Values.kafka.secretProperties }}
- name: {{ printf "KAFKA_%s" (.property | upper | replace "." "_" | replace "-" "_") }}
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.secretProperties[].secretName is required" .secretName }}
      key: {{ required "kafka.secretProperties[].secretKey is required" .secretKey }}
{{- end }}
{{- end -}}

{{- define "dataproxy.kafkaTlsVolumeMount" -}}
{{- if .Values.kafka.tls.secretName }}
- name: kafka-tls
  mountPath: {{ .Values.kafka.tls.mountPath }}
  readOnly: true
{{- end }}
{{- end -}}

{{- define "dataproxy.kafkaTlsVolume" -}}
{{- if .Values.kafka.tls.secretName }}
- name: kafka-tls
  secret:
    secretName: {{ .Values.kafka.tls.secretName }}
{{- end }}
{{- end -}}

{{/* The storage secret's Secret, when accesskey auth is used: yours, or the chart's (-s3, -azure, -gcs). */}}
{{- define "dataproxy.storageSecretName" -}}
{{- $storage := .Values.signer.storage -}}
{{- if $storage.existingSecret -}}
{{- $storage.existingSecret -}}
{{- else -}}
{{- $suffix := ternary "s3" $storage.type (eq $storage.type "minio") -}}
{{- printf "%s-%s" (include "dataproxy.componentName" (dict "root" . "component" "signer")) $suffix -}}
{{- end -}}
{{- end -}}

{{/* Fails with the value to fix; included by every template that depends on signer.storage. */}}
{{- define "dataproxy.checkSignerStorage" -}}
{{- $storage := .Values.signer.storage -}}
{{- if not (has $storage.type (list "s3" "minio" "azure" "gcs")) -}}{{- fail "signer.storage.type must be s3, minio, azure or gcs" -}}{{- end -}}
{{- if not $storage.bucket -}}{{- fail "signer.storage.bucket is required" -}}{{- end -}}
{{- if not (has $storage.authType (list "iam" "accesskey")) -}}{{- fail "signer.storage.authType must be iam or accesskey" -}}{{- end -}}
{{- if and (eq $storage.type "azure") (not $storage.azure.account) -}}{{- fail "signer.storage.azure.account is required with signer.storage.type azure" -}}{{- end -}}
{{- if and (eq $storage.authType "accesskey") (not $storage.existingSecret) -}}
{{- if and (eq $storage.type "azure") (not $storage.azure.accountKey) -}}
{{- fail "signer.storage.authType accesskey with azure needs signer.storage.existingSecret (key account-key), or signer.storage.azure.accountKey" -}}
{{- else if and (eq $storage.type "gcs") (not $storage.gcs.serviceAccountJson) -}}
{{- fail "signer.storage.authType accesskey with gcs needs signer.storage.existingSecret (key service-account.json), or signer.storage.gcs.serviceAccountJson" -}}
{{- else if and (has $storage.type (list "s3" "minio")) (or (not $storage.accessKey) (not $storage.secretKey)) -}}
{{- fail "signer.storage.authType accesskey needs signer.storage.existingSecret, or accessKey and secretKey" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* signer.yaml: the file the worker reads with --config. */}}
{{- define "dataproxy.signerConfig" -}}
{{- include "dataproxy.checkSignerStorage" . -}}
{{- $storage := .Values.signer.storage -}}
{{- range $section := list "kafka" "storage" "health" -}}
{{- if hasKey $.Values.signer.config $section -}}
{{- fail (printf "signer.config.%s: set it through the chart's values (kafka.*, signer.storage.*, health.*)" $section) -}}
{{- end -}}
{{- end -}}
{{- $connection := dict "auth-type" $storage.authType "region" $storage.region -}}
{{- if $storage.endpoint -}}{{- $_ := set $connection "endpoint" $storage.endpoint -}}{{- end -}}
{{- $storageFile := dict "type" $storage.type "container" $storage.bucket "enable-multicontainer" $storage.enableMulticontainer
                    "allowed-containers" $storage.allowedContainers "connection" $connection -}}
{{- if eq $storage.type "azure" -}}
{{- $_ := set $storageFile "stow" (dict "config" (dict "account" $storage.azure.account "domain_suffix" $storage.azure.domainSuffix)) -}}
{{- else if and (eq $storage.type "gcs") $storage.gcs.projectId -}}
{{- $_ := set $storageFile "stow" (dict "config" (dict "project_id" $storage.gcs.projectId)) -}}
{{- end -}}
{{- $file := dict
    "kafka" (include "dataproxy.kafkaConfig" . | fromYaml)
    "storage" $storageFile
    "health" (dict "enabled" true "port" .Values.health.port)
    "topics" (dict "create" .Values.topics.create "partitions" .Values.topics.partitions "replicationFactor" .Values.topics.replicationFactor) -}}
{{- toYaml (mustMergeOverwrite $file (deepCopy .Values.signer.config)) -}}
{{- end -}}

{{/* catalog.yaml: the file the catalog reads with --config. */}}
{{- define "dataproxy.catalogConfig" -}}
{{- range $section := list "kafka" "health" -}}
{{- if hasKey $.Values.catalog.config $section -}}
{{- fail (printf "catalog.config.%s: set it through the chart's values (kafka.*, catalog.*, health.*)" $section) -}}
{{- end -}}
{{- end -}}
{{- $kafka := include "dataproxy.kafkaConfig" . | fromYaml -}}
{{- $_ := set $kafka "application.id" .Values.catalog.applicationId -}}
{{- $_ := set $kafka "num.standby.replicas" (toString .Values.catalog.numStandbyReplicas) -}}
{{- $_ := set $kafka "session.timeout.ms" (toString .Values.catalog.sessionTimeoutMs) -}}
{{- $file := dict
    "kafka" $kafka
    "catalog" (dict "stateDir" "/var/lib/dataproxy/state")
    "health" (dict "enabled" true "port" .Values.health.port)
    "topics" (dict "create" .Values.topics.create "partitions" .Values.topics.partitions "replicationFactor" .Values.topics.replicationFactor) -}}
{{- toYaml (mustMergeOverwrite $file (deepCopy .Values.catalog.config)) -}}
{{- end -}}

{{/*
JAVA_TOOL_OPTIONS: the heap's share of the container's memory limit, then javaOpts (later flags win, so javaOpts
may set the share itself).
*/}}
{{- define "dataproxy.javaToolOptions" -}}
- name: JAVA_TOOL_OPTIONS
  value: {{ printf "-XX:MaxRAMPercentage=%v %s" .heapPercent .javaOpts | trim | quote }}
{{- end -}}

{{/* The most replicas that can own a request-topic partition: autoscalers never go above it. */}}
{{- define "dataproxy.signerMaxReplicas" -}}
{{- min .Values.signer.autoscaling.maxReplicas .Values.topics.partitions -}}
{{- end -}}

{{/*
The topics of the enabled services as a YAML list of {name, config}: the names the services are configured with
(their defaults otherwise), the settings io.dataproxy.wire.TopicContract requires, and the dead-letter topics of what
they consume. A test checks this list against the contract.
*/}}
{{- define "dataproxy.topics" -}}
{{- $signer := (.Values.signer.config | default dict).signer | default dict -}}
{{- $catalog := (.Values.catalog.config | default dict).catalog | default dict -}}
{{- $topics := list -}}
{{- if .Values.signer.enabled -}}
{{- $requests := $signer.requestTopic | default "dataproxy.url.requests" -}}
{{- $topics = append $topics (dict "name" $requests "config" dict) -}}
{{- $topics = append $topics (dict "name" ($signer.replyTopic | default "dataproxy.url.replies") "config" dict) -}}
{{- $topics = append $topics (dict "name" (printf "%s-dlt" $requests) "config" dict) -}}
{{- end -}}
{{- if .Values.catalog.enabled -}}
{{- $commands := $catalog.commandsTopic | default "catalog.commands" -}}
{{- $events := $catalog.eventsTopic | default "catalog.events" -}}
{{- $topics = append $topics (dict "name" $commands "config" (dict "message.timestamp.type" "LogAppendTime")) -}}
{{- $topics = append $topics (dict "name" ($catalog.repliesTopic | default "catalog.replies") "config" dict) -}}
{{- $topics = append $topics (dict "name" $events "config" dict) -}}
{{- $topics = append $topics (dict "name" ($catalog.datasetsTopic | default "catalog.datasets") "config" (dict "cleanup.policy" "compact")) -}}
{{- $topics = append $topics (dict "name" (printf "%s-dlt" $commands) "config" dict) -}}
{{- $topics = append $topics (dict "name" (printf "%s-dlt" $events) "config" dict) -}}
{{- end -}}
{{- toYaml $topics -}}
{{- end -}}
