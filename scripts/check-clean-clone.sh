#!/usr/bin/env bash
# From a clean clone of this repository: `make up` must reach a healthy state, and Ctrl-C must stop
# it with no process left. Usage: scripts/check-clean-clone.sh [git-ref]   (default: HEAD)
set -euo pipefail
ref=${1:-HEAD}
repo=$(git rev-parse --show-toplevel)
work=$(mktemp -d)
chmod 755 "$work"
trap 'rm -rf "$work"' EXIT
git clone --quiet "$repo" "$work/netzwerkstatt"
cd "$work/netzwerkstatt"
git checkout --quiet "$ref"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
http=$(free_port)
log="$work/up.log"
: >"$log"
setsid make up ARGS="--port $http --nats-port $(free_port) --postgres-port $(free_port) --smtp-port $(free_port)" >"$log" 2>&1 &
leader=$!

for _ in $(seq 1 600); do
    grep -q "Netzwerkstatt is running at" "$log" && break
    kill -0 "$leader" 2>/dev/null || { cat "$log"; echo "make up died"; exit 1; }
    sleep 1
done
grep -q "Netzwerkstatt is running at" "$log" || { cat "$log"; echo "make up did not become ready"; exit 1; }
curl --fail --silent "http://127.0.0.1:$http/health" >/dev/null
echo "healthy at http://127.0.0.1:$http/"

kill -INT -- "-$leader"
wait "$leader" || { cat "$log"; echo "make up did not exit cleanly"; exit 1; }
sleep 1
if pgrep -f "$work/netzwerkstatt" >/dev/null; then
    pgrep -af "$work/netzwerkstatt"
    echo "processes left behind"
    exit 1
fi
echo "stopped cleanly; no process left"
