"""The readiness probe behind ``netzwerkstatt-<service> health`` and ``make up``'s wait for ready:
an answer within seconds in every state of the bus, with the reason in one line. A probe that waited
for NATS forever held up the supervisor that was to start NATS again."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from netzwerkstatt.stack.health import http_ready, service_readiness
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing import NatsServer


async def test_a_bus_that_is_not_there_is_said_at_once() -> None:
    url = f"nats://127.0.0.1:{free_port()}"
    started = time.monotonic()

    readiness = await service_readiness(url, "events", "events-dev-password", "events")

    assert time.monotonic() - started < 3
    assert readiness.startswith(f"NATS is not reachable at {url}")


async def test_a_service_that_does_not_answer_is_said_after_a_second(nats_server: NatsServer) -> None:
    admin = nats_server.admin
    started = time.monotonic()

    readiness = await service_readiness(nats_server.url, admin.user, admin.password, "nobody")

    assert time.monotonic() - started < 3
    assert readiness == "no replica of nobody answered nobody.health within 1 s"


def test_the_health_command_exits_with_the_reason_in_one_line() -> None:
    environment = os.environ | {"EVENTS_NATS_URL": f"nats://127.0.0.1:{free_port()}"}
    command = [sys.executable, "-c", "from events_service.main import main; main()", "health"]

    finished = subprocess.run(command, env=environment, capture_output=True, text=True, timeout=30)

    assert finished.returncode == 1
    assert finished.stdout == ""
    assert finished.stderr.startswith("NATS is not reachable at nats://127.0.0.1:")
    assert finished.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("body", "ready"),
    [
        (b'{"status":"ready"}', True),
        (b'{"status":"not_ready"}', False),
        (b"# HELP python_gc_objects_collected_total Objects collected during gc\n", False),
        (b"<html>another program</html>", False),
    ],
)
def test_the_staff_ui_is_ready_only_when_the_gateway_itself_says_so(body: bytes, ready: bool) -> None:
    """Another program on the port that answers 200 to every path (a metrics endpoint does) is not
    taken for the gateway."""

    class Answer(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = HTTPServer(("127.0.0.1", 0), Answer)
    serving = threading.Thread(target=server.serve_forever, daemon=True)
    serving.start()
    try:
        assert http_ready(f"http://127.0.0.1:{server.server_address[1]}/health") is ready
    finally:
        server.shutdown()
        server.server_close()
