#!/usr/bin/env bash
# One command that measures the running platform against peers measured in the same run, on the same machine, and
# prints one table: figure, peer, ratio, the machine's load and each service's resident memory (idle and after the
# load). Not part of ./mvnw verify. See bench/README.md.
#   bench/run.sh                 uses the platform on localhost:8081-8085 (infra/bin/platform.sh up), or brings
#                                one up (SKIP_BUILD=1 to use the jars already built) and takes it down afterwards
# Environment: BENCH_DURATION (15s per HTTP figure, after a BENCH_WARMUP=15s run that is not counted), BENCH_CONNECTIONS (16), BENCH_THREADS (2),
# BENCH_PUSH_REQUESTS (400 pushes of BENCH_PUSH_BATCH=500 samples, after BENCH_PUSH_WARMUP=1200 uncounted), BENCH_PRODUCER_RECORDS (1000000),
# BENCH_RULES (100), BENCH_SERIES (10000), BENCH_P1_BREACHES (40), BENCH_P2_BREACHES (6), BENCH_BREACH_WARMUP (5) for
# breach -> Slack,
# BENCH_FANOUT_CHANNELS (100), BENCH_FANOUT_ALERTS (20), BENCH_FANOUT_WARMUP (5) for deliveries,
# KEEP_PLATFORM=1 to leave a platform this script started running.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
RUN_DIR=${CONNECTOPS_RUN_DIR:-$ROOT/.run}
OUT=$RUN_DIR/bench
DURATION=${BENCH_DURATION:-15s}
# Each HTTP figure is measured after a warm-up run of the same request, not counted: the first seconds of a path compile
# it (JIT) and would put compilation pauses into its p99, which a service that has been up for a minute does not have.
WARMUP=${BENCH_WARMUP:-15s}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
THREADS=${BENCH_THREADS:-2}
PUSH_REQUESTS=${BENCH_PUSH_REQUESTS:-400}
PUSH_BATCH=${BENCH_PUSH_BATCH:-500}
PUSH_WARMUP=${BENCH_PUSH_WARMUP:-1200}
PRODUCER_RECORDS=${BENCH_PRODUCER_RECORDS:-1000000}
KAFKA_PORT=${KAFKA_PORT:-9092}
SERVICES=(metrics-ingest:8081 alerting:8082 incidents:8083 scheduling:8084 notifications:8085)
INCIDENTS=http://localhost:8083
INGEST=http://localhost:8081
mkdir -p "$OUT"

need() {
  command -v "$1" > /dev/null && return 0
  echo "bench: $1 is missing; install it with: apt-get install -y $2" >&2; exit 1
}
need wrk wrk
need hey hey
need curl curl
need python3 python3

all_up() {
  local entry
  for entry in "${SERVICES[@]}"; do
    curl -sf -o /dev/null "http://localhost:${entry##*:}/q/health/ready" || return 1
  done
}

STARTED=0
if ! all_up; then
  echo "bench: no running platform; starting one (infra/bin/platform.sh up)"
  "$ROOT/infra/bin/platform.sh" up > "$OUT/platform-up.log" 2>&1 || { tail -40 "$OUT/platform-up.log" >&2; exit 1; }
  STARTED=1
fi
finish() {
  if [ "$STARTED" = 1 ] && [ "${KEEP_PLATFORM:-0}" != 1 ]; then
    "$ROOT/infra/bin/platform.sh" down > "$OUT/platform-down.log" 2>&1 || true
  fi
}
trap finish EXIT

token() { "$ROOT/infra/bin/token.sh" "$1"; }

# The process listening on a port: from platform.sh's pid file, else from the socket table.
service_pid() {
  local name=$1 port=$2 file=$RUN_DIR/pids/$1.pid
  if [ -s "$file" ] && kill -0 "$(cat "$file")" 2>/dev/null; then cat "$file"; return; fi
  ss -ltnpH "sport = :$port" 2>/dev/null | sed -nE 's/.*pid=([0-9]+).*/\1/p' | head -1
}

# memory_mb PID: resident memory (RSS) and the private part of it (anonymous pages: heap, metaspace, code, C heap),
# in MB. The rest is mapped files (the class archive, libjvm): pages the kernel can drop and read again, shared with
# any other process mapping the same file.
memory_mb() {
  local pid=$1
  [ -n "$pid" ] && [ -r "/proc/$pid/status" ] || { printf -- '- -'; return; }
  awk '/^VmRSS:/ {rss = $2} /^RssAnon:/ {anon = $2} END {printf "%d %d", rss / 1024, anon / 1024}' "/proc/$pid/status"
}

