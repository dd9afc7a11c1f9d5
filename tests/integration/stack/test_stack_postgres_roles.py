"""Each service role can use its own schema and nothing else; init.sql may run again (real server)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import asyncpg
import pytest

from netzwerkstatt.stack.postgres import bootstrap_database
from netzwerkstatt.testing import PostgresServer


async def _connect(server: PostgresServer, service: str) -> asyncpg.Connection:
    return await asyncpg.connect(server.dsn(service, driver="postgresql"))


@pytest.fixture
async def events_table(postgres_server: PostgresServer) -> AsyncIterator[str]:
    """A table the events role created in its own schema."""
    connection = await _connect(postgres_server, "events")
    await connection.execute("CREATE TABLE IF NOT EXISTS events.role_probe (id integer PRIMARY KEY)")
    yield "events.role_probe"
    await connection.execute("DROP TABLE events.role_probe")
    await connection.close()


async def test_a_service_role_can_create_and_use_a_table_in_its_own_schema(
    postgres_server: PostgresServer,
) -> None:
    connection = await _connect(postgres_server, "registry")
    try:
        # Unqualified names land in the role's own schema (search_path).
        await connection.execute("CREATE TABLE own_probe (id integer PRIMARY KEY)")
        await connection.execute("INSERT INTO own_probe VALUES (1)")
        schema = await connection.fetchval(
            "SELECT table_schema FROM information_schema.tables WHERE table_name = 'own_probe'"
        )
        count = await connection.fetchval("SELECT count(*) FROM registry.own_probe")
        await connection.execute("DROP TABLE own_probe")
    finally:
        await connection.close()

    assert (schema, count) == ("registry", 1)


@pytest.mark.parametrize(
    "statement",
    ["SELECT * FROM events.role_probe", "INSERT INTO events.role_probe VALUES (1)"],
)
async def test_a_service_role_is_denied_another_services_schema(
    postgres_server: PostgresServer, events_table: str, statement: str
) -> None:
    connection = await _connect(postgres_server, "registry")
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied for schema events"):
            await connection.execute(statement)
    finally:
        await connection.close()


async def test_a_service_role_cannot_create_tables_in_the_public_schema(
    postgres_server: PostgresServer,
) -> None:
    connection = await _connect(postgres_server, "feedback")
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError, match="permission denied for schema public"):
            await connection.execute("CREATE TABLE public.stray (id integer)")
    finally:
        await connection.close()


async def test_a_service_role_cannot_connect_to_the_maintenance_database(
    postgres_server: PostgresServer,
) -> None:
    credentials = postgres_server.credentials("notifications")
    with pytest.raises(asyncpg.InsufficientPrivilegeError):
        await asyncpg.connect(
            host=postgres_server.host,
            port=postgres_server.port,
            user=credentials.user,
            password=credentials.password,
            database="postgres",
        )


async def test_a_service_role_with_a_wrong_password_is_refused(postgres_server: PostgresServer) -> None:
    with pytest.raises(asyncpg.InvalidPasswordError):
        await asyncpg.connect(
            host=postgres_server.host,
            port=postgres_server.port,
            user="registry",
            password="not-the-password",
            database=postgres_server.database_name,
        )


async def test_applying_init_sql_again_keeps_roles_schemas_and_data(
    postgres_server: PostgresServer, events_table: str, stack_passwords: dict[str, str]
) -> None:
    owner = await _connect(postgres_server, "events")
    await owner.execute("INSERT INTO events.role_probe VALUES (7) ON CONFLICT DO NOTHING")
    await owner.close()

    bootstrap_database(postgres_server.superuser_dsn, stack_passwords)

    owner = await _connect(postgres_server, "events")
    try:
        ids = await owner.fetch("SELECT id FROM events.role_probe")
    finally:
        await owner.close()
    assert [row["id"] for row in ids] == [7]
    intruder = await _connect(postgres_server, "registry")
    try:
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await intruder.fetch("SELECT id FROM events.role_probe")
    finally:
        await intruder.close()


def test_bootstrap_names_the_principal_whose_password_is_missing(postgres_server: PostgresServer) -> None:
    with pytest.raises(ValueError, match="gateway"):
        bootstrap_database(postgres_server.superuser_dsn, {"registry": "x"})
