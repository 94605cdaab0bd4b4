#!/usr/bin/env bash
# Runs the whole Connect Ops platform locally, without Docker:
#   platform.sh up      PostgreSQL, Kafka, Keycloak, the local fakes and the five services; waits until all are ready
#   platform.sh down    stops everything it started
#   platform.sh down --purge   also forgets the local run's state: the PostgreSQL cluster the scripts made, the
#                       broker's data and the key that sealed the channel secrets, which all live side by side
# The local run's state is one per machine (per PostgreSQL port), not per checkout: the PostgreSQL cluster, the
# broker's data and the channel sealing key live together in $CONNECTOPS_PG_DIR (/tmp/connectops-pg-$PGPORT), so
# that any checkout's `up` finds the offsets, checkpoints and seals another checkout's run left, consistent.
#   platform.sh status
# Logs: .run/logs/<name>.log. Environment: SKIP_BUILD=1 to use the jars already built.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUN_DIR=${CONNECTOPS_RUN_DIR:-$ROOT/.run}
# Absolute: each service is started from its own directory.
case $RUN_DIR in /*) ;; *) RUN_DIR=$PWD/$RUN_DIR ;; esac
LOGS=$RUN_DIR/logs
PIDS=$RUN_DIR/pids
LOCAL_STATE_DIR=${CONNECTOPS_PG_DIR:-/tmp/connectops-pg-${PGPORT:-5432}}
# The broker's data belongs with the database: alerting's checkpoints and the consumers' applied events in the
# database name offsets of this broker's topics. (A checkout-local broker beside a shared database would make a
# second checkout's services read offsets its empty topics never had.)
export KAFKA_DIR=${KAFKA_DIR:-$LOCAL_STATE_DIR/kafka-${KAFKA_PORT:-9092}}
SERVICES=(metrics-ingest:8081 alerting:8082 incidents:8083 scheduling:8084 notifications:8085)
# The JVM settings production uses (k8s JAVA_OPTS_APPEND, docker-compose): a small heap with the serial collector
# (one core's worth of work per service, no concurrent GC threads), its young generation at most 24 MB and the old one
# given back down to 40 % free after a full collection (by default the heap stayed at what a burst grew it to: 85 MB
# of old generation holding 39 MB live in metrics-ingest after the pushes of bench/run.sh, 40 MB more resident; the
# pushes took 20 % more GC time, the same rate), capped metaspace, code cache and direct memory,
# two malloc arenas (glibc otherwise keeps one per thread that ever allocated, tens of MB per service), and the
# C heap trimmed every 5 s (glibc keeps what the JIT compilers freed: jcmd System.trim_native_heap gave back
# 23-45 MB per service after the benchmark). JDK 17 updates took the option in as experimental before making it a
# product flag: the unlock keeps both kinds of 17 runtime starting. The classes each service's start loads come from
# the archive its build wrote (app-cds.jsa beside quarkus-run.jar, read relative to the directory the service runs
# in), mapped from the file at the address it was written for: at any other address the JVM rewrites every pointer
# in it, which turns the whole file into private memory again (ArchiveRelocationMode is a diagnostic flag of 17).
# The price: class metadata lies at the same address in every run instead of a random one, which only an exploit of
# a memory bug in the JVM itself could use; without the last two flags the archive costs its 30 MB again.
# A JDK other than the one that built the archive ignores it and starts as without.
# Measured with bench/run.sh: see bench/README.md.
JAVA_SERVICE_OPTS=${JAVA_SERVICE_OPTS:-"-Xms32m -Xmx160m -XX:MaxNewSize=24m -XX:MinHeapFreeRatio=20 -XX:MaxHeapFreeRatio=40 -XX:+UseSerialGC -Xss512k -XX:MaxMetaspaceSize=160m -XX:ReservedCodeCacheSize=64m -XX:MaxDirectMemorySize=64m -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=5000 -XX:SharedArchiveFile=app-cds.jsa -XX:+UnlockDiagnosticVMOptions -XX:ArchiveRelocationMode=0 -XX:+ExitOnOutOfMemoryError"}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
source "$ROOT/infra/bin/local-fakes.env"

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# start_process NAME PORT COMMAND...: runs COMMAND in the background unless PORT already answers.
start_process() {
  local name=$1 port=$2; shift 2
  if port_open "$port"; then echo "$name: already answers on $port"; return 0; fi
  nohup "$@" > "$LOGS/$name.log" 2>&1 &
  echo $! > "$PIDS/$name.pid"
}

wait_ready() {
  local name=$1 url=$2 deadline=$((SECONDS + ${3:-240}))
  until curl -sf -o /dev/null "$url"; do
    if [ -f "$PIDS/$name.pid" ] && ! kill -0 "$(cat "$PIDS/$name.pid")" 2>/dev/null; then
      echo "$name: exited; last lines of $LOGS/$name.log:" >&2; tail -30 "$LOGS/$name.log" >&2; return 1
    fi
    [ $SECONDS -lt $deadline ] || { echo "$name: not ready at $url" >&2; return 1; }
    sleep 1
  done
  echo "$name: ready"
}

up() {
  mkdir -p "$LOGS" "$PIDS"
  if [ "${SKIP_BUILD:-0}" != 1 ]; then
    # package, not install: the run needs this checkout's jars only, and must not replace the artifacts other
    # checkouts and builds on this machine resolve from the local repository.
    echo "Building (./mvnw package -DskipTests)…"
    (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
  fi
  # Servers that were already running (a developer's PostgreSQL, say) are used, and left running on down.
  for server in postgres kafka keycloak; do
    "$ROOT/infra/bin/$server.sh" status > /dev/null 2>&1 || touch "$PIDS/$server.started"
  done
  "$ROOT/infra/bin/postgres.sh" start connectops
  "$ROOT/infra/bin/kafka.sh" start
  "$ROOT/infra/bin/kafka.sh" topics > /dev/null
  "$ROOT/infra/bin/keycloak.sh" start

  start_local_fakes

  for entry in "${SERVICES[@]}"; do
    local service=${entry%%:*} port=${entry##*:}
    # Services start one after the other: on 2 cores five JVMs booting at once take longer than in sequence. Each
    # runs in its quarkus-app directory, where its class archive was written (the archive names quarkus-run.jar so).
    (cd "$ROOT/$service/target/quarkus-app" && start_process "$service" "$port" \
      env $(service_environment "$service") java $JAVA_SERVICE_OPTS -jar quarkus-run.jar)
    wait_ready "$service" "http://localhost:$port/q/health/ready"
  done
  configure_local_demo
  print_summary
}

print_summary() {
  cat <<TEXT

Connect Ops is running.
  metrics-ingest  http://localhost:8081   (POST /api/v1/metrics, /api/v1/sources)
  alerting        http://localhost:8082   (/api/v1/rules, /api/v1/alerts, /api/v1/silences)
  incidents       http://localhost:8083   (/api/v1/incidents, /api/v1/reports/incidents)
  scheduling      http://localhost:8084   (/api/v1/staffing/erlang-c, /api/v1/schedules, /api/v1/ops-tasks)
  notifications   http://localhost:8085   (/api/v1/channels, /api/v1/routes, /api/v1/deliveries)
  each also serves /q/health/ready, /q/metrics and /q/openapi
  Keycloak        http://localhost:8180   (realm connectops; admin console user admin is not created)
  Kafka           localhost:9092          PostgreSQL 127.0.0.1:5432 (database connectops, user connectops)
$(local_fakes_summary)

A token for a role (viewer, incident-manager, supervisor, admin, ingest):
  TOKEN=\$(infra/bin/token.sh admin)
  curl -H "Authorization: Bearer \$TOKEN" http://localhost:8083/api/v1/incidents
Logs: $LOGS    Stop: infra/bin/platform.sh down
TEXT
}

stop_pid_file() {
  local file=$1 name; name=$(basename "$file" .pid)
  local pid; pid=$(cat "$file")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
  echo "$name: stopped"
}

down() {
  local purge=${1:-}
  local pg_dir=$LOCAL_STATE_DIR own_postgres=0
  [ -f "$PIDS/postgres.started" ] && own_postgres=1
  if [ -d "$PIDS" ]; then
    for file in "$PIDS"/*.pid; do [ -e "$file" ] && stop_pid_file "$file"; done
  fi
  for server in keycloak kafka postgres; do
    if [ -f "$PIDS/$server.started" ]; then
      "$ROOT/infra/bin/$server.sh" stop
      rm -f "$PIDS/$server.started"
    else
      echo "$server: was running before 'up', left running"
    fi
  done
  if [ "$purge" = --purge ]; then
    # This checkout's own broker data too, as earlier versions of the scripts kept it.
    rm -rf "$KAFKA_DIR/data" "$RUN_DIR"/kafka-*/data
    rm -f "$(local_channel_secret_key_file)" "$RUN_DIR/notifications-secret-key"
    if [ "$own_postgres" = 1 ] || [ -s "$pg_dir/data/PG_VERSION" ] && ! port_open "${PGPORT:-5432}"; then
      rm -rf "$pg_dir"
      echo "purged: PostgreSQL cluster $pg_dir, Kafka data, channel sealing key"
    else
      echo "purged: Kafka data and channel sealing key; PostgreSQL on ${PGPORT:-5432} is not ours, drop its connectops database yourself"
    fi
  fi
}

status() {
  for entry in "${SERVICES[@]}"; do
    local service=${entry%%:*} port=${entry##*:}
    if curl -sf -o /dev/null "http://localhost:$port/q/health/ready"; then echo "$service: UP ($port)"; else echo "$service: DOWN ($port)"; fi
  done
  "$ROOT/infra/bin/kafka.sh" status || true
  "$ROOT/infra/bin/postgres.sh" status || true
  "$ROOT/infra/bin/keycloak.sh" status || true
}

case "${1:-}" in
  up) up ;;
  down) down "${2:-}" ;;
  status) status ;;
  *) echo "usage: $0 up|down [--purge]|status" >&2; exit 2 ;;
esac
