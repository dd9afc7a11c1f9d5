"""A service stops cleanly whatever its connections are doing: an operator stopping it during a NATS
or database outage gets a stopped service within seconds, not an error."""

from __future__ import annotations

import asyncio
import time

from sqlalchemy.pool import QueuePool

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import eventually, migrate, settings_for

STOP_SECONDS = 5.0


async def test_a_service_stops_within_seconds_while_nats_is_down(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    runtime = await started_registry(nats_server, postgres_server)
    nats_server.stop()
    try:
        await eventually(lambda: _true(not runtime.broker.connection.is_connected), timeout=10)
        await stopped_in_time(runtime)
    finally:
        nats_server.start()
    pool = runtime.database.engine.pool
    assert isinstance(pool, QueuePool)
    assert pool.checkedout() == 0, "the database connections are given back"


async def test_a_service_stops_within_seconds_while_its_database_is_down(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> None:
    runtime = await started_registry(nats_server, postgres_server)
    postgres_server.stop_immediately()
    try:
        await asyncio.sleep(1.5)  # the loops meet the outage: the relay, the consumers, the health
        await stopped_in_time(runtime)
    finally:
        postgres_server.start()


async def started_registry(nats_server: NatsServer, postgres_server: PostgresServer) -> ServiceRuntime:
    from registry_service.main import definition
    from registry_service.settings import RegistrySettings

    service = definition(settings_for(RegistrySettings, nats_server, postgres_server))
    await migrate(service)
    runtime = ServiceRuntime(service)
    await runtime.start()
    return runtime


async def stopped_in_time(runtime: ServiceRuntime) -> None:
    started = time.monotonic()
    await asyncio.wait_for(runtime.stop(), timeout=30)
    assert time.monotonic() - started < STOP_SECONDS


async def _true(value: bool) -> bool:
    return value
