"""Fixtures of the group work tests: the registry's stream (so the events service starts without the
registry) and a client of the events service's subjects."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import httpx
import nats
import pytest
from fastapi import FastAPI

from gateway_service.app import create_app
from gateway_service.settings import GatewaySettings
from gateway_service.testing import migrate
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for
from tests.integration.events.events_helpers import EventsApi, network
from tests.integration.groupwork.groupwork_helpers import coordinator_of


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


@pytest.fixture
async def planning_network(api: EventsApi) -> uuid.UUID:
    """The network whose events the signed-in coordinator plans group work for."""
    return await network(api, [], ["14713", "14729", "14730"])


@pytest.fixture(scope="module")
async def gateway_app(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[FastAPI]:
    """One per module, as in tests/integration/gateway: a new app builds its routes again."""
    settings = settings_for(GatewaySettings, nats_server, postgres_server)
    await migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def staff_browser(
    gateway_app: FastAPI, planning_network: uuid.UUID
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway's staff UI with a browser-like client, signed in as the planning network's
    coordinator."""
    async with coordinator_of(gateway_app, [planning_network]) as client:
        yield client
