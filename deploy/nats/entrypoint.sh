#!/bin/sh
# Starts nats-server with deploy/nats/nats.conf inside a container.
#
# nats.conf refers to each user's password as $<USER>_NATS_PASSWORD. Compose hands passwords over as
# files (/run/secrets/<user>_nats_password), so this script reads every file the configuration needs,
# exports it as that variable, quoted as nats-server wants it (a value like 5G1 would otherwise be
# read as a size), and replaces itself with nats-server. Arguments are passed on (-js, -sd, -m, ...).
set -eu

config="${NATS_CONFIG:-/etc/nats/nats.conf}"
secrets_dir="${NETZWERKSTATT_SECRETS_DIR:-/run/secrets}"

fail() {
    echo "nats entrypoint: $*" >&2
    exit 1
}

[ -r "$config" ] || fail "configuration $config not readable"

for variable in $(grep -o '\$[A-Z_]*_NATS_PASSWORD' "$config" | tr -d '$' | sort -u); do
    file="$secrets_dir/$(printf '%s' "$variable" | tr 'A-Z' 'a-z')"
    [ -r "$file" ] || fail "secret file $file missing (needed for \$$variable)"
    value="$(cat "$file")"
    [ -n "$value" ] || fail "secret file $file is empty"
    case "$value" in
        *'"'* | *'\'*) fail "secret file $file: a NATS password must not contain quotes or backslashes" ;;
    esac
    export "$variable=\"$value\""
done

exec "${NATS_SERVER:-nats-server}" -c "$config" "$@"
