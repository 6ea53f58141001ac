#!/usr/bin/env bash
# The end-to-end benchmark: the signer and the catalog, each in its own JVM as in production, against the sandbox's
# Kafka, S3 server and registry (`./dataproxy sandbox --infra-only`), driven by `dataproxy bench` with its baselines
# (echo replier, exactly-once pass-through; `dataproxy bench baselines`, a JVM of their own) in the same run. Prints
# every phase and keeps the outputs.
#
#   bench/e2e/run.sh [duration] [warmup]        default 30s 30s per phase; needs `./mvnw -B -q install -DskipTests`
#
# Environment: WORK=<dir> (default a temp dir: outputs, logs, state), SERVICE_JAVA_OPTS (default -Xmx1g),
# SIGNER_JAVA_OPTS and CATALOG_JAVA_OPTS (added to one service's JVM, e.g. a flight recording:
# -XX:StartFlightRecording=filename=signer.jfr,settings=profile), DATAPROXY_JAVA_OPTS (the bench's JVM, see
# ./dataproxy), PHASES (default: url-flat-out url-1000 catalog-flat-out catalog-2000 catalog-read).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
duration="${1:-30s}"
warmup="${2:-30s}"
work="${WORK:-$(mktemp -d -t dataproxy-e2e.XXXXXX)}"
mkdir -p "$work"
service_opts=(${SERVICE_JAVA_OPTS:--Xmx1g})
signer_opts=(${SIGNER_JAVA_OPTS:-})
catalog_opts=(${CATALOG_JAVA_OPTS:-})
logback="-Dlogback.configurationFile=$root/bench/e2e/logback.xml"

jar() {
  local candidate
  for candidate in "$root/$1"/target/dataproxy-*-SNAPSHOT.jar "$root/$1"/target/dataproxy-*.jar; do
    case "$candidate" in *-tests.jar | *-sources.jar) ;; *) [[ -f "$candidate" ]] && { echo "$candidate"; return; } ;; esac
  done
  echo "bench/e2e: no jar in $1/target; run ./mvnw -B -q install -DskipTests first" >&2
  exit 2
}
signer_jar="$(jar signer-worker)"
catalog_jar="$(jar streams-app)"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
kafka_port="$(free_port)"; s3_port="$(free_port)"; registry_port="$(free_port)"
signer_health="$(free_port)"; catalog_health="$(free_port)"; catalog_read="$(free_port)"

pids=()
# In reverse order of start: the services stop before the broker they commit to.
stop_all() {
  local i
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
    kill -TERM "${pids[i]}" 2>/dev/null || true
    wait "${pids[i]}" 2>/dev/null || true
  done
}
trap stop_all EXIT

# Waits until $1 answers 200 on /readyz, or fails after $2 seconds.
await_ready() {
  local url="$1" deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    (( SECONDS < deadline )) || { echo "bench/e2e: $url not ready after $2 s (logs in $work)" >&2; exit 1; }
    sleep 0.5
  done
}

echo "bench/e2e: outputs and logs in $work"
"$root/dataproxy" sandbox --infra-only --clean --data-dir "$work/sandbox" --kafka-port "$kafka_port" \
  --s3-port "$s3_port" --registry-port "$registry_port" > "$work/sandbox.out" 2> "$work/sandbox.err" &
pids+=($!)
deadline=$((SECONDS + 180))
until grep -q "dataproxy sandbox ready" "$work/sandbox.out" 2>/dev/null; do
  (( SECONDS < deadline )) || { echo "bench/e2e: the sandbox did not start (see $work/sandbox.err)" >&2; exit 1; }
  sleep 0.5
done
ready="$(grep "dataproxy sandbox ready" "$work/sandbox.out")"
field() { sed -E "s/.*[ :]$1=([^ ]*).*/\1/" <<< "$ready"; }

common_env=(KAFKA_BOOTSTRAP_SERVERS="$(field bootstrap-servers)" KAFKA_SCHEMA_REGISTRY_URL="$(field schema-registry-url)")
env "${common_env[@]}" HEALTH_PORT="$signer_health" STORAGE_TYPE=s3 STORAGE_CONTAINER="$(field s3-bucket)" \
  STORAGE_CONNECTION_ENDPOINT="$(field s3-endpoint)" STORAGE_CONNECTION_REGION="$(field s3-region)" \
  STORAGE_CONNECTION_ACCESS_KEY="$(field s3-access-key)" STORAGE_CONNECTION_SECRET_KEY="$(field s3-secret-key)" \
  java "${service_opts[@]}" ${signer_opts[@]+"${signer_opts[@]}"} "$logback" -jar "$signer_jar" > "$work/signer.log" 2>&1 &
pids+=($!)
env "${common_env[@]}" HEALTH_PORT="$catalog_health" CATALOG_STATE_DIR="$work/catalog-state" \
  CATALOG_READ_ENABLED=true CATALOG_READ_PORT="$catalog_read" CATALOG_READ_ADVERTISED_HOST=127.0.0.1 \
  java "${service_opts[@]}" ${catalog_opts[@]+"${catalog_opts[@]}"} "$logback" -jar "$catalog_jar" > "$work/catalog.log" 2>&1 &
pids+=($!)
await_ready "http://127.0.0.1:$signer_health/readyz" 120
await_ready "http://127.0.0.1:$catalog_health/readyz" 180

export DATAPROXY_BOOTSTRAP_SERVERS="$(field bootstrap-servers)" DATAPROXY_SCHEMA_REGISTRY_URL="$(field schema-registry-url)"
export DATAPROXY_NO_BUILD=1

# The baselines (echo, pass-through) in a JVM of their own too, as the services have; the bench only drives them.
"$root/dataproxy" bench baselines > "$work/baselines.out" 2> "$work/baselines.err" &
pids+=($!)
deadline=$((SECONDS + 120))
until grep -q "baselines ready" "$work/baselines.out" 2>/dev/null; do
  (( SECONDS < deadline )) || { echo "bench/e2e: the baselines did not start (see $work/baselines.err)" >&2; exit 1; }
  sleep 0.5
done
phase() {
  local name="$1"; shift
  echo; echo "== dataproxy bench $*"
  "$root/dataproxy" bench "$@" --duration "$duration" --warmup "$warmup" | tee "$work/$name.txt" || echo "(exit code $?)"
}
declare -A phases=(
  [url-flat-out]="url --baseline --baseline-elsewhere --in-flight 256"
  [url-1000]="url --baseline --baseline-elsewhere --rate 1000"
  [catalog-flat-out]="catalog --baseline --baseline-elsewhere --in-flight 256"
  [catalog-2000]="catalog --baseline --baseline-elsewhere --rate 2000 --read-ratio 0.5"
  # the lookups of catalog-2000 over the catalog's HTTP read path, a tenth of them reading the latest create back
  [catalog-read]="catalog --rate 2000 --read-ratio 0.5 --read-url http://127.0.0.1:$catalog_read --after-create 0.1"
)
for name in ${PHASES:-url-flat-out url-1000 catalog-flat-out catalog-2000 catalog-read}; do
  [[ -n "${phases[$name]:-}" ]] || { echo "bench/e2e: no phase $name (${!phases[*]})" >&2; exit 2; }
  # shellcheck disable=SC2086 # the phase's arguments are meant to split
  phase "$name" ${phases[$name]}
done
echo; echo "bench/e2e: done; outputs in $work"
