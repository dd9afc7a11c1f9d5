"""Each NATS user may publish what the topology allows and nothing else (real server)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import nats
import pytest
from nats.aio.client import Client
from nats.aio.msg import Msg
from nats.errors import Error as NatsError

from netzwerkstatt.testing import NatsServer


async def _connect(server: NatsServer, user: str, errors: list[Exception] | None = None) -> Client:
    async def remember(error: Exception) -> None:
        if errors is not None:
            errors.append(error)

    return await server.connect(user, error_cb=remember)


@pytest.fixture
async def admin_inbox(nats_server: NatsServer) -> AsyncIterator[list[Msg]]:
    """Everything published on any event subject, as the admin sees it."""
    received: list[Msg] = []

    async def collect(message: Msg) -> None:
        received.append(message)

    admin = await _connect(nats_server, "admin")
    await admin.subscribe("*.evt.>", cb=collect)
    await admin.flush()
    yield received
    await admin.close()


async def _publish(server: NatsServer, user: str, subject: str) -> list[Exception]:
    errors: list[Exception] = []
    client = await _connect(server, user, errors)
    await client.publish(subject, b"{}")
    await client.flush()
    await asyncio.sleep(0.2)  # a violation comes back asynchronously as -ERR
    await client.close()
    return errors


async def test_a_service_can_publish_on_its_own_event_subjects(
    nats_server: NatsServer, admin_inbox: list[Msg]
) -> None:
    errors = await _publish(nats_server, "registry", "registry.evt.organisation.created")

    assert errors == []
    assert [message.subject for message in admin_inbox] == ["registry.evt.organisation.created"]


async def test_a_service_cannot_publish_on_another_services_event_subjects(
    nats_server: NatsServer, admin_inbox: list[Msg]
) -> None:
    errors = await _publish(nats_server, "registry", "events.evt.registration.confirmed")

    assert any("permissions violation" in str(error).lower() for error in errors), errors
    assert admin_inbox == []


async def test_the_gateway_cannot_publish_events(nats_server: NatsServer, admin_inbox: list[Msg]) -> None:
    errors = await _publish(nats_server, "gateway", "registry.evt.person.updated")

    assert any("permissions violation" in str(error).lower() for error in errors), errors
    assert admin_inbox == []


async def test_the_gateway_can_send_requests_that_a_service_answers(nats_server: NatsServer) -> None:
    registry = await _connect(nats_server, "registry")

    async def answer(message: Msg) -> None:
        await message.respond(b'{"ok": true}')

    await registry.subscribe("registry.health", queue="registry", cb=answer)
    await registry.flush()
    gateway = await _connect(nats_server, "gateway")
    try:
        reply = await gateway.request("registry.health", b"{}", timeout=2)
    finally:
        await gateway.close()
        await registry.close()

    assert reply.data == b'{"ok": true}'


async def test_a_connection_with_a_wrong_password_is_refused(nats_server: NatsServer) -> None:
    with pytest.raises(NatsError):
        await nats.connect(
            nats_server.url,
            user="registry",
            password="not-the-password",
            allow_reconnect=False,
            connect_timeout=2,
        )
