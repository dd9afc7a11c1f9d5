#!/bin/sh
# For the official postgres container image: mount this file as
# /docker-entrypoint-initdb.d/10-netzwerkstatt.sh and init.sql as /etc/netzwerkstatt/init.sql
# (not into docker-entrypoint-initdb.d, which would run it without its variables).
# Passwords come from REGISTRY_DATABASE_PASSWORD, EVENTS_DATABASE_PASSWORD, FEEDBACK_DATABASE_PASSWORD,
# NOTIFICATIONS_DATABASE_PASSWORD and GATEWAY_DATABASE_PASSWORD.
set -eu

run_psql() {
    psql -X -q -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" "$@"
}

if [ "$(run_psql --dbname postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'netzwerkstatt'")" != "1" ]; then
    run_psql --dbname postgres -c "CREATE DATABASE netzwerkstatt"
fi

run_psql --dbname netzwerkstatt \
    -v registry_password="$REGISTRY_DATABASE_PASSWORD" \
    -v events_password="$EVENTS_DATABASE_PASSWORD" \
    -v feedback_password="$FEEDBACK_DATABASE_PASSWORD" \
    -v notifications_password="$NOTIFICATIONS_DATABASE_PASSWORD" \
    -v gateway_password="$GATEWAY_DATABASE_PASSWORD" \
    -f "${NETZWERKSTATT_INIT_SQL:-/etc/netzwerkstatt/init.sql}"
