"""Fixtures of the notifications integration tests: a real SMTP server on loopback (the mail sink),
the producers' streams, an admin JetStream connection to play the producers, and the service itself
(as many replicas as a test wants) pointed at the sink with short polling intervals."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

import nats
import pytest
from nats.aio.msg import Msg
from nats.js import JetStreamContext

from netzwerkstatt import subjects, topology
from netzwerkstatt.contracts.events import IssuedLink, IssuedLinks, IssueLinks, OrganiserAddress
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.principal import Principal
from netzwerkstatt.rpc import ok, parse_reply
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.stack.processes import free_port
from netzwerkstatt.testing import ADMIN_HEADERS
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for
from notifications_service.mailsink import MailSink
from notifications_service.main import definition
from notifications_service.settings import NotificationsSettings

# The helpers of this folder (notification_flows) are imported by name; pytest's importlib import
# mode does not put the folder on the import path.
if str(Path(__file__).parent) not in sys.path:
    sys.path.insert(0, str(Path(__file__).parent))

from notification_flows import ORGANISER_NAME, LinkIssuer, link_token

StartNotifications = Callable[..., AbstractAsyncContextManager[ServiceRuntime]]
Call = Callable[..., Awaitable[Any]]


@pytest.fixture
def mail_sink(tmp_path: Path) -> Iterator[MailSink]:
    with MailSink(store_dir=tmp_path / "mail", port=free_port()) as sink:
        yield sink


@pytest.fixture
async def producer(nats_server: NatsServer) -> AsyncIterator[JetStreamContext]:
    """JetStream as admin, with the streams of the services whose facts the tests publish."""
    admin = nats_server.admin
    client = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    js = client.jetstream()
    for service in ("registry", "events", "feedback"):
        await declare_stream(js, service)
    yield js
    await client.close()


@pytest.fixture
async def link_issuer(nats_server: NatsServer) -> AsyncIterator[LinkIssuer]:
    issuer = LinkIssuer()
    client = await nats_server.connect("events")

    async def answer(message: Msg) -> None:
        if not issuer.available:
            return  # no answer: the caller times out, as with the service down
        issuer.requests += 1
        request = IssueLinks.model_validate_json(message.data)
        links = [
            IssuedLink(kind=target.kind, id=target.id, token=link_token(target.kind, target.id))
            for target in request.targets
        ]
        organisers = [
            OrganiserAddress(event_id=event_id, name=ORGANISER_NAME, email=issuer.organiser_email)
            for event_id in request.organisers_of
        ]
        await message.respond(ok(IssuedLinks(links=links, organisers=organisers)))

    await client.subscribe(subjects.operation("events", "link.issue"), cb=answer)
    yield issuer
    await client.close()


@pytest.fixture
def start_notifications(
    nats_server: NatsServer,
    postgres_server: PostgresServer,
    mail_sink: MailSink,
    producer: JetStreamContext,
    link_issuer: LinkIssuer,
) -> StartNotifications:
    """``async with start_notifications(**settings) as runtime:`` runs one replica."""

    @asynccontextmanager
    async def start(**overrides: Any) -> AsyncIterator[ServiceRuntime]:
        values: dict[str, Any] = {
            "public_url": "https://netzwerkstatt.example.org",
            "smtp_port": mail_sink.port,
            "delivery_poll_seconds": 0.05,
            "delivery_retry_base_seconds": 0.1,
            "delivery_retry_max_seconds": 0.4,
            "reminder_poll_seconds": 0.1,
            "link_call_timeout_seconds": 0.5,
            **overrides,
        }
        settings = settings_for(NotificationsSettings, nats_server, postgres_server, **values)
        async with running(definition(settings)) as runtime:
            yield runtime

    return start


@pytest.fixture
async def service(start_notifications: StartNotifications) -> AsyncIterator[ServiceRuntime]:
    async with start_notifications() as runtime:
        yield runtime


@pytest.fixture
async def call(nats_server: NatsServer) -> AsyncIterator[Call]:
    """``await call("template.list", {...}, ResponseType)``: a request as the gateway or the feedback
    service sends it; returns the typed data or raises the typed error."""
    gateway = await nats_server.connect("gateway")
    feedback = await nats_server.connect("feedback")

    async def request(
        operation: str, body: dict[str, Any], response: Any, *, principal: Principal | None = None
    ) -> Any:
        subject = subjects.operation("notifications", operation)
        # Each operation with the NATS user that may send it (the gateway's: an admin unless given).
        if subject in topology.callable_subjects("gateway"):
            client, headers = gateway, principal.headers() if principal else ADMIN_HEADERS
        else:
            client, headers = feedback, Principal.of_service("feedback").headers()
        reply = await client.request(
            subject, json.dumps(body, default=str).encode(), timeout=5, headers=headers
        )
        return parse_reply(reply.data, response)

    yield request
    await gateway.close()
    await feedback.close()
