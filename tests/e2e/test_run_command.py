"""The run command (`make up` runs `python -m netzwerkstatt.stack up`) brings the whole system to a
healthy state with its demo data, starts a service that died again (and says so), and SIGTERM (as
Ctrl-C) stops every process it started."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import httpx
import pytest

from gateway_service.testing import csrf_token_in
from netzwerkstatt.stack import processes
from netzwerkstatt.testing.proc import alive, command_line, descendants, identified, processes_mentioning
from tests.e2e.metrics_checks import (
    Stack,
    assert_each_process_serves_metrics_that_move_when_work_is_done,
)

# Generous: on a busy shared machine a first start (migrations, demo data) takes minutes.
STARTUP_SECONDS = 300
START_TRANSCRIPT = Path("test-artifacts") / "run-command-start.log"


def assert_staff_see_the_demo_data(base_url: str, transcript: str) -> None:
    """Sign in with the printed demo password and find demo institutions on the staff pages."""
    password = re.search(r"with the password (\S+)", transcript)
    assert password, transcript[-2000:]
    with httpx.Client(base_url=base_url, follow_redirects=True, timeout=10) as client:
        login = client.get("/login")
        signed_in = client.post(
            "/login",
            data={
                "email": "admin@example.org",
                "password": password.group(1),
                "csrf_token": csrf_token_in(login.text),
                "next": "/",
            },
        )
        assert signed_in.status_code == 200, signed_in.text[:2000]
        organisations = client.get("/registry/organisations", params={"name": "Leipzig"})
        assert "Jobcenter Leipzig" in organisations.text
        assert "Volkshochschule Leipzig" in organisations.text


def read_until(stack: subprocess.Popen[str], output: list[str], marker: str, seconds: float) -> bool:
    assert stack.stdout is not None
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        line = stack.stdout.readline()
        if not line and stack.poll() is not None:
            return False
        output.append(line)
        if marker in line:
            return True
    return False


@pytest.mark.slow
@pytest.mark.timeout(STARTUP_SECONDS + 150)
def test_the_run_command_reaches_a_healthy_state_restarts_a_dead_service_and_stops_cleanly(
    tmp_path: Path,
) -> None:
    data_dir = tmp_path / "stack-data"
    tmp_path.chmod(0o755)
    http_port, postgres_port = processes.free_port(), processes.free_port()
    metrics_port = processes.free_port_run(5)
    command = [
        sys.executable, "-m", "netzwerkstatt.stack", "up",
        "--data-dir", str(data_dir),
        "--port", str(http_port),
        "--nats-port", str(processes.free_port()),
        "--postgres-port", str(postgres_port),
        "--smtp-port", str(processes.free_port()),
        "--metrics-port", str(metrics_port),
    ]  # fmt: skip
    stack = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    output: list[str] = []
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        assert stack.stdout is not None
        while time.monotonic() < deadline:
            line = stack.stdout.readline()
            if not line and stack.poll() is not None:
                break
            output.append(line)
            if "Ctrl-C stops everything" in line:  # the last line of the start banner
                break
        transcript = "".join(output)
        # The whole start, kept for CI's artifacts: the assertion message holds only its end.
        START_TRANSCRIPT.parent.mkdir(exist_ok=True)
        START_TRANSCRIPT.write_text(transcript)
        assert f"http://127.0.0.1:{http_port}/" in transcript, transcript[-4000:]
        assert "with the password" in transcript, "the demo sign-in is printed"
        with urllib.request.urlopen(f"http://127.0.0.1:{http_port}/health", timeout=5) as response:
            assert response.status == 200
        assert_staff_see_the_demo_data(f"http://127.0.0.1:{http_port}", transcript)
        assert_each_process_serves_metrics_that_move_when_work_is_done(
            Stack.of(http_port, metrics_port, postgres_port)
        )
        assert processes_mentioning(str(data_dir)), "NATS and PostgreSQL run with the data folder"
        started = identified(descendants(stack.pid))
        assert len(started) >= 7, "NATS, PostgreSQL, four services and the gateway"

        # kill -9 of a service: the supervisor says so and starts it again; the rest keeps running.
        registry = [pid for pid in started if "netzwerkstatt-registry serve" in command_line(pid)]
        assert registry, "the registry service runs"
        os.kill(registry[0], signal.SIGKILL)
        assert read_until(stack, output, "netzwerkstatt-registry exited with code -9", 30), "".join(output)[
            -3000:
        ]
        assert stack.poll() is None, "the stack keeps running"

        def registry_back() -> bool:
            return any(
                "netzwerkstatt-registry serve" in command_line(pid)
                for pid in descendants(stack.pid) - started.keys()
            )

        processes.wait_until(registry_back, 30, "the registry service started again")
        started |= identified(descendants(stack.pid))
        commands = {pid: command_line(pid) for pid in started}
    finally:
        stack.send_signal(signal.SIGTERM)
        try:
            exit_code = stack.wait(timeout=60)
        except subprocess.TimeoutExpired:
            stack.kill()
            raise
    rest = stack.stdout.read() if stack.stdout else ""
    assert exit_code == 0, "".join(output)[-3000:] + rest[-3000:]
    ended_by = time.monotonic() + 10  # a process the stack stopped may still be on its way out
    while alive(started) and time.monotonic() < ended_by:
        time.sleep(0.1)
    assert processes_mentioning(str(data_dir)) == {}
    assert [commands.get(pid, "?") for pid in alive(started)] == [], "no process of the stack is left"
    assert (data_dir / "postgres" / "PG_VERSION").exists(), "the data stays for the next start"
