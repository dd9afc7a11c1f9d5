"""The one inbox: durable JetStream consumers that apply each event exactly once in effect.

- Each handler has its own durable pull consumer (``<service>-<name>``), shared by all replicas.
  Its loop long-polls JetStream and gets whatever is there, up to a batch: one event when the
  system is quiet (no added latency), many under load.
- The event id is recorded in the ``inbox`` table in the same transaction as the handler's changes;
  a redelivered or re-published event finds its id there and changes nothing. A batch is applied in
  stream order in one transaction; if any event of it fails, the batch is rolled back and each
  event is handled on its own, so one bad event never holds up or fails the others.
- A message is acknowledged only after that transaction committed. A failing handler's message is
  negatively acknowledged with a growing delay and tried again; after the last allowed delivery it is
  kept in ``dead_letters`` (listed and replayed through ``<service>.deadletter.*``) and acknowledged,
  so the messages behind it keep flowing. A message that cannot be parsed is dead-lettered at once.
- A handler whose write lost a race with another transaction (a unique key both took, a deadlock)
  is run again at once, a few times, before that counts as its failure.
- An unreachable database is not the message's fault: the consumer keeps the messages in hand
  (telling JetStream it is still working on them, so they are not redelivered), waits until the
  database answers again, however long that takes, and applies them then. No delivery is spent and
  nothing is dead-lettered for an outage. A database that answers but refuses the work for want of
  disk, memory or connections (SQLSTATE class 53) is such an outage too: the messages are held the
  same way and tried again after a growing pause (up to ``OUTAGE_MAX_WAIT_SECONDS``) until it takes
  them. Only memory is waited for a while, not for good: an event whose work the database refuses
  for want of memory longer than ``consumer_out_of_memory_wait_seconds`` may be asking for more than
  the server has, so that counts as its failure (redelivered later, at last dead-lettered), and a
  batch refused for memory is handled event by event at once. A dead letter is written in a
  transaction of its own, only once the database takes it; until then its message stays
  unacknowledged.
- Each consumer's pull loop is a supervised ``BackgroundLoop`` (``<service>-<name>``): it never
  ends on an error and reports its liveness to the service's health.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

import nats.errors
import sqlalchemy as sa
import sqlalchemy.exc
from faststream.nats import JStream, NatsRouter, PullSub
from nats.aio.msg import Msg
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlalchemy.dialects.postgresql import ARRAY, insert

from netzwerkstatt import metrics, subjects
from netzwerkstatt.db import DEAD_LETTERS, INBOX, Database, UnitOfWork, utcnow
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.errors import NotFound, RuleViolation, problems_text
from netzwerkstatt.logs import correlation, get_logger
from netzwerkstatt.loops import BackgroundLoop, Loops, cancellable
from netzwerkstatt.outage import (
    is_concurrent_write,
    is_connection_failure,
    is_out_of_memory,
    resource_shortage,
)
from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)

BATCH_SIZE = 64
STOP_SECONDS = 10.0
POLL_SECONDS = 5.0  # long poll: a fetch returns as soon as one event is there
OUTAGE_MIN_WAIT_SECONDS = 0.25
OUTAGE_MAX_WAIT_SECONDS = 5.0
# An error that looks like a lost connection while the database answers a probe: retried at once
# this many times in a row, then treated as the handler's failure (so it can never spin forever).
RECONNECT_RETRIES = 10
# A write that lost a race with another transaction (a unique key both took, a deadlock): run again
# at once this many times in a row, then treated as the handler's failure.
RACE_RETRIES = 5

E = TypeVar("E", bound=DomainEvent)
EventHandler = Callable[[UnitOfWork, Envelope[E]], Awaitable[None]]
# A handler of a high-volume fact may take a batch's new events at once, in stream order, so that it
# writes them with a statement per kind instead of statements per event (``Consumers.on_batch``).
EventBatchHandler = Callable[[UnitOfWork, Sequence[Envelope[E]]], Awaitable[None]]


class PoisonMessage(Exception):
    """The message can never be handled (not an envelope of the expected type)."""


class Pending(Exception):
    """What the handler needs is under way elsewhere and will be there soon (an outbox row being
    published, the service's own handler of the same event): the inbox runs it again after a pause,
    for up to ``PENDING_WAIT_SECONDS``, without spending a delivery."""


PENDING_WAIT_SECONDS = 60.0


@dataclass(frozen=True)
class Handler(Generic[E]):
    consumer: str
    event: type[E]
    apply: EventHandler[E] | EventBatchHandler[E]
    batch: bool = False
    """``apply`` takes the list of a batch's new events (``on_batch``), not one event (``on``)."""

    @functools.cached_property
    def envelope(self) -> type[Envelope[E]]:
        # Parametrised once: looking ``Envelope[event]`` up costs about as much as validating one.
        return Envelope[self.event]  # type: ignore[name-defined]

    def parse(self, body: bytes) -> Envelope[E]:
        try:
            envelope = self.envelope.model_validate_json(body)
        except ValidationError as error:
            raise PoisonMessage(
                f"not a valid {self.event.__name__} envelope: {problems_text(error)}"
            ) from error
        # The payload fits, but the envelope must also say it is this fact in this schema version
        # from its producer: another version of it is read by other rules, and no other fact or
        # sender is taken for this one.
        if (envelope.type, envelope.schemaversion, envelope.source) != self._identity:
            raise PoisonMessage(
                f"not a {self.event.__name__} envelope: type {envelope.type!r}, schemaversion "
                f"{envelope.schemaversion}, source {envelope.source!r}; expected {self._identity}"
            )
        return envelope

    @functools.cached_property
    def _identity(self) -> tuple[str, int, str]:
        return (self.event.event_type(), self.event.schema_version, self.event.event_source())


class Consumers:
    """The events one service reacts to. Use as a decorator:

    ``@consumers.on(OrganisationCreated, name="organisation-projection")`` on
    ``async def project(uow: UnitOfWork, event: Envelope[OrganisationCreated]) -> None``.
    Registration only records the handler; each running service builds its own router from it.
    """

    def __init__(self, service: str) -> None:
        self.service = service
        self.handlers: dict[str, Handler[Any]] = {}

    def on(self, event: type[E], *, name: str) -> Callable[[EventHandler[E]], EventHandler[E]]:
        consumer = self._consumer(name)

        def register(apply: EventHandler[E]) -> EventHandler[E]:
            self.handlers[consumer] = Handler(consumer=consumer, event=event, apply=apply)
            return apply

        return register

    def on_batch(
        self, event: type[E], *, name: str
    ) -> Callable[[EventBatchHandler[E]], EventBatchHandler[E]]:
        """Like ``on`` for a handler that takes the new events of a batch at once, in stream order
        (one or more; a batch that fails is applied again one event at a time, as a list of one)."""
        consumer = self._consumer(name)

        def register(apply: EventBatchHandler[E]) -> EventBatchHandler[E]:
            self.handlers[consumer] = Handler(consumer=consumer, event=event, apply=apply, batch=True)
            return apply

        return register

    def _consumer(self, name: str) -> str:
        consumer = subjects.durable(self.service, name)
        if consumer in self.handlers:
            raise ValueError(f"consumer {consumer} is registered twice")
        return consumer

    def documentation(self) -> NatsRouter:
        """FastStream subscribers describing the consumed subjects for the AsyncAPI document. They
        are never started: the inbox's own pull loops (``EventConsumers``) consume the events."""
        router = NatsRouter()
        for handler in self.handlers.values():
            router.subscriber(
                handler.event.subject(),
                stream=JStream(subjects.stream(handler.event.event_service), declare=False),
                durable=handler.consumer,
                pull_sub=PullSub(batch_size=BATCH_SIZE),
                title=f"{handler.consumer}:{handler.event.subject()}",
                description=inspect_doc(handler.apply),
            )(_documented(handler))
        return router


def _documented(handler: Handler[Any]) -> Callable[..., Awaitable[None]]:
    async def consume(event: Any) -> None:
        raise RuntimeError("documentation only")

    # The payload schema shown in the document: the envelope around this handler's event.
    consume.__annotations__ = {"event": Envelope[handler.event], "return": None}  # type: ignore[name-defined]
    consume.__name__ = handler.consumer.replace("-", "_")
    return consume


def inspect_doc(function: Callable[..., Any]) -> str | None:
    return (function.__doc__ or "").strip() or None


# A dead letter's body as listed: its beginning, so that a page of letters always fits in one reply
# (a message of megabytes would otherwise make every page that holds it too large to send).
SHOWN_BODY_CHARS = 2000


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    consumer: str
    subject: str
    event_id: uuid.UUID | None
    body: str = Field(description=f"The message as text, at most its first {SHOWN_BODY_CHARS} characters")
    body_bytes: int = Field(description="The whole message's size; replaying uses the whole message")
    error: str
    deliveries: int
    failed_at: Any
    replayed_at: Any | None
    replay_error: str | None


class Inbox:
    """Applies events through the inbox table and keeps the dead letters of one service."""

    def __init__(self, settings: ServiceSettings, database: Database, consumers: Consumers) -> None:
        self.database = database
        self.consumers = consumers
        self.max_deliveries = settings.consumer_max_deliveries
        self.retry_base = settings.consumer_retry_base_seconds
        # Tell JetStream "still working" well within its AckWait while an outage is waited out.
        self.progress_every = settings.consumer_ack_wait_seconds / 3
        self.out_of_memory_wait = settings.consumer_out_of_memory_wait_seconds
        self.outages = 0  # outages waited out (for metrics)
        self._metrics = {name: metrics.consumer(settings.service_name, name) for name in consumers.handlers}
        self._inbox = database.table(INBOX)
        self._dead = database.table(DEAD_LETTERS)
        self._first_times = _first_times_statement(self._inbox)

    async def receive_batch(self, handler: Handler[Any], messages: Sequence[Msg]) -> None:
        """Apply a fetched batch in one transaction; fall back to one by one if any event fails."""
        if len(messages) == 1:
            await self.receive(handler, messages[0])
            return
        parsed: list[tuple[Msg, Envelope[Any]]] = []
        for message in messages:
            try:
                parsed.append((message, handler.parse(message.data)))
            except PoisonMessage:
                await self.receive(handler, message)  # dead-letters it
        reconnects = shortages = 0
        while True:
            try:
                async with self.database.unit_of_work() as uow:
                    await self._apply_batch_once(uow, handler, [envelope for _, envelope in parsed])
            except Exception as error:
                # Out of memory: a batch asks for more at once than each of its events alone.
                if (shortage := resource_shortage(error)) and not is_out_of_memory(error):
                    await self._wait_out_shortage(
                        [message for message, _ in parsed], handler.consumer, shortage, shortages
                    )
                    shortages += 1
                    continue
                if await self._infrastructure_failed(error, reconnects):
                    reconnects += 1
                    await self._wait_for_database([message for message, _ in parsed], handler.consumer)
                    continue
                log.info(
                    "a batch failed; handling its events one by one",
                    consumer=handler.consumer,
                    size=len(parsed),
                    error=type(error).__name__,
                )
                for message, _ in parsed:
                    await self.receive(handler, message)
                return
            break
        _shortage_ended(handler.consumer, shortages)
        for message, _ in parsed:
            await _settle(message.ack())
        self._metrics[handler.consumer].handled.inc(len(parsed))

    async def receive(self, handler: Handler[Any], message: Msg) -> None:
        deliveries = int(message.metadata.num_delivered or 1)
        body: bytes = message.data
        event_id = _event_id(body)
        with correlation(_correlation_id(body), consumer=handler.consumer, event_id=event_id):
            reconnects = races = shortages = 0
            pending_since, pause = time.monotonic(), 0.05
            short_of_memory_since: float | None = None
            while True:
                try:
                    await self.apply(handler, body)
                except Pending as error:
                    if time.monotonic() - pending_since < PENDING_WAIT_SECONDS:
                        await asyncio.sleep(pause)
                        pause = min(pause * 2, 2.0)
                        await _settle(message.in_progress())
                        continue
                    await self._handler_failed(handler, message, error, deliveries)
                except PoisonMessage as error:
                    log.error("event cannot be handled; dead-lettered", error=str(error))
                    await self._dead_letter(handler, message, str(error), deliveries)
                    await _settle(message.ack())
                    self._metrics[handler.consumer].handled.inc()
                except Exception as error:
                    if shortage := resource_shortage(error):
                        if is_out_of_memory(error):
                            if short_of_memory_since is None:
                                short_of_memory_since = time.monotonic()
                            if time.monotonic() - short_of_memory_since >= self.out_of_memory_wait:
                                log.warning(
                                    "database still out of memory for this event; counted as its failure"
                                )
                                await self._handler_failed(handler, message, error, deliveries)
                                return
                        await self._wait_out_shortage([message], handler.consumer, shortage, shortages)
                        shortages += 1
                        continue
                    if await self._infrastructure_failed(error, reconnects):
                        reconnects += 1
                        await self._wait_for_database([message], handler.consumer)
                        continue
                    if is_concurrent_write(error) and races < RACE_RETRIES:
                        # Another transaction wrote the same key at this moment; it has committed or
                        # rolled back now, so the handler sees it when run again. Not a delivery spent.
                        races += 1
                        continue
                    await self._handler_failed(handler, message, error, deliveries)
                else:
                    _shortage_ended(handler.consumer, shortages)
                    await _settle(message.ack())
                    self._metrics[handler.consumer].handled.inc()
                return

    async def _handler_failed(
        self, handler: Handler[Any], message: Msg, error: Exception, deliveries: int
    ) -> None:
        if deliveries >= self.max_deliveries:
            log.error(
                "event failed on its last delivery; dead-lettered",
                deliveries=deliveries,
                error=repr(error),
            )
            await self._dead_letter(handler, message, repr(error), deliveries)
            await _settle(message.ack())
            self._metrics[handler.consumer].handled.inc()
        else:
            delay = self.retry_base * 2 ** (deliveries - 1)
            log.warning(
                "event failed; will be redelivered",
                deliveries=deliveries,
                retry_in_seconds=delay,
                error=repr(error),
            )
            await _settle(message.nak(delay=delay))
            self._metrics[handler.consumer].retried.inc()

    async def _infrastructure_failed(self, error: BaseException, reconnects: int) -> bool:
        """Was it the database that failed rather than the handler? Yes when the database does not
        answer now, or when the error is a lost connection (at most ``RECONNECT_RETRIES`` times in a
        row while the database answers)."""
        if not await self.database.is_reachable():
            return True
        return is_connection_failure(error) and reconnects < RECONNECT_RETRIES

    async def _wait_out_shortage(
        self, messages: Sequence[Msg], consumer: str, shortage: str, waited: int
    ) -> None:
        """Hold the messages (unacknowledged, kept from redelivery) for a pause that grows with each
        refusal in a row (``waited`` so far) while the database is short of disk, memory or
        connections. No probe tells when that ends (it may answer a ``SELECT 1`` all along): the
        work itself is tried again after the pause."""
        if waited == 0:
            log.warning(
                "database short of resources; holding events until it takes them",
                consumer=consumer,
                shortage=shortage,
            )
            self.outages += 1
        pause = min(OUTAGE_MIN_WAIT_SECONDS * 2 ** min(waited, 8), OUTAGE_MAX_WAIT_SECONDS)
        until = time.monotonic() + pause
        while (left := until - time.monotonic()) > 0:
            for message in messages:
                await _settle(message.in_progress())
            await asyncio.sleep(min(left, self.progress_every))

    async def _wait_for_database(self, messages: Sequence[Msg], consumer: str) -> None:
        """Hold the messages (unacknowledged, kept from redelivery) until the database answers."""
        started = time.monotonic()
        wait = OUTAGE_MIN_WAIT_SECONDS
        last_progress = 0.0
        logged = False
        while not await self.database.is_reachable():
            if not logged:
                log.warning("database unreachable; holding events until it is back", consumer=consumer)
                logged = True
                self.outages += 1
            if time.monotonic() - last_progress >= self.progress_every:
                for message in messages:
                    await _settle(message.in_progress())
                last_progress = time.monotonic()
            await asyncio.sleep(wait)
            wait = min(wait * 2, OUTAGE_MAX_WAIT_SECONDS)
        if logged:
            log.info(
                "database reachable again; applying held events",
                consumer=consumer,
                waited_seconds=round(time.monotonic() - started, 1),
            )

    async def apply(self, handler: Handler[Any], body: bytes) -> bool:
        """Apply one event once; returns False when it had been applied before (a duplicate)."""
        envelope = handler.parse(body)
        async with self.database.unit_of_work() as uow:
            return await self._apply_once(uow, handler, envelope)

    async def _apply_once(self, uow: UnitOfWork, handler: Handler[Any], envelope: Envelope[Any]) -> bool:
        applied = await self._apply_batch_once(uow, handler, [envelope])
        return applied == 1

    async def _apply_batch_once(
        self, uow: UnitOfWork, handler: Handler[Any], envelopes: Sequence[Envelope[Any]]
    ) -> int:
        """Record the events' ids in the inbox, all in one statement, and apply in stream order those
        seen for the first time; returns how many were applied."""
        first_times = set(
            (
                await uow.session.execute(
                    self._first_times,
                    {"event_ids": [envelope.id for envelope in envelopes], "consumer": handler.consumer},
                )
            ).scalars()
        )
        fresh: list[Envelope[Any]] = []
        for envelope in envelopes:
            if envelope.id not in first_times:
                with correlation(
                    envelope.correlationid, consumer=handler.consumer, event_id=str(envelope.id)
                ):
                    log.info("duplicate event ignored")
                continue
            first_times.discard(envelope.id)  # the same event twice in one batch: once
            fresh.append(envelope)
        if handler.batch:
            if fresh:
                only = fresh[0] if len(fresh) == 1 else None
                bound = {"event_id": str(only.id)} if only else {"events": len(fresh)}
                with correlation(only.correlationid if only else None, consumer=handler.consumer, **bound):
                    await handler.apply(uow, fresh)  # type: ignore[arg-type]
            return len(fresh)
        for envelope in fresh:
            with correlation(envelope.correlationid, consumer=handler.consumer, event_id=str(envelope.id)):
                await handler.apply(uow, envelope)  # type: ignore[arg-type]
        return len(fresh)

    async def _dead_letter(self, handler: Handler[Any], message: Msg, error: str, deliveries: int) -> None:
        """Keep the message as a dead letter in a transaction of its own, waiting for the database
        as long as it is away (the message is acknowledged only after this returned)."""
        self._metrics[handler.consumer].dead_lettered.inc()
        body = message.data
        row = {
            "consumer": handler.consumer,
            "subject": message.subject,
            "event_id": _uuid_or_none(_event_id(body)),
            "body": body,
            "headers": dict(message.headers or {}),
            "error": error[:4000],
            "deliveries": deliveries,
        }
        reconnects = shortages = 0
        while True:
            try:
                async with self.database.unit_of_work() as uow:
                    await uow.session.execute(
                        self._dead.insert().values(id=uuid.uuid4(), failed_at=utcnow(), **row)
                    )
            except Exception as failure:
                if shortage := resource_shortage(failure):
                    await self._wait_out_shortage([message], handler.consumer, shortage, shortages)
                    shortages += 1
                    continue
                if await self._infrastructure_failed(failure, reconnects):
                    reconnects += 1
                    await self._wait_for_database([message], handler.consumer)
                    continue
                raise
            return

    async def dead_letters(
        self, *, include_replayed: bool = False, offset: int = 0, limit: int = 100
    ) -> tuple[list[DeadLetter], int]:
        """The newest dead letters from ``offset`` on, and how many there are in all."""
        condition = sa.true() if include_replayed else self._dead.c.replayed_at.is_(None)
        query = (
            sa.select(self._dead)
            .where(condition)
            .order_by(self._dead.c.failed_at.desc(), self._dead.c.id)
            .offset(offset)
            .limit(limit)
        )
        async with self.database.read() as session:
            rows = (await session.execute(query)).mappings().all()
            total = await session.scalar(sa.select(sa.func.count()).select_from(self._dead).where(condition))
        return [_listed(row) for row in rows], int(total or 0)

    async def replay(self, dead_letter_id: uuid.UUID) -> DeadLetter:
        """Run a dead letter through its handler again (the inbox keeps this idempotent)."""
        async with self.database.read() as session:
            row = (
                (await session.execute(sa.select(self._dead).where(self._dead.c.id == dead_letter_id)))
                .mappings()
                .first()
            )
        if row is None:
            raise NotFound.for_field("id", f"no dead letter with id {dead_letter_id}")
        if row["replayed_at"] is not None:
            raise RuleViolation.for_field("id", "this dead letter was already replayed successfully")
        handler = self.consumers.handlers.get(row["consumer"])
        if handler is None:
            raise RuleViolation.for_field("id", f"no handler {row['consumer']} in this service any more")
        body = bytes(row["body"])
        with correlation(_correlation_id(body), consumer=handler.consumer, replay=str(dead_letter_id)):
            try:
                await self.apply(handler, body)
            except Exception as error:
                await self._mark(dead_letter_id, replay_error=repr(error)[:4000])
                raise RuleViolation(f"replay failed again: {error!r}") from error
        replayed_at = utcnow()
        await self._mark(dead_letter_id, replayed_at=replayed_at, replay_error=None)
        return _listed({**row, "replayed_at": replayed_at})

    async def _mark(self, dead_letter_id: uuid.UUID, **values: Any) -> None:
        async with self.database.unit_of_work() as uow:
            await uow.session.execute(
                self._dead.update().where(self._dead.c.id == dead_letter_id).values(**values)
            )


class EventConsumers:
    """The running pull loops of one service: one supervised loop per handler, all replicas sharing
    each durable consumer."""

    def __init__(self, settings: ServiceSettings, js: JetStreamContext, inbox: Inbox) -> None:
        self.js = js
        self.inbox = inbox
        self.ack_wait = settings.consumer_ack_wait_seconds
        self._loops: list[BackgroundLoop] = []
        self._subscriptions: dict[str, JetStreamContext.PullSubscription] = {}

    def start(self, loops: Loops) -> None:
        for handler in self.inbox.consumers.handlers.values():
            loop = BackgroundLoop(
                handler.consumer,
                partial(self._consume_once, handler),
                pause=0.0,
                # A long poll plus a batch, or an outage waited out (the health says so meanwhile).
                deadline=POLL_SECONDS + max(60.0, 2 * self.ack_wait),
                max_backoff=5.0,
            )
            self._loops.append(loops.run(loop))

    async def stop(self) -> None:
        for loop in self._loops:
            await loop.stop()
        self._loops.clear()
        # Unsubscribed here, so that closing the connection has nothing of ours left to drain.
        for subscription in self._subscriptions.values():
            with contextlib.suppress(Exception):
                await subscription.unsubscribe()
        self._subscriptions.clear()

    async def _consume_once(self, handler: Handler[Any]) -> float:
        """One long poll and whatever it brought; errors go to the loop (logged, backed off)."""
        subscription = self._subscriptions.get(handler.consumer)
        if subscription is None:
            subscription = await cancellable(self._subscribe(handler))
            self._subscriptions[handler.consumer] = subscription
        try:
            messages = await cancellable(subscription.fetch(BATCH_SIZE, timeout=POLL_SECONDS))
        except (TimeoutError, nats.errors.TimeoutError):
            return 0.0  # quiet: poll again
        await self.inbox.receive_batch(handler, messages)
        return 0.0

    async def _subscribe(self, handler: Handler[Any]) -> JetStreamContext.PullSubscription:
        return await self.js.pull_subscribe(
            handler.event.subject(),
            durable=handler.consumer,
            stream=subjects.stream(handler.event.event_service),
            config=ConsumerConfig(
                durable_name=handler.consumer,
                deliver_policy=DeliverPolicy.ALL,
                ack_policy=AckPolicy.EXPLICIT,
                max_deliver=-1,  # the inbox decides when a message is dead (see module doc)
                ack_wait=self.ack_wait,
            ),
        )


def _listed(row: Mapping[Any, Any]) -> DeadLetter:
    body = bytes(row["body"])
    shown = body[: 4 * SHOWN_BODY_CHARS].decode(errors="replace")[:SHOWN_BODY_CHARS]
    return DeadLetter(**{**row, "body": shown, "body_bytes": len(body)})


def _first_times_statement(inbox: sa.Table) -> Any:
    """Insert processed ids, skipping those recorded before, and return the ids that were new. Built
    once with bind parameters (a batch's ids travel as one array): one round trip per batch."""
    event_ids = sa.bindparam("event_ids", type_=ARRAY(inbox.c.event_id.type))
    rows = sa.select(sa.func.unnest(event_ids), sa.bindparam("consumer", type_=sa.Text), sa.func.now())
    return (
        insert(inbox)
        .from_select(["event_id", "consumer", "processed_at"], rows)
        .on_conflict_do_nothing()
        .returning(inbox.c.event_id)
    )


def _shortage_ended(consumer: str, shortages: int) -> None:
    if shortages:
        log.info("database takes events again; held events applied", consumer=consumer, refusals=shortages)


async def _settle(acknowledgement: Awaitable[None]) -> None:
    """Ack, nak or in-progress; when NATS is away JetStream redelivers after AckWait instead."""
    try:
        await acknowledgement
    except Exception as error:
        log.warning("acknowledgement not delivered; JetStream will redeliver", error=type(error).__name__)


def _peek(body: bytes) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _event_id(body: bytes) -> str | None:
    value = _peek(body).get("id")
    return str(value) if value else None


def _correlation_id(body: bytes) -> str | None:
    value = _peek(body).get("correlationid")
    return str(value) if value else None


def _uuid_or_none(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(value) if value else None
    except ValueError:
        return None
