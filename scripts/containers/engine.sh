#!/bin/sh
# Prepares a container engine on a Debian machine without Docker: podman with runc, its Docker-API
# socket (so the docker client, docker-py and testcontainers work against it) and a Debian base
# image built once from the machine's own Debian mirror (cached in podman's image store).
#
#   sh scripts/containers/engine.sh          # install (as root, when missing), configure, start, base image
#   sh scripts/containers/engine.sh check    # exit 0 when the engine answers and the base image exists
#
# Nothing is pulled from an image registry: the base image comes from debootstrap, every other image
# is built on it (scripts/containers/build-images.sh). Settings are environment variables:
#   PODMAN_SOCKET   (default /run/podman/podman.sock)
#   BASE_IMAGE      (default localhost/netzwerkstatt-debian:bookworm)
#   DEBIAN_SUITE    (default bookworm)
#   DEBIAN_MIRROR   (default: the first Debian mirror apt on this machine uses)
set -eu

socket="${PODMAN_SOCKET:-/run/podman/podman.sock}"
base_image="${BASE_IMAGE:-localhost/netzwerkstatt-debian:bookworm}"
suite="${DEBIAN_SUITE:-bookworm}"

say() { echo "engine: $*" >&2; }
fail() { say "$*"; exit 1; }

engine_answers() {
    command -v podman >/dev/null 2>&1 || return 1
    [ -S "$socket" ] || return 1
    podman --url "unix://$socket" version >/dev/null 2>&1
}

if [ "${1:-}" = check ]; then
    engine_answers && podman image exists "$base_image"
    exit $?
fi

# 1. Packages: podman and runc (crun fails on hybrid cgroup hosts), debootstrap for the base image,
#    the dnsname plugin for names inside compose networks.
missing=""
for tool in podman runc debootstrap; do
    command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"
done
# Containers of a compose project find each other by service name through the dnsname CNI plugin.
[ -x /usr/lib/cni/dnsname ] || missing="$missing golang-github-containernetworking-plugin-dnsname"
if [ -n "$missing" ]; then
    [ "$(id -u)" = 0 ] || fail "missing:$missing; install them as root (apt-get install$missing)"
    say "installing$missing"
    apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing \
        uidmap slirp4netns fuse-overlayfs iptables >/dev/null
fi

# 2. Runtime settings checked on such machines: runc with cgroupfs, no default ulimits (setrlimit
#    fails in nested sandboxes), events to a file (no journald here).
conf=/etc/containers/containers.conf
if [ "$(id -u)" = 0 ] && ! grep -q '^# netzwerkstatt engine settings' "$conf" 2>/dev/null; then
    mkdir -p /etc/containers
    [ -e "$conf" ] && cp "$conf" "$conf.before-netzwerkstatt"
    cat > "$conf" <<'CONF'
# netzwerkstatt engine settings (scripts/containers/engine.sh)
[containers]
default_ulimits = []

[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
CONF
    say "wrote $conf"
fi

# 3. The Docker-API socket, started once and left running for this machine's later runs.
if ! engine_answers; then
    mkdir -p "$(dirname "$socket")"
    rm -f "$socket"
    say "starting podman's Docker API on $socket"
    setsid podman system service --time=0 "unix://$socket" >/var/log/podman-service.log 2>&1 < /dev/null &
    tries=0
    until engine_answers; do
        tries=$((tries + 1))
        [ "$tries" -lt 100 ] || fail "podman service did not answer on $socket (see /var/log/podman-service.log)"
        sleep 0.1
    done
fi

# 4. The Debian base image, once: debootstrap (minbase) from the mirror apt already uses, with this
#    machine's CA bundle so package clients inside builds trust the same certificate chain.
if ! podman image exists "$base_image"; then
    mirror="${DEBIAN_MIRROR:-}"
    if [ -z "$mirror" ]; then
        mirror="$(sed -n 's/^URIs: *\([^ ]*debian\/*\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)"
    fi
    if [ -z "$mirror" ]; then
        mirror="$(sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\) .*/\2/p' /etc/apt/sources.list 2>/dev/null | grep debian | head -n 1)"
    fi
    [ -n "$mirror" ] || fail "no Debian mirror found in apt's sources; set DEBIAN_MIRROR"
    rootfs="$(mktemp -d /var/tmp/netzwerkstatt-rootfs.XXXXXX)"
    trap 'rm -rf "$rootfs"' EXIT
    say "debootstrap $suite from $mirror (a few minutes, once)"
    debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >/var/log/netzwerkstatt-debootstrap.log 2>&1 \
        || fail "debootstrap failed (see /var/log/netzwerkstatt-debootstrap.log)"
    mkdir -p "$rootfs/etc/ssl/certs"
    cp /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    tar -C "$rootfs" -c . | podman import \
        --change 'ENV SSL_CERT_FILE=/etc/ssl/certs/ca-certificates.crt' \
        --change 'ENV PIP_CERT=/etc/ssl/certs/ca-certificates.crt' \
        --change 'CMD ["/bin/bash"]' - "$base_image" >/dev/null
    say "built $base_image"
fi
say "ready: DOCKER_HOST=unix://$socket"
