"""Fixtures of the group work tests: the registry's stream (so the events service starts without the
registry) and a client of the events service's subjects."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import nats
import pytest

from gateway_service.app import create_app
from gateway_service.security.roles import Role
from gateway_service.settings import GatewaySettings
from gateway_service.testing import create_staff, migrate, sign_in
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import settings_for
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


@pytest.fixture
async def staff_browser(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway's staff UI with a browser-like client, signed in as a coordinator."""
    settings = settings_for(GatewaySettings, nats_server, postgres_server)
    await migrate(settings)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        email, password = await create_staff(app.state.database, Role.COORDINATOR)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1:8000") as client:
            assert (await sign_in(client, email, password)).status_code == 303
            yield client
