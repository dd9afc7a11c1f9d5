"""Fixtures of the group work tests: the registry's stream (so the events service starts without the
registry) and a client of the events service's subjects."""

from __future__ import annotations

from collections.abc import AsyncIterator

import nats
import pytest
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer

from tests.integration.events.events_helpers import EventsApi


@pytest.fixture(autouse=True)
async def registry_stream(nats_server: NatsServer) -> None:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        await declare_stream(connection.jetstream(), "registry")
    finally:
        await connection.close()


@pytest.fixture
async def api(events: ServiceRuntime, nats_server: NatsServer) -> AsyncIterator[EventsApi]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    yield EventsApi(events, connection)
    await connection.close()
