"""An operator's `migrate` command (a container's first step, `make up`'s too) tells what is wrong
with the database in one line: a refused sign-in at once, a database that does not accept
connections, or is short of disk, memory or connections, after waiting for it; never a traceback."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url
from structlog.testing import capture_logs

import registry_service
from netzwerkstatt.migrations import migrate
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing.servers import PostgresServer
from registry_service.settings import RegistrySettings

MIGRATIONS = Path(registry_service.__file__).parent / "migrations"


def run_migrate(database_url: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "REGISTRY_DATABASE_URL": database_url, "REGISTRY_ENVIRONMENT": "test"}
    command = [str(Path(sys.executable).parent / "netzwerkstatt-registry"), "migrate"]
    return subprocess.run(command, env=environment, capture_output=True, text=True, timeout=60)


def test_a_wrong_password_ends_the_command_at_once_with_one_line(postgres_server: PostgresServer) -> None:
    wrong = make_url(postgres_server.dsn("registry")).set(password="not-the-password")

    started = time.monotonic()
    result = run_migrate(wrong.render_as_string(hide_password=False))

    assert result.returncode == 1
    assert time.monotonic() - started < 20  # no waiting: trying again cannot help
    output = result.stdout + result.stderr
    assert "Traceback" not in output
    [line] = [line for line in output.splitlines() if "migrations not applied" in line]
    assert "the database refused the sign-in" in line
    assert "not-the-password" not in output


def test_a_database_that_does_not_answer_is_waited_for_then_named_in_one_line() -> None:
    closed = f"postgresql+asyncpg://registry:secret@127.0.0.1:{free_port()}/netzwerkstatt"
    settings = RegistrySettings(environment="test", database_url=closed)

    with capture_logs() as logs:
        code = migrate(settings, MIGRATIONS, wait_seconds=2.5)

    assert code == 1
    events = [(entry["log_level"], entry["event"]) for entry in logs]
    assert ("warning", "the database is not reachable; trying again") in events
    assert events[-1] == ("error", "migrations not applied: the database is not reachable")
    assert "Connect call failed" in logs[-1]["reason"]
    assert "exc_info" not in logs[-1]


def test_the_command_applies_the_migrations_once_the_database_answers(
    postgres_server: PostgresServer,
) -> None:
    result = run_migrate(postgres_server.dsn("registry"))

    assert result.returncode == 0, result.stderr[-2000:]
    assert "migrations applied" in result.stdout + result.stderr


def test_a_database_short_of_connections_is_waited_for_then_named_in_one_line(
    postgres_server: PostgresServer,
) -> None:
    # A real refusal with SQLSTATE 53300 (too_many_connections): a role allowed no connection at all.
    role, password = f"limited_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    asyncio.run(
        _superuser(postgres_server, f"CREATE ROLE {role} LOGIN PASSWORD '{password}' CONNECTION LIMIT 0")
    )
    limited = make_url(postgres_server.dsn("registry")).set(username=role, password=password)
    settings = RegistrySettings(
        environment="test", database_url=limited.render_as_string(hide_password=False)
    )

    try:
        with capture_logs() as logs:
            code = migrate(settings, MIGRATIONS, wait_seconds=2.5)
    finally:
        asyncio.run(_superuser(postgres_server, f"DROP ROLE {role}"))

    assert code == 1
    events = [(entry["log_level"], entry["event"]) for entry in logs]
    assert ("warning", "the database is short of resources; trying again") in events
    assert events[-1] == ("error", "migrations not applied: the database is short of resources")
    assert logs[-1]["shortage"] == "too many connections"
    assert "exc_info" not in logs[-1]


async def _superuser(postgres_server: PostgresServer, statement: str) -> None:
    connection = await asyncpg.connect(postgres_server.superuser_database_dsn)
    try:
        await connection.execute(statement)
    finally:
        await connection.close()
