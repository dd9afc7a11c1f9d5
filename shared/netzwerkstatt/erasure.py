"""Erasure on the bus: when the registry announces ``registry.evt.person.erased``, every service
removes the person from what it published, not only from its tables.

Approach: events keep ids (and, where a consumer needs them, names) as before; on erasure each
service, as the owner of its stream and its outbox, deletes

- every message of its own stream whose payload mentions the person's id (name and e-mail only
  ever travel together with the id),
- every published outbox row and every dead letter that mentions the id.

Only the owner may delete from its stream (``$JS.API.STREAM.MSG.DELETE.<own stream>``), so the
purge is one kernel consumer per service (``<service>-bus-erasure``), run by ``ServiceRuntime``.
The one message kept is the announcement itself (``registry.evt.person.erased``): it holds nothing but
the id and the time, and it is the erasure record every consumer needs to see, also one that was
away when the person was erased. Why not per-person subjects or per-person keys: see the kernel
section "Personal data on the bus" in the project README.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import nats.errors
import sqlalchemy as sa
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from netzwerkstatt import subjects, topology
from netzwerkstatt.contracts.registry import PersonErased
from netzwerkstatt.db import DEAD_LETTERS, INBOX, OUTBOX, Database, UnitOfWork
from netzwerkstatt.envelope import Envelope
from netzwerkstatt.inbox import Consumers, Pending
from netzwerkstatt.logs import get_logger

log = get_logger(__name__)

CONSUMER_NAME = topology.ERASURE_CONSUMER
SCAN_BATCH = 256
SCAN_TIMEOUT = 2.0
# The announcement stays: it is the erasure record on the bus (see the module doc).
KEPT_SUBJECTS = frozenset({PersonErased.subject()})


@dataclass(frozen=True)
class BusErasure:
    stream_messages: int
    outbox_rows: int
    dead_letters: int


class StillUnpublished(Pending):
    """An outbox row naming the person is not in the stream yet: try again once it is."""


class OwnErasureFirst(Pending):
    """The service's own handlers of the erasure have not run yet: the bus follows them."""


async def require_own_erasure(
    uow: UnitOfWork, database: Database, event_id: uuid.UUID, own_consumers: Sequence[str]
) -> None:
    """The service's own handlers of the erasure recorded the event in the inbox. They may have
    waited for work about the person that was under way (a batch of mails being sent), whose facts
    name them: the bus is cleared after that work, not before it."""
    if not own_consumers:
        return
    inbox = database.table(INBOX)
    handled = await uow.session.scalar(
        sa.select(sa.func.count())
        .select_from(inbox)
        .where(inbox.c.event_id == event_id, inbox.c.consumer.in_(own_consumers))
    )
    if (handled or 0) < len(own_consumers):
        raise OwnErasureFirst("the service's own handling of the erasure has not run yet")


async def forget_on_bus(
    uow: UnitOfWork, database: Database, js: JetStreamContext, service: str, person_id: uuid.UUID
) -> BusErasure:
    """Remove the person's id from the service's stream, outbox and dead letters. Raises
    ``StillUnpublished`` (the inbox runs it again shortly) while an outbox row naming them waits."""
    needle = str(person_id)
    outbox = database.table(OUTBOX)
    dead = database.table(DEAD_LETTERS)
    mentions = sa.cast(outbox.c.envelope, sa.Text).contains(needle)
    waiting = await uow.session.scalar(
        sa.select(sa.func.count()).select_from(outbox).where(outbox.c.published_at.is_(None), mentions)
    )
    if waiting:
        raise StillUnpublished(f"{waiting} event(s) about the person are not published yet")
    removed = await purge_stream(js, service, needle.encode())
    rows = await uow.session.execute(outbox.delete().where(outbox.c.published_at.is_not(None), mentions))
    in_body = sa.text("position(CAST(:needle AS bytea) IN body) > 0").bindparams(needle=needle.encode())
    letters = await uow.session.execute(dead.delete().where(in_body))
    result = BusErasure(
        stream_messages=removed,
        outbox_rows=int(getattr(rows, "rowcount", 0) or 0),
        dead_letters=int(getattr(letters, "rowcount", 0) or 0),
    )
    log.info(
        "erased person removed from the bus",
        stream_messages=result.stream_messages,
        outbox_rows=result.outbox_rows,
        dead_letters=result.dead_letters,
    )
    return result


async def purge_stream(js: JetStreamContext, service: str, needle: bytes) -> int:
    """Delete every message of the service's stream whose body contains ``needle`` (except the
    kept subjects). Reads the whole stream once through a short-lived consumer of its own."""
    stream = subjects.stream(service)
    name = f"{service}-erasure-scan-{uuid.uuid4().hex[:12]}"
    subscription = await js.pull_subscribe(
        subjects.events_of(service),
        durable=name,
        stream=stream,
        config=ConsumerConfig(
            deliver_policy=DeliverPolicy.ALL,
            ack_policy=AckPolicy.NONE,
            inactive_threshold=30.0,
            mem_storage=True,
        ),
    )
    removed = 0
    try:
        while True:
            try:
                batch = await subscription.fetch(SCAN_BATCH, timeout=SCAN_TIMEOUT)
            except (TimeoutError, nats.errors.TimeoutError):
                break
            for message in batch:
                if message.subject in KEPT_SUBJECTS or needle not in message.data:
                    continue
                await js.delete_msg(stream, message.metadata.sequence.stream)
                removed += 1
            if batch and batch[-1].metadata.num_pending == 0:
                break
    finally:
        await subscription.unsubscribe()
        try:
            await js.delete_consumer(stream, name)
        except Exception as error:  # it expires on its own (inactive_threshold)
            log.info("erasure scan consumer left to expire", error=repr(error))
    return removed


def bus_erasure_consumers(
    service: str,
    database: Callable[[], Database],
    js: Callable[[], JetStreamContext],
    own_consumers: Sequence[str] = (),
) -> Consumers:
    """The kernel consumer every service runs (``<service>-bus-erasure``); ``database`` and ``js``
    give the running service's objects, ``own_consumers`` name the service's own consumers of the
    erasure, which run first."""
    consumers = Consumers(service)

    @consumers.on(PersonErased, name=CONSUMER_NAME)
    async def forget(uow: UnitOfWork, event: Envelope[PersonErased]) -> None:
        """Remove the erased person from the service's stream, outbox and dead letters (after its own)."""
        await require_own_erasure(uow, database(), event.id, own_consumers)
        await forget_on_bus(uow, database(), js(), service, event.data.person_id)

    return consumers
