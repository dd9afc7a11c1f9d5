"""deploy/postgres/init.sh as the postgres container runs it: passwords from secret files, applied
to a real server with the embedded psql; every role can then log in with its secret."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import asyncpg
import pytest
from deploy_files import DEPLOY

from netzwerkstatt import topology
from netzwerkstatt.stack.binaries import postgres_bin_dir
from netzwerkstatt.testing import PostgresServer

INIT_SCRIPT = DEPLOY / "postgres" / "init.sh"
ROLES = (*topology.SERVICES, topology.GATEWAY)


@pytest.fixture
def secrets_dir(tmp_path: Path, stack_passwords: dict[str, str]) -> Path:
    """The session's own passwords as files, so re-applying them leaves the session's roles as they are."""
    folder = tmp_path / "secrets"
    folder.mkdir()
    for role in ROLES:
        (folder / f"{role}_database_password").write_text(stack_passwords[role] + "\n")
    return folder


def run_init(postgres_server: PostgresServer, secrets_dir: Path) -> subprocess.CompletedProcess[str]:
    superuser = urlsplit(postgres_server.superuser_dsn)
    environment = {
        "PATH": f"{postgres_bin_dir()}:{os.environ['PATH']}",
        "POSTGRES_USER": superuser.username or "postgres",
        "PGHOST": postgres_server.host,
        "PGPORT": str(postgres_server.port),
        "PGPASSWORD": superuser.password or "",
        "NETZWERKSTATT_SECRETS_DIR": str(secrets_dir),
        "NETZWERKSTATT_INIT_SQL": str(DEPLOY / "postgres" / "init.sql"),
    }
    return subprocess.run(
        ["sh", str(INIT_SCRIPT)], env=environment, capture_output=True, text=True, check=False, timeout=60
    )


async def can_log_in(postgres_server: PostgresServer, role: str, password: str) -> bool:
    try:
        connection = await asyncpg.connect(
            host=postgres_server.host,
            port=postgres_server.port,
            user=role,
            password=password,
            database=postgres_server.database_name,
        )
    except asyncpg.InvalidPasswordError:
        return False
    try:
        schema = await connection.fetchval("SELECT current_schema()")
    finally:
        await connection.close()
    return bool(schema == role)


async def test_the_init_script_reads_every_roles_password_from_its_secret_file(
    postgres_server: PostgresServer, secrets_dir: Path, stack_passwords: dict[str, str]
) -> None:
    result = run_init(postgres_server, secrets_dir)

    assert result.returncode == 0, result.stderr
    for role in ROLES:
        assert await can_log_in(postgres_server, role, stack_passwords[role]), role


async def test_the_init_script_stops_before_any_change_when_a_secret_is_missing(
    postgres_server: PostgresServer, secrets_dir: Path, stack_passwords: dict[str, str]
) -> None:
    (secrets_dir / "gateway_database_password").unlink()
    (secrets_dir / "registry_database_password").write_text("a-password-that-must-not-be-set")

    result = run_init(postgres_server, secrets_dir)

    assert result.returncode != 0
    assert "gateway" in result.stderr
    assert await can_log_in(postgres_server, "registry", stack_passwords["registry"])
