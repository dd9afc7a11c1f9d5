"""A probe consumer for testing the kernel's delivery guarantees: it runs as the notifications
service (its NATS user may consume the registry's stream), counts every application of an event in a
table of its own schema, and can be told to fail or to be slow for chosen organisation names."""

from __future__ import annotations

import asyncio
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa

from netzwerkstatt.contracts.registry import OrganisationCreated
from netzwerkstatt.db import Database, UnitOfWork
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers
from netzwerkstatt.logs import current_correlation_id
from netzwerkstatt.testing.servers import NatsServer, PostgresServer
from netzwerkstatt.testing.services import migrate, running, settings_for
from notifications_service.main import definition as notifications_definition
from notifications_service.settings import NotificationsSettings

EFFECTS_TABLE = """
CREATE TABLE IF NOT EXISTS probe_effects (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    consumer text NOT NULL,
    event_id uuid NOT NULL,
    organisation_name text NOT NULL
)"""


@dataclass
class Probe:
    """What the probe consumer saw; ``fail``/``slow`` decide its behaviour per organisation name."""

    consumer: str
    database: Database
    fail: Callable[[str], bool] = lambda name: False
    slow_first_time: Callable[[str], bool] = lambda name: False
    # An error to raise instead of applying (``None``: apply), e.g. a write that lost a race.
    error: Callable[[str], BaseException | None] = lambda name: None
    calls: Counter[str] = field(default_factory=Counter)
    batches: list[list[str]] = field(default_factory=list)  # a batch handler's calls, by name
    correlation_ids: dict[str, str | None] = field(default_factory=dict)

    async def effects(self, name: str) -> int:
        async with self.database.read() as session:
            count = await session.scalar(
                sa.text("SELECT count(*) FROM probe_effects WHERE consumer = :c AND organisation_name = :n"),
                {"c": self.consumer, "n": name},
            )
        return int(count or 0)


def probe_consumers(name: str, probe_ref: list[Probe], *, batch: bool = False) -> Consumers:
    """The probe as a handler of one event (``on``) or of a batch's events at once (``on_batch``)."""
    consumers = Consumers("notifications")

    async def apply(uow: UnitOfWork, event: Envelope[OrganisationCreated]) -> None:
        probe = probe_ref[0]
        org = event.data.name
        probe.calls[org] += 1
        probe.correlation_ids[org] = current_correlation_id()
        if probe.slow_first_time(org) and probe.calls[org] == 1:
            await asyncio.sleep(2.0)  # longer than the consumer's ack wait: the server redelivers
        if probe.fail(org):
            raise RuntimeError(f"probe refuses {org}")
        if (error := probe.error(org)) is not None:
            raise error
        await uow.session.execute(
            sa.text("INSERT INTO probe_effects (consumer, event_id, organisation_name) VALUES (:c, :e, :n)"),
            {"c": probe.consumer, "e": event.id, "n": org},
        )

    async def apply_batch(uow: UnitOfWork, events: Sequence[Envelope[OrganisationCreated]]) -> None:
        probe_ref[0].batches.append([event.data.name for event in events])
        for event in events:
            await apply(uow, event)

    if batch:
        consumers.on_batch(OrganisationCreated, name=name)(apply_batch)
    else:
        consumers.on(OrganisationCreated, name=name)(apply)
    return consumers


ProbeFactory = Callable[..., Any]


@pytest.fixture
def start_probe(nats_server: NatsServer, postgres_server: PostgresServer) -> ProbeFactory:
    """``async with start_probe(**settings) as probe:`` runs a fresh probe consumer (own durable)."""

    @asynccontextmanager
    async def start(*, batch: bool = False, **settings: Any) -> AsyncIterator[Probe]:
        consumer_name = f"probe-{uuid.uuid4().hex[:8]}"
        # A consumer of its own on the registry's stream, which the notifications login may not
        # have (it reads the registry's stream through its own named consumers only): the admin's.
        admin = nats_server.admin
        values = {
            "consumer_max_deliveries": 3,
            "nats_user": admin.user,
            "nats_password": admin.password,
            **settings,
        }
        definition = notifications_definition(
            settings_for(NotificationsSettings, nats_server, postgres_server, **values)
        )
        await migrate(definition)
        database = Database(definition.settings, definition.metadata)
        async with database.unit_of_work() as uow:
            await uow.session.execute(sa.text(EFFECTS_TABLE))
        probe = Probe(consumer=f"notifications-{consumer_name}", database=database)
        definition.consumers = probe_consumers(consumer_name, [probe], batch=batch)
        try:
            async with running(definition):
                yield probe
        finally:
            await database.dispose()

    return start