declare -A IDLE_RSS AFTER_RSS
snapshot_rss() {
  local -n into=$1
  local entry
  for entry in "${SERVICES[@]}"; do
    into[${entry%%:*}]=$(memory_mb "$(service_pid "${entry%%:*}" "${entry##*:}")")
  done
}

# wrk_run NAME URL [TOKEN]: requests per second and p99 latency (ms) of a wrk run, saved to $OUT/NAME.txt.
wrk_run() {
  local name=$1 url=$2 bearer=${3:-}
  local args=(-t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency)
  [ -n "$bearer" ] && args+=(-H "Authorization: Bearer $bearer")
  wrk "${args[@]}" -d"$WARMUP" "$url" > "$OUT/$name-warmup.txt" 2>&1
  wrk "${args[@]}" "$url" > "$OUT/$name.txt" 2>&1
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ {printf "%d", $2}' "$OUT/$name.txt")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.1f", v}' "$OUT/$name.txt")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' "$OUT/$name.txt")
  if [ -n "$errors" ]; then
    echo "bench: $name answered $errors non-2xx responses; see $OUT/$name.txt" >&2; exit 1
  fi
  echo "$rps $p99"
}

ROWS=()
row() { ROWS+=("$(printf '%-34s %12s %-34s %12s %7s' "$@")"); }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "bench: waiting for the services to settle, then reading idle memory"
sleep 10
snapshot_rss IDLE_RSS
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

# ---------------------------------------------------------------- incident API
MANAGER=$(token incident-manager)
echo "bench: opening 200 incidents and writing a timeline"
INCIDENT=""
for i in $(seq 1 200); do
  id=$(curl -sf -H "Authorization: Bearer $MANAGER" -H 'Content-Type: application/json' \
    -H "Idempotency-Key: bench-$(date +%s%N)-$i" \
    -d "{\"title\":\"Benchmark incident $i\",\"severity\":\"P3\",\"impact\":\"none: benchmark data\",\"queues\":[\"bench-queue\"]}" \
    "$INCIDENTS/api/v1/incidents" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  INCIDENT=${INCIDENT:-$id}
done
for i in $(seq 1 20); do
  curl -sf -o /dev/null -H "Authorization: Bearer $MANAGER" -H 'Content-Type: application/json' \
    -d "{\"text\":\"Benchmark note $i\"}" "$INCIDENTS/api/v1/incidents/$INCIDENT/notes"
done

# A fresh token for each figure: Keycloak's access tokens are short-lived.
echo "bench: GET /q/health/live (the bare request on the same JVM)"
read -r LIVE_RPS LIVE_P99 < <(wrk_run health-live "$INCIDENTS/q/health/live")
echo "bench: GET /api/v1/incidents/{id}"
read -r ONE_RPS ONE_P99 < <(wrk_run incident "$INCIDENTS/api/v1/incidents/$INCIDENT" "$(token viewer)")
echo "bench: GET /api/v1/incidents"
read -r LIST_RPS LIST_P99 < <(wrk_run incident-list "$INCIDENTS/api/v1/incidents" "$(token viewer)")
echo "bench: GET /api/v1/incidents/{id}/timeline"
read -r TIMELINE_RPS TIMELINE_P99 < <(wrk_run incident-timeline "$INCIDENTS/api/v1/incidents/$INCIDENT/timeline" "$(token viewer)")
row "incident GET /{id} (req/s; p99 ms)" "$ONE_RPS; $ONE_P99" "same JVM /q/health/live" "$LIVE_RPS; $LIVE_P99" "$(ratio "$ONE_RPS" "$LIVE_RPS")"
row "incident list (req/s; p99 ms)" "$LIST_RPS; $LIST_P99" "same JVM /q/health/live" "$LIVE_RPS; $LIVE_P99" "$(ratio "$LIST_RPS" "$LIVE_RPS")"
row "incident timeline (req/s; p99 ms)" "$TIMELINE_RPS; $TIMELINE_P99" "same JVM /q/health/live" "$LIVE_RPS; $LIVE_P99" "$(ratio "$TIMELINE_RPS" "$LIVE_RPS")"

# ---------------------------------------------------------------- push vs Kafka's own producer
echo "bench: pushing $PUSH_REQUESTS batches of $PUSH_BATCH samples"
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)
awk -v n="$PUSH_BATCH" -v now="$NOW" 'BEGIN {
  printf "{\"samples\":["
  for (i = 0; i < n; i++) {
    printf "%s{\"instanceId\":\"bench-instance\",\"queueId\":\"bench-q-%d\",\"metric\":\"api_call_failures\",\"value\":%d,\"unit\":\"COUNT\",\"timestamp\":\"%s\"}", (i ? "," : ""), i % 50, i % 7, now
  }
  printf "]}"
}' > "$OUT/push-body.json"
# As the HTTP figures: an uncounted run of the same pushes first, so that the JIT's compilation of the push path
# (tens of seconds of C2 on 2 cores) is not part of the figure: without it 400 pushes measured mostly a cold JVM. The
# consumers of the pushed samples (alerting, scheduling) compile theirs at the same time: on a platform just started,
# 400 uncounted pushes left the 400 counted ones at 70 requests/s where a platform warmed longer took 100-140.
hey -n "$PUSH_WARMUP" -c "$CONNECTIONS" -m POST -T application/json -D "$OUT/push-body.json" \
  -H "Authorization: Bearer $(token ingest)" "$INGEST/api/v1/metrics" > "$OUT/push-warmup.txt" 2>&1
