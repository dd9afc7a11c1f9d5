#!/bin/sh
# The official postgres image's start-up contract, the parts this project uses: on the first start
# initdb with POSTGRES_USER and the password from POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE, create
# POSTGRES_DB, run /docker-entrypoint-initdb.d/*.sh and *.sql against a server listening on its
# socket only, then run the server on all addresses with password (scram) authentication. Arguments
# are a command, or the server's options (``postgres -c ...`` or just ``-c ...``).
set -eu

if [ "$(id -u)" = 0 ]; then
    mkdir -p "$PGDATA"
    chown -R postgres:postgres "$(dirname "$PGDATA")" /var/run/postgresql
    chmod 700 "$PGDATA"
    exec setpriv --reuid=postgres --regid=postgres --init-groups /bin/sh "$0" "$@"
fi

# As in the official image: arguments that begin with a dash are the server's options.
case "${1:-}" in -*) set -- postgres "$@" ;; esac
[ "${1:-postgres}" = postgres ] || exec "$@"
[ "$#" -gt 0 ] && shift

user="${POSTGRES_USER:-postgres}"
database="${POSTGRES_DB:-$user}"
if [ -n "${POSTGRES_PASSWORD_FILE:-}" ]; then
    password="$(cat "$POSTGRES_PASSWORD_FILE")"
else
    password="${POSTGRES_PASSWORD:-}"
fi

if [ ! -s "$PGDATA/PG_VERSION" ]; then
    [ -n "$password" ] || { echo "postgres entrypoint: set POSTGRES_PASSWORD or POSTGRES_PASSWORD_FILE" >&2; exit 1; }
    pwfile="$(mktemp)"
    printf '%s\n' "$password" > "$pwfile"
    initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
    rm -f "$pwfile"
    printf "listen_addresses = '*'\n" >> "$PGDATA/postgresql.conf"
    printf 'host all all all scram-sha-256\n' >> "$PGDATA/pg_hba.conf"
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    if [ "$database" != postgres ]; then
        psql -X -q -v ON_ERROR_STOP=1 --username "$user" --dbname postgres \
            -c "CREATE DATABASE \"$database\""
    fi
    for script in /docker-entrypoint-initdb.d/*; do
        case "$script" in
            *.sh) echo "postgres entrypoint: running $script"; POSTGRES_USER="$user" sh "$script" ;;
            *.sql) echo "postgres entrypoint: running $script"; psql -X -q -v ON_ERROR_STOP=1 --username "$user" --dbname "$database" -f "$script" ;;
        esac
    done
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
    echo "postgres entrypoint: initialised; ready to start"
fi

exec postgres -D "$PGDATA" "$@"
