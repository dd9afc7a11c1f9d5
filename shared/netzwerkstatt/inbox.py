"""The one inbox: durable JetStream consumers that apply each event exactly once in effect.

- Each handler has its own durable pull consumer (``<service>-<name>``), shared by all replicas.
- The event id is recorded in the ``inbox`` table in the same transaction as the handler's changes;
  a redelivered or re-published event finds its id there and changes nothing.
- The message is acknowledged only after that transaction committed. A failing handler's message is
  negatively acknowledged with a growing delay and tried again; after the last allowed delivery it is
  kept in ``dead_letters`` (listed and replayed through ``<service>.deadletter.*``) and acknowledged,
  so the messages behind it keep flowing. A message that cannot be parsed is dead-lettered at once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

import sqlalchemy as sa
from faststream import AckPolicy, Context
from faststream.nats import ConsumerConfig, DeliverPolicy, JStream, NatsRouter, PullSub
from faststream.nats.annotations import NatsMessage
from pydantic import BaseModel, ConfigDict, ValidationError
from sqlalchemy.dialects.postgresql import insert

from netzwerkstatt import subjects
from netzwerkstatt.db import DEAD_LETTERS, INBOX, Database, UnitOfWork, utcnow
from netzwerkstatt.envelope import DomainEvent, Envelope
from netzwerkstatt.errors import NotFound, RuleViolation
from netzwerkstatt.logs import correlation, get_logger
from netzwerkstatt.settings import ServiceSettings

log = get_logger(__name__)

E = TypeVar("E", bound=DomainEvent)
EventHandler = Callable[[UnitOfWork, Envelope[E]], Awaitable[None]]


class PoisonMessage(Exception):
    """The message can never be handled (not an envelope of the expected type)."""


@dataclass(frozen=True)
class Handler(Generic[E]):
    consumer: str
    event: type[E]
    apply: EventHandler[E]

    def parse(self, body: bytes) -> Envelope[E]:
        try:
            return Envelope[self.event].model_validate_json(body)  # type: ignore[name-defined]
        except ValidationError as error:
            raise PoisonMessage(f"not a valid {self.event.__name__} envelope: {error}") from error


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
        consumer = subjects.durable(self.service, name)
        if consumer in self.handlers:
            raise ValueError(f"consumer {consumer} is registered twice")

        def register(apply: EventHandler[E]) -> EventHandler[E]:
            self.handlers[consumer] = Handler(consumer=consumer, event=event, apply=apply)
            return apply

        return register

    def router(self, *, ack_wait_seconds: float = 30.0) -> NatsRouter:
        router = NatsRouter()
        for handler in self.handlers.values():
            router.subscriber(
                handler.event.subject(),
                stream=JStream(subjects.stream(handler.event.event_service), declare=False),
                durable=handler.consumer,
                pull_sub=PullSub(batch_size=16, timeout=1.0),
                ack_policy=AckPolicy.MANUAL,
                config=ConsumerConfig(
                    durable_name=handler.consumer,
                    deliver_policy=DeliverPolicy.ALL,
                    max_deliver=-1,  # the inbox decides when a message is dead (see module doc)
                    ack_wait=ack_wait_seconds,
                ),
                title=f"{handler.consumer}:{handler.event.subject()}",
                description=inspect_doc(handler.apply),
            )(_consuming(handler))
        return router


def _consuming(handler: Handler[Any]) -> Callable[..., Awaitable[None]]:
    async def consume(msg: NatsMessage, inbox: Annotated[Inbox, Context("inbox")]) -> None:
        await inbox.receive(handler, msg)

    return consume


def inspect_doc(function: Callable[..., Any]) -> str | None:
    return (function.__doc__ or "").strip() or None


class DeadLetter(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: uuid.UUID
    consumer: str
    subject: str
    event_id: uuid.UUID | None
    body: str
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
        self._inbox = database.table(INBOX)
        self._dead = database.table(DEAD_LETTERS)

    async def receive(self, handler: Handler[Any], msg: Any) -> None:
        deliveries = int(msg.raw_message.metadata.num_delivered or 1)
        body: bytes = msg.body
        event_id = _event_id(body)
        with correlation(_correlation_id(body), consumer=handler.consumer, event_id=event_id):
            try:
                await self.apply(handler, body)
            except PoisonMessage as error:
                log.error("event cannot be handled; dead-lettered", error=str(error))
                await self._dead_letter(handler, msg, body, str(error), deliveries)
                await msg.ack()
            except Exception as error:
                if deliveries >= self.max_deliveries:
                    log.error(
                        "event failed on its last delivery; dead-lettered",
                        deliveries=deliveries,
                        error=repr(error),
                    )
                    await self._dead_letter(handler, msg, body, repr(error), deliveries)
                    await msg.ack()
                else:
                    delay = self.retry_base * 2 ** (deliveries - 1)
                    log.warning(
                        "event failed; will be redelivered",
                        deliveries=deliveries,
                        retry_in_seconds=delay,
                        error=repr(error),
                    )
                    await msg.nack(delay=delay)
            else:
                await msg.ack()

    async def apply(self, handler: Handler[Any], body: bytes) -> bool:
        """Apply one event once; returns False when it had been applied before (a duplicate)."""
        envelope = handler.parse(body)
        async with self.database.unit_of_work() as uow:
            first_time = await uow.session.scalar(
                insert(self._inbox)
                .values(event_id=envelope.id, consumer=handler.consumer, processed_at=utcnow())
                .on_conflict_do_nothing()
                .returning(self._inbox.c.event_id)
            )
            if first_time is None:
                log.info("duplicate event ignored")
                return False
            await handler.apply(uow, envelope)
        return True

    async def _dead_letter(
        self, handler: Handler[Any], msg: Any, body: bytes, error: str, deliveries: int
    ) -> None:
        async with self.database.unit_of_work() as uow:
            await uow.session.execute(
                self._dead.insert().values(
                    id=uuid.uuid4(),
                    consumer=handler.consumer,
                    subject=msg.raw_message.subject,
                    event_id=_uuid_or_none(_event_id(body)),
                    body=body,
                    headers=dict(msg.headers or {}),
                    error=error[:4000],
                    deliveries=deliveries,
                    failed_at=utcnow(),
                )
            )

    async def dead_letters(self, *, include_replayed: bool = False, limit: int = 100) -> list[DeadLetter]:
        query = sa.select(self._dead).order_by(self._dead.c.failed_at.desc()).limit(limit)
        if not include_replayed:
            query = query.where(self._dead.c.replayed_at.is_(None))
        async with self.database.read() as session:
            rows = (await session.execute(query)).mappings().all()
        return [DeadLetter(**{**row, "body": bytes(row["body"]).decode(errors="replace")}) for row in rows]

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
        await self._mark(dead_letter_id, replayed_at=utcnow(), replay_error=None)
        return DeadLetter(**{**row, "body": body.decode(errors="replace"), "replayed_at": utcnow()})

    async def _mark(self, dead_letter_id: uuid.UUID, **values: Any) -> None:
        async with self.database.unit_of_work() as uow:
            await uow.session.execute(
                self._dead.update().where(self._dead.c.id == dead_letter_id).values(**values)
            )


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
