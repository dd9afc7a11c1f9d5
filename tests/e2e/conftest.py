"""Services and the gateway running against the session's real NATS and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from events_service.main import definition as events_definition
from events_service.settings import EventsSettings
from gateway_service.app import create_app
from gateway_service.settings import GatewaySettings
from registry_service.main import definition as registry_definition
from registry_service.settings import RegistrySettings

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for


@pytest.fixture
async def registry(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[ServiceRuntime]:
    async with running(
        registry_definition(settings_for(RegistrySettings, nats_server, postgres_server))
    ) as rt:
        yield rt


@pytest.fixture
async def events(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[ServiceRuntime]:
    async with running(events_definition(settings_for(EventsSettings, nats_server, postgres_server))) as rt:
        yield rt


@pytest.fixture
async def gateway(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings_for(GatewaySettings, nats_server, postgres_server))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://gateway") as client:
            yield client
