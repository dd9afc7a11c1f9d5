"""Fixtures of the events service's integration tests: the registry's stream (declared here, so these
tests do not need the registry running) and a publisher of registry facts."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest

# Test modules are imported by path; make the helper module next to them importable by name.
sys.path.insert(0, str(Path(__file__).parent))

from events_helpers import EventsApi, RegistryFacts

from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer


@pytest.fixture(autouse=True)
async def registry_stream(nats_server: NatsServer) -> None:
    """The events service waits for the registry's stream; declare it as the registry would."""
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    try:
        await declare_stream(connection.jetstream(), "registry")
    finally:
        await connection.close()


@pytest.fixture
async def registry_facts(nats_server: NatsServer) -> AsyncIterator[RegistryFacts]:
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    yield RegistryFacts(connection)
    await connection.close()


@pytest.fixture
async def api(events: ServiceRuntime, nats_server: NatsServer) -> AsyncIterator[EventsApi]:
    """The events service with a client that calls its subjects as the gateway would."""
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    yield EventsApi(events, connection)
    await connection.close()
