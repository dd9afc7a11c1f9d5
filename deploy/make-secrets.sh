#!/bin/sh
# Writes a fresh random password for every secret the compose file names into deploy/secrets/.
# The folder is closed to other users of the host (mode 700); the files themselves are readable
# (644) because compose mounts them into containers whose processes run as unprivileged users
# (uid 10001 for the services, postgres for the database). Existing files are kept, so running it
# again only adds what is missing.
#   sh make-secrets.sh --rotate <name>   writes a new password into secrets/<name> (then follow
#                                        "Rotating credentials" in README.md)
# notifications_smtp_password starts empty: put your SMTP relay's password there if it needs one.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
secrets="$here/secrets"
mkdir -p "$secrets"
chmod 700 "$secrets"
umask 022

new_password() {
    # 32 letters and digits: safe in URLs, in NATS configuration and in SQL.
    LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32
}

if [ "${1:-}" = "--rotate" ]; then
    name="${2:?name the secret to rotate, e.g. events_database_password}"
    file="$secrets/$name"
    [ -f "$file" ] || { echo "no secrets/$name to rotate" >&2; exit 1; }
    # Written into the same file, not a new one: compose mounts each secret file into the running
    # containers, which would go on seeing the old file if it were deleted and made anew.
    new_password > "$file"
    echo "rotated secrets/$name"
    exit 0
fi

for name in $(sed -n 's/^  \([a-z_]*\): {file: \.\/secrets\/\1}$/\1/p' "$here/compose.yaml"); do
    file="$secrets/$name"
    [ -e "$file" ] && continue
    if [ "$name" = notifications_smtp_password ]; then
        : > "$file"
    else
        new_password > "$file"
    fi
    echo "created secrets/$name"
done
