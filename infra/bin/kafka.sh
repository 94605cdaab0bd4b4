#!/usr/bin/env bash
# A single-node KRaft Kafka broker run from the Apache Kafka jars on Maven Central (no Docker, no tarball).
#   kafka.sh start    start it unless something answers on the port, and wait until it serves requests
#   kafka.sh topics   create every Connect Ops topic and its .dlq twin when missing
#   kafka.sh stop     stop the broker this script started
#   kafka.sh status
# Environment: KAFKA_PORT (9092; the controller listens on KAFKA_PORT+1), CONNECTOPS_RUN_DIR (./.run),
# KAFKA_DIR (the broker's directory: configuration, data, log; $CONNECTOPS_RUN_DIR/kafka-$KAFKA_PORT),
# KAFKA_HEAP (512m), KAFKA_FRESH=1 to wipe the broker's data before starting.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${KAFKA_PORT:-9092}
CONTROLLER_PORT=$((PORT + 1))
RUN_DIR=${CONNECTOPS_RUN_DIR:-$ROOT/.run}
DIR=${KAFKA_DIR:-$RUN_DIR/kafka-$PORT}
CP_FILE=$ROOT/infra/kafka/target/classpath.txt
CLUSTER_ID=Y29ubmVjdG9wcy1rYWZrYQ

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

classpath() {
  if [ ! -s "$CP_FILE" ]; then
    "$ROOT/mvnw" -B -q -f "$ROOT/infra/kafka/pom.xml" generate-resources >&2
  fi
  cat "$CP_FILE"
}

write_config() {
  mkdir -p "$DIR"
  cat > "$DIR/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://localhost:$PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$DIR/data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
log.retention.hours=24
PROPS
  # Kafka 4 logs through log4j2; without a configuration it logs errors only and readiness cannot be seen.
  cat > "$DIR/log4j2.properties" <<'PROPS'
appender.console.type = Console
appender.console.name = STDOUT
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = STDOUT
logger.apache.name = org.apache.kafka
logger.apache.level = warn
PROPS
}

start() {
  mkdir -p "$(dirname "$DIR")"
  exec 9>"$DIR.lock"
  flock 9   # two test JVMs may ask at once: one starts, the other finds it running
  if port_open "$PORT"; then
    echo "Kafka: something already answers on $PORT, using it"
    return 0
  fi
  local cp; cp=$(classpath)
  [ "${KAFKA_FRESH:-0}" = 1 ] && rm -rf "$DIR/data"
  write_config
  local log4j="-Dlog4j2.configurationFile=$DIR/log4j2.properties"
  java "$log4j" -cp "$cp" kafka.tools.StorageTool format --ignore-formatted -t "$CLUSTER_ID" \
       -c "$DIR/server.properties" > "$DIR/format.log" 2>&1 || { cat "$DIR/format.log"; exit 1; }
  nohup java -Xms128m -Xmx"${KAFKA_HEAP:-512m}" -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Djava.awt.headless=true \
       "$log4j" -cp "$cp" kafka.Kafka "$DIR/server.properties" > "$DIR/broker.log" 2>&1 9>&- &
  echo $! > "$DIR/broker.pid"
  for _ in $(seq 1 1200); do
    if grep -q 'Kafka Server started' "$DIR/broker.log" 2>/dev/null; then
      echo "Kafka: started on $PORT (pid $(cat "$DIR/broker.pid"), log $DIR/broker.log)"
      return 0
    fi
    if ! kill -0 "$(cat "$DIR/broker.pid")" 2>/dev/null; then
      echo "Kafka: broker exited during start" >&2; tail -50 "$DIR/broker.log" >&2; exit 1
    fi
    sleep 0.1
  done
  echo "Kafka: not ready after 120 s" >&2; tail -50 "$DIR/broker.log" >&2
  kill "$(cat "$DIR/broker.pid")" 2>/dev/null || true; exit 1
}

# Every event topic of event-contracts' Topics and its .dlq twin; partitions and retention as the services'
# provisioner sets them (7 days for events, 14 for dead letters).
topics() {
  local cp; cp=$(classpath)
  local names; names=$(grep -oE '"ops\.[a-z-]+\.v1"' "$ROOT/event-contracts/src/main/java/io/connectops/contracts/Topics.java" | tr -d '"')
  # One JVM lists what exists; one more per missing topic (a JVM per topic takes minutes on a busy machine).
  local existing; existing=$(java -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --list)
  for topic in $names; do
    for spec in "$topic:${KAFKA_PARTITIONS:-6}:604800000" "$topic.dlq:1:1209600000"; do
      local name=${spec%%:*} rest=${spec#*:}
      if grep -qxF "$name" <<< "$existing"; then echo "Kafka: topic $name exists"; continue; fi
      java -cp "$cp" org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$PORT" --create \
        --if-not-exists --topic "$name" --partitions "${rest%%:*}" --replication-factor 1 \
        --config retention.ms="${rest##*:}" > /dev/null
      echo "Kafka: topic $name (${rest%%:*} partitions)"
    done
  done
}

stop() {
  [ -f "$DIR/broker.pid" ] || { echo "Kafka: not started by this script on $PORT"; return 0; }
  local pid; pid=$(cat "$DIR/broker.pid")
  if kill -0 "$pid" 2>/dev/null; then
    kill "$pid"
    for _ in $(seq 1 300); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -0 "$pid" 2>/dev/null && kill -9 "$pid"
  fi
  rm -f "$DIR/broker.pid"
  echo "Kafka: stopped on $PORT"
}

case "${1:-}" in
  start) start ;;
  topics) topics ;;
  stop) stop ;;
  status) if port_open "$PORT"; then echo "Kafka: up on $PORT"; else echo "Kafka: down on $PORT"; exit 3; fi ;;
  *) echo "usage: $0 start|topics|stop|status" >&2; exit 2 ;;
esac
