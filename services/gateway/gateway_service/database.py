"""The gateway's connection to its own schema (staff accounts and security counters only)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import sqlalchemy as sa
from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from gateway_service.settings import GatewaySettings
from netzwerkstatt.db import PING_AFTER_IDLE_SECONDS, ping_when_idle
from netzwerkstatt.errors import Unavailable
from netzwerkstatt.outage import is_connection_failure, is_resource_shortage

# Connecting, one statement, waiting for a pooled connection: the gateway's own statements are small.
DATABASE_LIMIT_SECONDS = 5.0


class GatewayDatabase:
    def __init__(self, settings: GatewaySettings) -> None:
        self.engine: AsyncEngine = create_async_engine(
            settings.database_url.get_secret_value(),
            pool_size=min(settings.database_pool_size, 10),
            hide_parameters=True,
            connect_args={
                "server_settings": {
                    "search_path": settings.database_schema,
                    "application_name": settings.database_schema,
                },
                # Every request reads a session or token here: a database that hangs (rather than
                # refusing) must cost a request seconds and an answer of 503, not its whole wait.
                "timeout": DATABASE_LIMIT_SECONDS,
                "command_timeout": DATABASE_LIMIT_SECONDS,
            },
            pool_timeout=DATABASE_LIMIT_SECONDS,
        )
        # Not before every transaction: a ping is three round trips, and every request has one.
        ping_when_idle(self.engine, PING_AFTER_IDLE_SECONDS)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncConnection]:
        """One transaction: committed when the block ends normally, rolled back otherwise. An
        unreachable database, or one short of disk, memory or connections, is ``Unavailable`` (503
        with Retry-After), never a bare 500."""
        with _outage_unavailable():
            async with self.engine.begin() as connection:
                yield connection

    @asynccontextmanager
    async def autocommit(self) -> AsyncIterator[AsyncConnection]:
        """A connection on which each statement commits by itself: one round trip instead of three
        (``BEGIN``, the statement, ``COMMIT``), for a lookup every request makes. Outages as above."""
        with _outage_unavailable():
            async with self.engine.connect() as connection:
                yield await connection.execution_options(isolation_level="AUTOCOMMIT")

    async def is_reachable(self) -> bool:
        try:
            async with self.engine.connect() as connection:
                await connection.execute(sa.text("SELECT 1"))
        except Exception:
            return False
        return True

    async def dispose(self) -> None:
        await self.engine.dispose()


@contextmanager
def _outage_unavailable() -> Iterator[None]:
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        raise Unavailable("the gateway's database is not reachable") from error
    except Exception as error:
        # The one rule for outages (a database starting up answers "cannot connect now", which
        # SQLAlchemy hands on as a plain DBAPIError).
        if is_connection_failure(error):
            raise Unavailable("the gateway's database is not reachable") from error
        # Out of disk, memory or connections: PostgreSQL answers but refuses the work until
        # the operator makes room, which the caller may wait out as any outage.
        if is_resource_shortage(error):
            raise Unavailable("the gateway's database cannot take this just now") from error
        raise
