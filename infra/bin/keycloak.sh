#!/usr/bin/env bash
# Keycloak, the local OIDC provider, from its Maven Central distribution (runs on Java 17), with the connectops
# realm imported from deploy/keycloak/connectops-realm.json, the one realm file that docker-compose imports too:
# a user per role and a client per machine role.
#   keycloak.sh start | stop | status
# Environment: KEYCLOAK_PORT (8180), CONNECTOPS_RUN_DIR (./.run), KEYCLOAK_START_SECONDS (600)
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${KEYCLOAK_PORT:-8180}
VERSION=26.7.3
RUN_DIR=${CONNECTOPS_RUN_DIR:-$ROOT/.run}
HOME_DIR=$RUN_DIR/keycloak-$VERSION
ZIP=$RUN_DIR/downloads/keycloak-quarkus-dist-$VERSION.zip
REALM_URL=http://localhost:$PORT/realms/connectops

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  if curl -sf -o /dev/null "$REALM_URL/.well-known/openid-configuration"; then
    echo "Keycloak: realm connectops already served on $PORT"; return 0
  fi
  if port_open "$PORT"; then echo "Keycloak: port $PORT is taken by something else" >&2; exit 1; fi
  if [ ! -x "$HOME_DIR/bin/kc.sh" ]; then
    if [ ! -s "$ZIP" ]; then
      echo "Keycloak: downloading $VERSION from Maven Central (170 MB, once)"
      "$ROOT/mvnw" -B -q -f "$ROOT/infra/kafka/pom.xml" dependency:copy \
        -Dartifact=org.keycloak:keycloak-quarkus-dist:$VERSION:zip -DoutputDirectory="$RUN_DIR/downloads"
    fi
    (cd "$RUN_DIR" && unzip -q -o "$ZIP")
  fi
  # A fresh H2 database each start, so that the realm file is always what is imported.
  rm -rf "$HOME_DIR/data/h2"
  mkdir -p "$HOME_DIR/data/import" "$RUN_DIR/logs"
  cp "$ROOT/deploy/keycloak/connectops-realm.json" "$HOME_DIR/data/import/"
  JAVA_OPTS_KC_HEAP="-Xms64m -Xmx512m" nohup "$HOME_DIR/bin/kc.sh" start-dev --http-port="$PORT" --import-realm \
    > "$RUN_DIR/logs/keycloak.log" 2>&1 &
  echo $! > "$RUN_DIR/keycloak.pid"
  # Three minutes on an idle 2-core machine is plenty; a machine busy with builds needs longer (KEYCLOAK_START_SECONDS).
  for _ in $(seq 1 $(( ${KEYCLOAK_START_SECONDS:-600} * 2 ))); do
    if curl -sf -o /dev/null "$REALM_URL/.well-known/openid-configuration"; then
      echo "Keycloak: started on $PORT (log $RUN_DIR/logs/keycloak.log)"; return 0
    fi
    kill -0 "$(cat "$RUN_DIR/keycloak.pid")" 2>/dev/null || { tail -40 "$RUN_DIR/logs/keycloak.log" >&2; exit 1; }
    sleep 0.5
  done
  echo "Keycloak: not ready after ${KEYCLOAK_START_SECONDS:-600} s" >&2; exit 1
}

stop() {
  [ -f "$RUN_DIR/keycloak.pid" ] || { echo "Keycloak: not started by this script"; return 0; }
  local pid; pid=$(cat "$RUN_DIR/keycloak.pid")
  # kc.sh execs java in the same process group; stop the whole group.
  pkill -TERM -P "$pid" 2>/dev/null || true
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  pkill -9 -f "$HOME_DIR" 2>/dev/null || true
  rm -f "$RUN_DIR/keycloak.pid"
  echo "Keycloak: stopped"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) if curl -sf -o /dev/null "$REALM_URL/.well-known/openid-configuration"; then echo "Keycloak: up on $PORT"; else echo "Keycloak: down"; exit 3; fi ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
