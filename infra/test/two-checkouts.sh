#!/usr/bin/env bash
# Two checkouts of Connect Ops on one machine, one after the other (issue 21): clones the repository twice into
# temporary directories, runs `infra/bin/platform.sh up` in the first and checks that its demo delivers to the
# Slack, Teams and ServiceNow fakes, runs `down`, then does the same in the second clone, which finds the state the
# first one's run left (the PostgreSQL cluster, the broker's data, the channel sealing key). Removes both clones.
#   infra/test/two-checkouts.sh [repository]    default: this checkout (its committed HEAD is cloned)
# Needs the local run's ports free (8081-8085, 8099, 8180, 9092-9093, 9101-9104); exits non-zero on any failure.
# Each `up` builds its clone (./mvnw package) and starts Keycloak, Kafka and the five services: several minutes.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SOURCE=${1:-$ROOT}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/connectops-two-checkouts.XXXXXX")
BEGAN=$SECONDS
RUNNING=""

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
say() { printf '[%4ds] %s\n' $((SECONDS - BEGAN)) "$*"; }

finish() {
  local status=$?
  if [ -n "$RUNNING" ]; then
    "$RUNNING/infra/bin/platform.sh" down > "$WORK/final-down.log" 2>&1 || cat "$WORK/final-down.log" >&2
  fi
  rm -rf "$WORK"
  if [ "$status" = 0 ]; then say "PASS: both checkouts' demos delivered to Slack, Teams and ServiceNow"; else
    say "FAIL (exit $status)"; fi
}
trap finish EXIT

for port in 8081 8082 8083 8084 8085 8099 8180 9092 9093 9101 9102 9103 9104; do
  if port_open "$port"; then
    echo "Port $port is in use: another local run (platform.sh up) or service holds it; stop it first" >&2
    exit 1
  fi
done

# The demo's incidents reach Slack, Teams and ServiceNow: an incident opened now through the API is delivered to
# all three demo channels (DELIVERED in notifications) and each fake received a request naming it. P2: the seeded
# routes send P1/P2 incidents to Slack, Teams and ServiceNow (P3 goes to Slack only, and stops there).
demo_delivers() {
  local checkout=$1 label=$2 title manager admin incident deadline fake delivered
  title="Two checkouts: incident from the $label clone $(date +%s)"
  manager=$("$checkout/infra/bin/token.sh" incident-manager)
  admin=$("$checkout/infra/bin/token.sh" admin)
  incident=$(curl -sf -X POST -H "Authorization: Bearer $manager" -H 'Content-Type: application/json' \
    -d "{\"title\":\"$title\",\"severity\":\"P2\",\"impact\":\"Checks that the $label clone's demo delivers\"}" \
    http://localhost:8083/api/v1/incidents | sed -nE 's/^\{"id":"([^"]+)".*/\1/p; s/.*[{,]"id":"([^"]+)".*/\1/p' | head -1)
  [ -n "$incident" ] || { echo "$label: the incident was not opened" >&2; return 1; }
  deadline=$((SECONDS + 300))
  until delivered=$(curl -sf -H "Authorization: Bearer $admin" \
        "http://localhost:8085/api/v1/deliveries?incidentId=$incident&size=50" | grep -o '"status":"DELIVERED"' | wc -l) \
      && [ "$delivered" -ge 3 ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "$label: $delivered of 3 deliveries of incident $incident DELIVERED after 300 s:" >&2
      curl -s -H "Authorization: Bearer $admin" "http://localhost:8085/api/v1/deliveries?incidentId=$incident" >&2
      return 1
    fi
    sleep 2
  done
  for fake in slack:9101 teams:9102 servicenow:9103; do
    if ! curl -sf "http://127.0.0.1:${fake##*:}/_fake/requests" | grep -qF "$title"; then
      echo "$label: the ${fake%%:*} fake received nothing naming \"$title\"" >&2; return 1
    fi
  done
  say "$label: incident $incident delivered to Slack, Teams and ServiceNow ($delivered deliveries DELIVERED)"
}

run_checkout() {
  local label=$1 checkout="$WORK/$1"
  say "$label: git clone $SOURCE"
  git clone -q "$SOURCE" "$checkout"
  say "$label: platform.sh up"
  RUNNING=$checkout
  if ! "$checkout/infra/bin/platform.sh" up > "$WORK/$label-up.log" 2>&1; then
    echo "$label: platform.sh up failed; its last lines:" >&2; tail -40 "$WORK/$label-up.log" >&2
    return 1
  fi
  grep -E '^demo:' "$WORK/$label-up.log" | sed "s/^/       $label up: /" || true
  say "$label: up"
  demo_delivers "$checkout" "$label"
  "$checkout/infra/bin/platform.sh" down > "$WORK/$label-down.log" 2>&1 || {
    echo "$label: platform.sh down failed:" >&2; cat "$WORK/$label-down.log" >&2; return 1; }
  RUNNING=""
  say "$label: down"
}

run_checkout first
run_checkout second
