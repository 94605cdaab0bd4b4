#!/usr/bin/env bash
# Runs once, when the PostgreSQL container initialises an empty data directory: creates the login role and the
# database the five services share. Each service creates and migrates its own schema (Flyway, currentSchema).
set -euo pipefail

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
     -v db_user="$CONNECTOPS_DB_USER" -v db_password="$CONNECTOPS_DB_PASSWORD" <<'SQL'
CREATE ROLE :"db_user" LOGIN PASSWORD :'db_password';
CREATE DATABASE connectops OWNER :"db_user" ENCODING 'UTF8';
REVOKE ALL ON DATABASE connectops FROM PUBLIC;
SQL
