#!/bin/sh
# Writes a fresh random password for every secret the compose file names into deploy/secrets/.
# The folder is closed to other users of the host (mode 700); the files themselves are readable
# (644) because compose mounts them into containers whose processes run as unprivileged users
# (uid 10001 for the services, postgres for the database). Existing files are kept, so running it
# again only adds what is missing; delete a file and run it again to rotate that password (then
# follow "Rotating credentials" in README.md).
# notifications_smtp_password starts empty: put your SMTP relay's password there if it needs one.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
secrets="$here/secrets"
mkdir -p "$secrets"
chmod 700 "$secrets"
umask 022

for name in $(sed -n 's/^  \([a-z_]*\): {file: \.\/secrets\/\1}$/\1/p' "$here/compose.yaml"); do
    file="$secrets/$name"
    [ -e "$file" ] && continue
    if [ "$name" = notifications_smtp_password ]; then
        : > "$file"
    else
        # 32 letters and digits: safe in URLs, in NATS configuration and in SQL.
        LC_ALL=C tr -dc 'A-Za-z0-9' < /dev/urandom | head -c 32 > "$file"
    fi
    echo "created secrets/$name"
done