hey -n "$PUSH_REQUESTS" -c "$CONNECTIONS" -m POST -T application/json -D "$OUT/push-body.json" \
  -H "Authorization: Bearer $(token ingest)" "$INGEST/api/v1/metrics" > "$OUT/push.txt" 2>&1
if ! grep -qE '^\s+\[202\]\s+'"$PUSH_REQUESTS"' responses' "$OUT/push.txt"; then
  echo "bench: not every push was accepted (202); see $OUT/push.txt" >&2; exit 1
fi
PUSH_RPS=$(awk '/Requests\/sec:/ {print $2}' "$OUT/push.txt")
PUSH_SAMPLES=$(awk -v r="$PUSH_RPS" -v b="$PUSH_BATCH" 'BEGIN {printf "%d", r * b}')
# One sample as metrics-ingest writes it (a CloudEvent around the sample) is about this many bytes.
RECORD_SIZE=${BENCH_RECORD_SIZE:-420}
echo "bench: Kafka's ProducerPerformance, $PRODUCER_RECORDS records of $RECORD_SIZE bytes, on the same broker"
KAFKA_CP=$(cat "$ROOT/infra/kafka/target/classpath.txt" 2>/dev/null || true)
if [ -z "$KAFKA_CP" ]; then
  "$ROOT/mvnw" -B -q -f "$ROOT/infra/kafka/pom.xml" generate-resources
  KAFKA_CP=$(cat "$ROOT/infra/kafka/target/classpath.txt")
fi
# kafka-producer-perf-test.sh runs this class; acks=all as metrics-ingest's acknowledged producer.
java -Xmx256m -cp "$KAFKA_CP" org.apache.kafka.tools.ProducerPerformance --topic bench.producer-perf \
  --num-records "$PRODUCER_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
  --producer-props bootstrap.servers=localhost:"$KAFKA_PORT" acks=all > "$OUT/producer-perf.txt" 2>&1
PRODUCER_RPS=$(tail -1 "$OUT/producer-perf.txt" | sed -E 's/.* ([0-9.]+) records\/sec.*/\1/' | awk '{printf "%d", $1}')
row "push (samples/s, $PUSH_BATCH per request)" "$PUSH_SAMPLES" "Kafka ProducerPerformance (rec/s)" "$PRODUCER_RPS" "$(ratio "$PUSH_SAMPLES" "$PRODUCER_RPS")"
# The same producer with the push path's own settings (platform KafkaClientSettings.reliableProducer: idempotent,
# 5 ms linger, 64 KiB batches: AcknowledgedProducer, no compression: connectops.ingest.push.compression), so that the ratio also shows what the service adds to what its producer costs.
echo "bench: ProducerPerformance again with the push producer's settings (idempotent, linger 5 ms, 64 KiB, no compression)"
java -Xmx256m -cp "$KAFKA_CP" org.apache.kafka.tools.ProducerPerformance --topic bench.producer-perf \
  --num-records "$PRODUCER_RECORDS" --record-size "$RECORD_SIZE" --throughput -1 \
  --producer-props bootstrap.servers=localhost:"$KAFKA_PORT" acks=all enable.idempotence=true linger.ms=5 \
  batch.size=65536 compression.type=none > "$OUT/producer-perf-push-settings.txt" 2>&1
