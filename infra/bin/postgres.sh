#!/usr/bin/env bash
# PostgreSQL for Connect Ops: the server on 127.0.0.1:$PGPORT when one answers, else a throwaway cluster this
# script creates (installing Debian's postgresql package when run as root on a machine without it).
#   postgres.sh start [database...]   make sure a server runs and the role and databases exist (default: connectops)
#   postgres.sh stop                  stop the cluster this script started
#   postgres.sh status
# Environment: PGPORT (5432), CONNECTOPS_PG_DIR (/tmp/connectops-pg-$PGPORT), CONNECTOPS_DB_USER/PASSWORD
# (connectops/connectops), PGADMIN_PASSWORD to reach an existing server's postgres superuser by password.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PORT=${PGPORT:-5432}
DATA_ROOT=${CONNECTOPS_PG_DIR:-/tmp/connectops-pg-$PORT}
APP_USER=${CONNECTOPS_DB_USER:-connectops}
APP_PASSWORD=${CONNECTOPS_DB_PASSWORD:-connectops}
RUN_DIR=${CONNECTOPS_RUN_DIR:-$ROOT/.run}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "PostgreSQL: installing Debian's postgresql package" >&2
      DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >&2
      bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    else
      echo "PostgreSQL: no server answers on $PORT and none is installed; install PostgreSQL 14+ or start one" >&2
      exit 1
    fi
  fi
  echo "$bin"
}

start_cluster() {
  local bin; bin=$(pg_bin)
  mkdir -p "$DATA_ROOT"
  if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$DATA_ROOT"; fi
  if [ ! -s "$DATA_ROOT/data/PG_VERSION" ]; then
    as_postgres mkdir -p "$DATA_ROOT/data" "$DATA_ROOT/run"
    as_postgres chmod 700 "$DATA_ROOT/data"
    as_postgres "$bin/initdb" -D "$DATA_ROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      > "$DATA_ROOT/initdb.log" 2>&1 || { cat "$DATA_ROOT/initdb.log" >&2; exit 1; }
  fi
  # 9>&-: the server must not inherit the start lock, or it would hold it for its whole life.
  as_postgres "$bin/pg_ctl" -D "$DATA_ROOT/data" -l "$DATA_ROOT/run/postgres.log" -w -t 60 start \
    -o "-p $PORT -k $DATA_ROOT/run -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
        -c full_page_writes=off -c max_connections=300" > /dev/null 9>&-
  echo "PostgreSQL: started a cluster on $PORT in $DATA_ROOT (log $DATA_ROOT/run/postgres.log)"
}

# Runs SQL as a superuser of whichever server answers: trust on loopback, a password, or the postgres OS user.
admin_psql() {
  if PGPASSWORD=${PGADMIN_PASSWORD:-} psql -h 127.0.0.1 -p "$PORT" -U postgres -w -d postgres -c 'select 1' >/dev/null 2>&1; then
    PGPASSWORD=${PGADMIN_PASSWORD:-} psql -h 127.0.0.1 -p "$PORT" -U postgres -w -d postgres -v ON_ERROR_STOP=1 -q "$@"
  elif [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1; then
    local socket_dir
    for socket_dir in "$DATA_ROOT/run" /var/run/postgresql /tmp; do
      if [ -S "$socket_dir/.s.PGSQL.$PORT" ]; then
        runuser -u postgres -- psql -h "$socket_dir" -p "$PORT" -d postgres -v ON_ERROR_STOP=1 -q "$@"
        return
      fi
    done
    return 1
  else
    return 1
  fi
}

ensure_databases() {
  local databases=("$@")
  [ ${#databases[@]} -gt 0 ] || databases=(connectops)
  if PGPASSWORD=$APP_PASSWORD psql -h 127.0.0.1 -p "$PORT" -U "$APP_USER" -w -d postgres -c 'select 1' >/dev/null 2>&1; then
    local missing=()
    for db in "${databases[@]}"; do
      PGPASSWORD=$APP_PASSWORD psql -h 127.0.0.1 -p "$PORT" -U "$APP_USER" -w -d "$db" -c 'select 1' >/dev/null 2>&1 || missing+=("$db")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
  fi
  {
    echo "SELECT 'CREATE ROLE \"$APP_USER\" LOGIN CREATEDB PASSWORD ''$APP_PASSWORD''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$APP_USER') \\gexec"
    for db in "${databases[@]}"; do
      echo "SELECT 'CREATE DATABASE \"$db\" OWNER \"$APP_USER\"' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \\gexec"
    done
  } | admin_psql -f - || {
    echo "PostgreSQL: cannot create role $APP_USER and databases ${databases[*]} on $PORT; set PGADMIN_PASSWORD" \
         "or create them by hand" >&2
    exit 1
  }
}

start() {
  mkdir -p "$RUN_DIR"
  exec 9>"$RUN_DIR/postgres-$PORT.start-lock"
  flock 9
  if port_open "$PORT"; then
    echo "PostgreSQL: using the server on 127.0.0.1:$PORT"
  else
    start_cluster
  fi
  ensure_databases "$@"
}

stop() {
  if [ -s "$DATA_ROOT/data/postmaster.pid" ]; then
    local bin; bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    as_postgres "$bin/pg_ctl" -D "$DATA_ROOT/data" -m fast -w stop > /dev/null
    echo "PostgreSQL: stopped the cluster on $PORT"
  else
    echo "PostgreSQL: no cluster started by this script on $PORT"
  fi
}

case "${1:-}" in
  start) shift; start "$@" ;;
  stop) stop ;;
  status) if port_open "$PORT"; then echo "PostgreSQL: up on $PORT"; else echo "PostgreSQL: down on $PORT"; exit 3; fi ;;
  *) echo "usage: $0 start [database...]|stop|status" >&2; exit 2 ;;
esac
