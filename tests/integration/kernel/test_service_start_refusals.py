"""A service that cannot start tells the operator why in one log line, never a traceback: NATS
refusing its sign-in (a password rotated without recreating nats), a secret missing in production.
It then waits a moment before exiting non-zero, so a container's restart policy does not start it
again many times a second. One that cannot reach NATS yet says it waits, and serves its metrics."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for
from registry_service.main import definition
from registry_service.settings import RegistrySettings

PAUSE_SECONDS = 1.0


def registry(command: str, **settings: str) -> tuple[subprocess.CompletedProcess[str], float]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("REGISTRY_")}
    environment.update({f"REGISTRY_{key.upper()}": value for key, value in settings.items()})
    environment.update(REGISTRY_LOG_FORMAT="json", REGISTRY_REFUSED_START_PAUSE_SECONDS=str(PAUSE_SECONDS))
    started = time.monotonic()
    result = subprocess.run(
        [str(Path(sys.executable).parent / "netzwerkstatt-registry"), command],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return result, time.monotonic() - started


def the_one_line(result: subprocess.CompletedProcess[str]) -> dict[str, object]:
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    lines = output.splitlines()
    assert len(lines) == 1, output
    entry: dict[str, object] = json.loads(lines[0])
    assert entry["level"] == "error"
    return entry


def test_nats_refusing_the_sign_in_is_one_error_line_then_a_pause_and_exit_code_1(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    result, seconds = registry(
        "serve",
        environment="production",
        nats_url=nats_server.url,
        nats_password="rotated-but-nats-not-recreated",
        database_url=postgres_server.dsn("registry"),
    )

    assert result.returncode == 1
    entry = the_one_line(result)
    assert str(entry["event"]).startswith(
        f"NATS refused the sign-in of user registry at {nats_server.url}: check the service's NATS "
        "password (REGISTRY_NATS_PASSWORD or the secret file /run/secrets/registry_nats_password) and "
        "that nats was recreated with it"
    )
    assert entry["service"] == "registry"
    assert "rotated-but-nats-not-recreated" not in result.stdout + result.stderr
    assert PAUSE_SECONDS <= seconds < PAUSE_SECONDS + 20


def test_the_healthcheck_says_that_nats_refused_the_sign_in(nats_server: NatsServer) -> None:
    result, _ = registry("health", nats_url=nats_server.url, nats_password="wrong")

    assert result.returncode == 1
    assert result.stderr.strip() == (
        f"NATS at {nats_server.url} refused the sign-in of user registry: check the service's NATS "
        "password secret and that nats was recreated with it"
    )


def test_production_without_a_nats_password_refuses_to_start_naming_the_setting(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    result, seconds = registry(
        "serve",
        environment="production",
        nats_url=nats_server.url,
        database_url=postgres_server.dsn("registry"),
    )

    assert result.returncode == 1
    entry = the_one_line(result)
    assert entry["event"] == (
        "the service's NATS password is not set: set REGISTRY_NATS_PASSWORD or the secret file "
        "/run/secrets/registry_nats_password"
    )
    assert entry["setting"] == "REGISTRY_NATS_PASSWORD"
    assert seconds >= PAUSE_SECONDS


def test_production_without_a_database_password_refuses_every_command_naming_the_setting() -> None:
    for command in ("migrate", "serve"):
        result, _ = registry(
            command,
            environment="production",
            nats_password="secret",
            database_url="postgresql+asyncpg://registry@127.0.0.1:5432/netzwerkstatt",
        )

        assert result.returncode == 1
        entry = the_one_line(result)
        assert entry["setting"] == "REGISTRY_DATABASE_PASSWORD"
        assert "/run/secrets/registry_database_password" in str(entry["event"])


async def test_a_service_waiting_for_nats_says_so_within_seconds_and_serves_its_metrics(
    nats_server: NatsServer, postgres_server: PostgresServer, caplog: pytest.LogCaptureFixture
) -> None:
    closed = f"nats://127.0.0.1:{free_port()}"
    metrics_port = free_port()
    settings = settings_for(
        RegistrySettings, nats_server, postgres_server, nats_url=closed, metrics_port=metrics_port
    )
    runtime = ServiceRuntime(definition(settings))

    starting = asyncio.create_task(runtime.start())
    try:
        waiting: list[dict[str, Any]] = []
        for _ in range(50):
            await asyncio.sleep(0.1)
            waiting = [line for line in _lines(caplog) if line["event"] == f"waiting for NATS at {closed}"]
            if waiting:
                break
        assert waiting, [line["event"] for line in _lines(caplog)]
        assert waiting[0]["level"] == "warning"
        assert waiting[0]["attempt"] == 1
        assert "waiting_seconds" in waiting[0]

        metrics = await asyncio.to_thread(_get, f"http://127.0.0.1:{metrics_port}/metrics")
        assert "netzwerkstatt_" in metrics
    finally:
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)

    assert not _answers(f"http://127.0.0.1:{metrics_port}/metrics"), "a start given up frees its port"


def _lines(caplog: pytest.LogCaptureFixture) -> list[dict[str, Any]]:
    return [record.msg for record in caplog.records if isinstance(record.msg, dict)]


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=2) as response:
        return str(response.read().decode())


def _answers(url: str) -> bool:
    try:
        _get(url)
    except OSError:
        return False
    return True


def gateway(**settings: str) -> subprocess.CompletedProcess[str]:
    environment = {key: value for key, value in os.environ.items() if not key.startswith("GATEWAY_")}
    environment.update({f"GATEWAY_{key.upper()}": value for key, value in settings.items()})
    environment.update(GATEWAY_LOG_FORMAT="json", GATEWAY_REFUSED_START_PAUSE_SECONDS=str(PAUSE_SECONDS))
    return subprocess.run(
        [str(Path(sys.executable).parent / "netzwerkstatt-gateway"), "serve"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_gateway_says_in_one_line_that_nats_refused_its_sign_in(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    result = gateway(
        environment="production",
        http_port=str(free_port()),
        metrics_port="0",
        nats_url=nats_server.url,
        nats_password="rotated-but-nats-not-recreated",
        database_url=postgres_server.dsn("gateway"),
    )

    assert result.returncode == 1
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    # uvicorn's two lines of its start, then the one error line.
    [entry] = [json.loads(line) for line in output.splitlines() if json.loads(line)["level"] != "info"]
    assert entry["level"] == "error"
    assert str(entry["event"]).startswith(
        f"NATS refused the sign-in of user gateway at {nats_server.url}: check the service's NATS "
        "password (GATEWAY_NATS_PASSWORD"
    )
    assert "rotated-but-nats-not-recreated" not in result.stdout + result.stderr


def test_the_gateway_in_production_without_a_nats_password_refuses_to_start_naming_the_setting(
    postgres_server: PostgresServer,
) -> None:
    result = gateway(environment="production", database_url=postgres_server.dsn("gateway"))

    assert result.returncode == 1
    entry = the_one_line(result)
    assert "GATEWAY_NATS_PASSWORD" in str(entry["event"])
