"""PostgreSQL's log holds no personal data: an error is logged without its DETAIL (a unique
violation's names the value, here an e-mail address) and without its statement."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from netzwerkstatt.stack.processes import wait_until
from netzwerkstatt.testing.servers import PostgresServer

ADDRESS = "anna.musterfrau@jobcenter-leipzig.example"
REFUSAL = 'duplicate key value violates unique constraint "addresses_email_key"'


async def test_a_unique_violation_is_logged_without_the_value_or_the_statement(
    postgres_server: PostgresServer,
) -> None:
    connection = await asyncpg.connect(postgres_server.superuser_dsn)
    try:
        assert await connection.fetchval("SHOW log_error_verbosity") == "terse"
        assert await connection.fetchval("SHOW log_min_error_statement") == "panic"
        await connection.execute("CREATE TEMP TABLE addresses (email text UNIQUE)")
        await connection.execute("INSERT INTO addresses VALUES ($1)", ADDRESS)
        with pytest.raises(asyncpg.UniqueViolationError) as refused:
            await connection.execute(f"INSERT INTO addresses VALUES ('{ADDRESS}')")
    finally:
        await connection.close()
    assert ADDRESS in (refused.value.detail or ""), "the client is told; only the log must not hold it"

    if postgres_server.log_path is not None:  # the embedded server (a container's log is its output)
        log = await asyncio.to_thread(_logged_once_refused, postgres_server.log_path)
        assert ADDRESS not in log


def _logged_once_refused(log_path: Path) -> str:
    wait_until(lambda: REFUSAL in log_path.read_text(), 5, "the error in the server's log")
    return log_path.read_text()
