"""The feedback service against the session's real NATS and PostgreSQL, with the tools its tests
need: an admin NATS connection that publishes the events service's facts, a stand-in for the
notifications operation that sends survey links, and calls of the service's operations."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import nats
import pytest
from nats.aio.client import Client as NatsClient

from feedback_service.main import definition
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running

# Test modules are imported by path: make the helper module next to this file importable.
sys.path.insert(0, str(Path(__file__).parent))

from feedback_support import SEND_SUBJECT, Feedback, NotificationsStub, feedback_settings


@pytest.fixture
async def admin_nats(nats_server: NatsServer) -> AsyncIterator[NatsClient]:
    """Admin connection; declares the streams of the services whose events feedback consumes."""
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    js = connection.jetstream()
    await declare_stream(js, "events")
    await declare_stream(js, "registry")
    await declare_stream(js, "feedback")
    yield connection
    await connection.drain()


@pytest.fixture
async def notifications_stub(admin_nats: NatsClient) -> AsyncIterator[NotificationsStub]:
    stub = NotificationsStub()
    subscription = await admin_nats.subscribe(SEND_SUBJECT, queue="notifications", cb=stub.handle)
    yield stub
    await subscription.unsubscribe()


@pytest.fixture
async def feedback_svc(
    nats_server: NatsServer, postgres_server: PostgresServer, admin_nats: NatsClient
) -> AsyncIterator[ServiceRuntime]:
    """The feedback service with its background jobs off: tests run each job when they mean to.
    Starts after ``admin_nats`` declared the streams it consumes."""
    async with running(definition(feedback_settings(nats_server, postgres_server))) as runtime:
        yield runtime


@pytest.fixture
def feedback(feedback_svc: ServiceRuntime, admin_nats: NatsClient) -> Feedback:
    return Feedback(feedback_svc, admin_nats)
