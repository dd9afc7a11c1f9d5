"""The gateway reads a session or token from its own database for every request. A database that
hangs (stopped, not gone: it takes connections and answers nothing) costs a request seconds and is
an outage (503 with Retry-After), not a wait as long as the hang."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any

import pytest
import sqlalchemy as sa

from gateway_service.database import DATABASE_LIMIT_SECONDS, GatewayDatabase
from gateway_service.settings import GatewaySettings
from netzwerkstatt.errors import Unavailable
from netzwerkstatt.testing.servers import PostgresServer


class FreezingProxy:
    """Passes bytes between a client and PostgreSQL until frozen; then holds every byte, as a
    stopped server would, while still taking new connections."""

    def __init__(self, host: str, port: int) -> None:
        self.target = (host, port)
        self.frozen = asyncio.Event()
        self.port = 0

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        while data := await reader.read(65536):
            if self.frozen.is_set():
                await asyncio.Event().wait()  # held for good
            writer.write(data)
            await writer.drain()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        upstream_reader, upstream_writer = await asyncio.open_connection(*self.target)
        await asyncio.gather(
            self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer), return_exceptions=True
        )

    @asynccontextmanager
    async def running(self) -> AsyncIterator[FreezingProxy]:
        server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        self.port = server.sockets[0].getsockname()[1]
        try:
            yield self
        finally:
            server.close()


async def select_one(database: GatewayDatabase) -> Any:
    async with database.transaction() as connection:
        return await connection.scalar(sa.text("SELECT 1"))


async def sleep_a_minute(database: GatewayDatabase) -> None:
    async with database.transaction() as connection:
        await connection.execute(sa.text("SELECT pg_sleep(60)"))


@pytest.mark.parametrize("when", ["idle", "in a statement"])
async def test_a_hanging_database_is_unavailable_within_seconds(
    gateway_settings: Callable[..., GatewaySettings], postgres_server: PostgresServer, when: str
) -> None:
    async with FreezingProxy(postgres_server.host, postgres_server.port).running() as proxy:
        url = postgres_server.dsn("gateway").replace(f":{postgres_server.port}/", f":{proxy.port}/")
        database = GatewayDatabase(gateway_settings(database_url=url))
        try:
            assert await select_one(database) == 1
            proxy.frozen.set()
            started = time.monotonic()

            with pytest.raises(Unavailable):
                await (select_one(database) if when == "idle" else sleep_a_minute(database))

            assert time.monotonic() - started < 4 * DATABASE_LIMIT_SECONDS
        finally:
            await asyncio.wait_for(database.dispose(), timeout=30)
