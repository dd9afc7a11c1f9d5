#!/bin/sh
# For the official postgres container image: mount this file as
# /docker-entrypoint-initdb.d/10-netzwerkstatt.sh and init.sql as /etc/netzwerkstatt/init.sql
# (not into docker-entrypoint-initdb.d, which would run it without its variables).
#
# Each role's password comes from <ROLE>_DATABASE_PASSWORD if set, else from the file named by
# <ROLE>_DATABASE_PASSWORD_FILE, else from /run/secrets/<role>_database_password (compose secrets);
# roles: registry, events, feedback, notifications, gateway. Idempotent: run it again (as the postgres
# user, e.g. `docker compose exec -u postgres postgres sh /docker-entrypoint-initdb.d/10-netzwerkstatt.sh`)
# after rotating a password.
set -eu

secrets_dir="${NETZWERKSTATT_SECRETS_DIR:-/run/secrets}"

fail() {
    echo "netzwerkstatt init: $*" >&2
    exit 1
}

run_psql() {
    psql -X -q -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" "$@"
}

password_of() {
    role="$1"
    upper="$(printf '%s' "$role" | tr 'a-z' 'A-Z')"
    eval "value=\${${upper}_DATABASE_PASSWORD:-}"
    if [ -z "$value" ]; then
        eval "file=\${${upper}_DATABASE_PASSWORD_FILE:-$secrets_dir/${role}_database_password}"
        [ -r "$file" ] || fail "no password for role $role: set ${upper}_DATABASE_PASSWORD or provide $file"
        value="$(cat "$file")"
    fi
    [ -n "$value" ] || fail "the password of role $role is empty"
    printf '%s' "$value"
}

# Read every password before changing anything, so a missing one leaves the server untouched.
registry_password="$(password_of registry)"
events_password="$(password_of events)"
feedback_password="$(password_of feedback)"
notifications_password="$(password_of notifications)"
gateway_password="$(password_of gateway)"

if [ "$(run_psql --dbname postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'netzwerkstatt'")" != "1" ]; then
    run_psql --dbname postgres -c "CREATE DATABASE netzwerkstatt"
fi

run_psql --dbname netzwerkstatt \
    -v registry_password="$registry_password" \
    -v events_password="$events_password" \
    -v feedback_password="$feedback_password" \
    -v notifications_password="$notifications_password" \
    -v gateway_password="$gateway_password" \
    -f "${NETZWERKSTATT_INIT_SQL:-/etc/netzwerkstatt/init.sql}"