PRODUCER_LZ4_RPS=$(tail -1 "$OUT/producer-perf-push-settings.txt" | sed -E 's/.* ([0-9.]+) records\/sec.*/\1/' \
  | awk '{printf "%d", $1}')
row "push (samples/s, $PUSH_BATCH per request)" "$PUSH_SAMPLES" "ProducerPerformance, push settings" "$PRODUCER_LZ4_RPS" "$(ratio "$PUSH_SAMPLES" "$PRODUCER_LZ4_RPS")"

# ---------------------------------------------------------------- breach -> Slack, rules and series live
# bench/breach.py: 100 rules over 10,000 series kept live by a pusher, then one P1 breach after another (and P2),
# each timed from the push to the Slack fake's receipt of the alert's message. The push request's own round trip is
# its peer: what the platform adds after accepting the sample is the difference.
source "$ROOT/infra/bin/local-fakes.env"
echo "bench: breach -> Slack for P1 and P2 with ${BENCH_RULES:-100} rules and ${BENCH_SERIES:-10000} series live"
BENCH_ROOT=$ROOT BENCH_OUT=$OUT FAKE_SLACK_PORT=$FAKE_SLACK_PORT FAKE_WEBHOOK_PORT=$FAKE_WEBHOOK_PORT \
  DEMO_SLACK_TOKEN=$DEMO_SLACK_TOKEN \
  python3 "$ROOT/bench/breach.py" > "$OUT/breach.txt" 2> "$OUT/breach.log" || {
    tail -20 "$OUT/breach.log" >&2; exit 1; }
for severity in P1 P2; do
  read -r _ count p50 p95 max push_p50 < <(grep "^$severity " "$OUT/breach.txt")
  row "breach -> Slack $severity (ms, n=$count)" "p50 $p50" "push request alone, p50 (ms)" "$push_p50" "-"
  row "  p95; max" "$p95; $max" "" "" ""
done
read -r _ series series_rate < <(grep '^series ' "$OUT/breach.txt")
# Deliveries: the same script's fan-out (20 alerts x 100 webhook channels); the peer is hey POSTing to the same fake.
read -r _ fan_count fan_seconds fan_rate fan_first < <(grep '^fanout ' "$OUT/breach.txt")
echo "bench: raw POSTs to the webhook fake (the deliveries' peer)"
hey -n 5000 -c "$CONNECTIONS" -m POST -T application/json -d '{"peer":true}' \
  "http://127.0.0.1:$FAKE_WEBHOOK_PORT/bench-peer" > "$OUT/webhook-peer.txt" 2>&1
WEBHOOK_PEER_RPS=$(awk '/Requests\/sec:/ {printf "%d", $2}' "$OUT/webhook-peer.txt")
row "deliveries/s, $fan_count to 100 channels" "$fan_rate" "hey POSTs to the same fake (req/s)" "$WEBHOOK_PEER_RPS" "$(ratio "$fan_rate" "$WEBHOOK_PEER_RPS")"
row "  alert push -> first delivery (ms)" "$fan_first" "" "" ""

LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
snapshot_rss AFTER_RSS

printf '\nConnect Ops benchmark, %s, %s cores, wrk -t%s -c%s -d%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" \
  "$THREADS" "$CONNECTIONS" "$DURATION"
printf '%-34s %12s %-34s %12s %7s\n' figure value peer "peer value" ratio
printf '%s\n' "${ROWS[@]}"
printf '(breach rows: %s series kept live at %s samples/s beside the breaches; group wait P1 0 s, P2 10 s by default)\n' \
  "$series" "$series_rate"
printf '\nmachine load (1/5/15 min): before %s, after %s; now: %s\n' "$LOAD_BEFORE" "$LOAD_AFTER" "$(uptime | sed 's/^ *//')"
printf '%-16s %12s %16s %17s %21s\n' service "idle RSS MB" "idle private MB" "after load RSS MB" "after load private MB"
for entry in "${SERVICES[@]}"; do
  read -r idle_rss idle_private <<< "${IDLE_RSS[${entry%%:*}]}"
  read -r after_rss after_private <<< "${AFTER_RSS[${entry%%:*}]}"
  printf '%-16s %12s %16s %17s %21s\n' "${entry%%:*}" "$idle_rss" "$idle_private" "$after_rss" "$after_private"
done
echo "raw outputs: $OUT"
