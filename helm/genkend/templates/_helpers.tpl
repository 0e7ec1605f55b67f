{{/* Chart name, truncated to the 63 characters Kubernetes allows in names. */}}
{{- define "genkend.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Fully qualified app name: the release name, plus the chart name unless the release already contains it. */}}
{{- define "genkend.fullname" -}}
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

{{- define "genkend.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "genkend.selectorLabels" -}}
app.kubernetes.io/name: {{ include "genkend.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "genkend.labels" -}}
helm.sh/chart: {{ include "genkend.chart" . }}
{{ include "genkend.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "genkend.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* Name of the Secret the application reads (the rendered one, or the one the operator manages). */}}
{{- define "genkend.secretName" -}}
{{- default (include "genkend.fullname" .) .Values.existingSecret }}
{{- end }}

{{/* Name of the Secret the migration job reads: a hook copy of the rendered one, or the operator's. */}}
{{- define "genkend.migrationSecretName" -}}
{{- default (printf "%s-migration" (include "genkend.fullname" .)) .Values.existingSecret }}
{{- end }}

{{/* Non-secret settings shared by the application and the migration job (ConfigMap data). */}}
{{- define "genkend.configData" -}}
SPRING_DATASOURCE_URL: {{ required "database.url is required" .Values.database.url | quote }}
SPRING_DATASOURCE_USERNAME: {{ .Values.database.app.username | quote }}
SPRING_FLYWAY_USER: {{ .Values.database.owner.username | quote }}
SPRING_DATA_REDIS_HOST: {{ .Values.redis.host | quote }}
SPRING_DATA_REDIS_PORT: {{ .Values.redis.port | quote }}
SPRING_DATA_REDIS_SSL_ENABLED: {{ .Values.redis.ssl | quote }}
SPRING_PROFILES_ACTIVE: {{ .Values.springProfiles | quote }}
{{- range $k, $v := .Values.config }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}

{{/* Secret settings shared by the application and the migration job (Secret stringData). */}}
{{- define "genkend.secretData" -}}
SPRING_DATASOURCE_PASSWORD: {{ .Values.database.app.password | quote }}
# The first migration creates the application role with this password (Flyway placeholder appPassword).
GENKEND_APP_DB_PASSWORD: {{ .Values.database.app.password | quote }}
SPRING_FLYWAY_PASSWORD: {{ .Values.database.owner.password | quote }}
SPRING_DATA_REDIS_PASSWORD: {{ .Values.redis.password | quote }}
{{- range $k, $v := .Values.secretEnv }}
{{ $k }}: {{ $v | quote }}
{{- end }}
{{- end }}

