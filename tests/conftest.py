"""Fixtures every test can use: the session's real NATS and PostgreSQL (netzwerkstatt.testing),
and each service running in the test's event loop against them, plus the gateway as an HTTP client.
Service packages are imported inside the fixtures, so a test only loads the services it uses."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest

from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for

pytest_plugins = ["netzwerkstatt.testing.fixtures"]

# The longest modules, longest first: with the suite spread over workers a module at a time (`make
# test`), they start at once and the short ones fill the other workers around them.
LONGEST_FIRST = (
    "tests/faults/test_fault_matrix.py",
    "tests/integration/gateway/test_gateway_schemathesis_run.py",
    "tests/deploy/containers/test_compose_for_real.py",
)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Order: the longest modules, then the other modules with slow tests, then the rest (stable)."""
    slow_modules = {item.path for item in items if item.get_closest_marker("slow") is not None}

    def rank(item: pytest.Item) -> int:
        path = item.path.relative_to(config.rootpath).as_posix()
        if path in LONGEST_FIRST:
            return LONGEST_FIRST.index(path)
        return len(LONGEST_FIRST) + (0 if item.path in slow_modules else 1)

    items.sort(key=rank)


@pytest.fixture
async def registry(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[ServiceRuntime]:
    from registry_service.main import definition as registry_definition
    from registry_service.settings import RegistrySettings

    settings = settings_for(RegistrySettings, nats_server, postgres_server)
    async with running(registry_definition(settings)) as runtime:
        yield runtime


@pytest.fixture
async def events(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[ServiceRuntime]:
    from events_service.main import definition as events_definition
    from events_service.settings import EventsSettings

    settings = settings_for(EventsSettings, nats_server, postgres_server)
    async with running(events_definition(settings)) as runtime:
        yield runtime


@pytest.fixture
async def feedback(nats_server: NatsServer, postgres_server: PostgresServer) -> AsyncIterator[ServiceRuntime]:
    from feedback_service.main import definition as feedback_definition
    from feedback_service.settings import FeedbackSettings

    settings = settings_for(FeedbackSettings, nats_server, postgres_server)
    async with running(feedback_definition(settings)) as runtime:
        yield runtime


@pytest.fixture
async def notifications(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[ServiceRuntime]:
    from notifications_service.main import definition as notifications_definition
    from notifications_service.settings import NotificationsSettings

    settings = settings_for(NotificationsSettings, nats_server, postgres_server)
    async with running(notifications_definition(settings)) as runtime:
        yield runtime


@pytest.fixture
async def gateway(
    nats_server: NatsServer, postgres_server: PostgresServer
) -> AsyncIterator[httpx.AsyncClient]:
    """The gateway's HTTP API in-process (lifespan included), signed in with an admin API token;
    start the services a test needs too."""
    import asyncio
    import uuid

    from gateway_service.app import create_app
    from gateway_service.main import MIGRATIONS
    from gateway_service.security.accounts import issue_api_token
    from gateway_service.security.roles import Role
    from gateway_service.settings import GatewaySettings
    from netzwerkstatt.migrations import upgrade

    settings = settings_for(GatewaySettings, nats_server, postgres_server)
    # Alembic is blocking and idempotent at head: a no-op after the session's first gateway.
    await asyncio.to_thread(upgrade, settings, MIGRATIONS)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        _, token = await issue_api_token(app.state.database, f"tests-{uuid.uuid4().hex[:8]}", Role.ADMIN)
        transport = httpx.ASGITransport(app=app)
        headers = {"Authorization": f"Bearer {token}"}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://gateway", headers=headers
        ) as client:
            yield client
