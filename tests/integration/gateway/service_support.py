"""The events and notifications services for the gateway's page tests, started once per module, and
the registry's part played by writing its facts into the events service's projection (as the
events service's own tests do), so a test arranges people and organisations in milliseconds."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import nats
import sqlalchemy as sa
from nats.aio.client import Client as NatsClient

from events_service.store.tables import invitations, registrations
from netzwerkstatt.outbox import declare_stream
from netzwerkstatt.service import ServiceRuntime
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import running, settings_for
from tests.integration.events.events_helpers import EventsApi, day, in_days, organisation, person, unique


@asynccontextmanager
async def admin_connection(nats_server: NatsServer) -> AsyncIterator[NatsClient]:
    """An admin NATS connection with the streams of the services the tests play or run."""
    admin = nats_server.admin
    connection = await nats.connect(nats_server.url, user=admin.user, password=admin.password)
    for service in ("registry", "events", "feedback"):
        await declare_stream(connection.jetstream(), service)
    try:
        yield connection
    finally:
        await connection.drain()


@asynccontextmanager
async def events_running(
    nats_server: NatsServer, postgres_server: PostgresServer, connection: NatsClient
) -> AsyncIterator[EventsApi]:
    from events_service.main import definition
    from events_service.settings import EventsSettings

    settings = settings_for(EventsSettings, nats_server, postgres_server)
    async with running(definition(settings)) as runtime:
        yield EventsApi(runtime, connection)


@asynccontextmanager
async def notifications_running(
    nats_server: NatsServer, postgres_server: PostgresServer, mail_dir: Path, public_url: str
) -> AsyncIterator[ServiceRuntime]:
    """Notifications with its local mail sink (as in the development setup): it delivers to the
    sink's SMTP port on loopback and staff read the received mails through ``mailsink.*``. The
    streams of the services it consumes are declared first: notifications starts only once they
    exist, and a test run alone may request no fixture that declares them (it waited for them
    until the test timed out in setup)."""
    from netzwerkstatt.stack.processes import free_port
    from notifications_service.main import definition
    from notifications_service.settings import NotificationsSettings

    settings = settings_for(
        NotificationsSettings,
        nats_server,
        postgres_server,
        public_url=public_url,
        mail_sink_dir=mail_dir,
        smtp_port=free_port(),
        delivery_poll_seconds=0.05,
        reminder_poll_seconds=0.5,
    )
    async with admin_connection(nats_server):
        pass
    async with running(definition(settings)) as runtime:
        yield runtime


async def member(api: EventsApi, organisation_id: uuid.UUID, **options: Any) -> uuid.UUID:
    """A fictional person with a membership in the organisation (in the events projection)."""
    return await person(api, organisation_id, **options)


async def event_with_places(api: EventsApi, capacity: int | None = None, **fields: Any) -> dict[str, Any]:
    """A published event in 30 days (draft → published)."""
    body: dict[str, Any] = {
        "title": unique("Regionalworkshop Halle"),
        "format": "regional_workshop",
        "days": [day(in_days(30))],
        "venue": {"name": "Stadthaus Halle", "address": "Marktplatz 2, 06108 Halle (Saale)"},
        "organiser": {"name": "IQ Netzwerk Sachsen-Anhalt", "email": "iq@example.org"},
        "capacity": capacity,
    } | fields
    created = await api.call("event.create", body)
    return await api.call("event.publish", {"event_id": created["id"]})  # type: ignore[no-any-return]


async def invitation_token(api: EventsApi, event_id: str, person_id: uuid.UUID) -> str:
    """A token of the invitation's link, issued as for the invitation e-mail."""
    query = sa.select(invitations.c.id).where(
        invitations.c.event_id == uuid.UUID(str(event_id)), invitations.c.person_id == person_id
    )
    async with api.runtime.database.read() as session:
        invitation_id = await session.scalar(query)
    assert invitation_id is not None
    return await api.link_token("invitation", invitation_id)


async def registration_token(api: EventsApi, event_id: str, person_id: uuid.UUID) -> str:
    """A token of the registration's link, issued as for the confirmation e-mail."""
    query = sa.select(registrations.c.id).where(
        registrations.c.event_id == uuid.UUID(str(event_id)), registrations.c.person_id == person_id
    )
    async with api.runtime.database.read() as session:
        registration_id = await session.scalar(query)
    assert registration_id is not None
    return await api.link_token("registration", registration_id)


__all__ = ["EventsApi", "day", "in_days", "organisation", "unique"]
