"""Running services in the test's own event loop, against the session's real servers."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from netzwerkstatt.db import Database
from netzwerkstatt.migrations import upgrade
from netzwerkstatt.service import ServiceDefinition, ServiceRuntime
from netzwerkstatt.settings import ServiceSettings
from netzwerkstatt.testing.servers import NatsServer, PostgresServer

S = TypeVar("S", bound=ServiceSettings)


def settings_for(settings_type: type[S], nats: NatsServer, postgres: PostgresServer, **overrides: Any) -> S:
    """A service's settings pointing at the session's servers with the service's own credentials."""
    name = settings_type.service_name
    values: dict[str, Any] = {
        "environment": "test",
        "nats_url": nats.url,
        "nats_user": name,
        "nats_password": nats.credentials(name).password,
        "database_url": postgres.dsn(name),
        "relay_poll_seconds": 0.2,
        "consumer_retry_base_seconds": 0.05,
    }
    values.update(overrides)
    return settings_type(**values)


# Services migrated in this session, per database server: a test may bring servers of its own.
_migrated: set[tuple[str, str]] = set()


async def migrate(definition: ServiceDefinition) -> None:
    """Apply the service's migrations once per test session and database server (Alembic is
    blocking: use a thread)."""
    url = make_url(definition.settings.database_url.get_secret_value())
    key = (definition.name, f"{url.host}:{url.port}/{url.database}")
    if key not in _migrated:
        await asyncio.to_thread(upgrade, definition.settings, definition.migrations)
        _migrated.add(key)


@asynccontextmanager
async def running(definition: ServiceDefinition) -> AsyncIterator[ServiceRuntime]:
    """A started service: migrated, connected, consuming, relaying; stopped afterwards."""
    await migrate(definition)
    runtime = ServiceRuntime(definition)
    await runtime.start()
    try:
        yield runtime
    finally:
        await runtime.stop()


async def eventually(
    check: Callable[[], Awaitable[Any]], *, timeout: float = 30.0, interval: float = 0.05
) -> Any:
    """Poll ``check`` until it returns a truthy value; fail with its last result after ``timeout``.

    The default allows for a service started late in a worker's session: its durable consumers
    first work through what the session's earlier modules published meanwhile, which on two busy
    cores took over 10 s (the check returns as soon as it holds, so passing tests lose nothing)."""
    deadline = asyncio.get_running_loop().time() + timeout
    result: Any = None
    while asyncio.get_running_loop().time() < deadline:
        result = await check()
        if result:
            return result
        await asyncio.sleep(interval)
    raise AssertionError(f"condition not met within {timeout} s; last result: {result!r}")


async def every_row_as_text(database: Database) -> str:
    """The data of every table of the service's schema, one row per line: for tests that look for
    a value anywhere the service keeps data (a token, a person's name)."""
    async with database.read() as session:
        names = (
            await session.scalars(
                sa.text(
                    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                )
            )
        ).all()
        rows: list[str] = []
        for name in names:
            rows += [repr(tuple(row)) for row in await session.execute(sa.text(f'SELECT * FROM "{name}"'))]
    return "\n".join(rows)
