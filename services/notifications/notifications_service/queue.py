"""The outgoing message queue and delivery log (table ``messages``).

A message is written once per idempotency key (unique), so a redelivered or duplicated trigger adds
nothing. States: ``pending`` → ``sent`` | ``failed`` | ``suppressed`` (opted out) | ``cancelled``
(recipient erased). The facts a message was rendered from are cleared when it leaves ``pending``:
they hold capabilities (links with tokens, survey links) that must not outlive the e-mail.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from netzwerkstatt.db import HeldAutocommit, SerializedJson, utcnow
from notifications_service.domain import DeliveryProblem
from notifications_service.messages.idempotency import idempotency_key
from notifications_service.messages.kinds import MessageKind
from notifications_service.outgoing import ContactFacts, MessageFacts
from notifications_service.store import contacts, delivery_marks, messages
from notifications_service.store.records import ClaimedContact, ClaimedMessage, DeliveryRecord

PENDING = "pending"
SENT = "sent"
FAILED = "failed"
SUPPRESSED = "suppressed"
CANCELLED = "cancelled"
STATUSES = (PENDING, SENT, FAILED, SUPPRESSED, CANCELLED)


@dataclass(frozen=True)
class Enqueued:
    message_id: uuid.UUID
    duplicate: bool


_ENQUEUE_COLUMNS = (
    "id", "idempotency_key", "kind", "person_id", "recipient_key", "subject_id", "event_id", "facts",
    "status", "attempts", "next_attempt_at", "created_at", "updated_at",
)  # fmt: skip
# Built once with bind parameters: every queued message runs it.
_ENQUEUE = (
    insert(messages)
    .values({name: sa.bindparam(name, type_=messages.c[name].type) for name in _ENQUEUE_COLUMNS})
    .on_conflict_do_nothing(index_elements=[messages.c.idempotency_key])
    .returning(messages.c.id)
)


@dataclass(frozen=True)
class Queued:
    """A message to queue: its kind, recipient and what it is about (``enqueue_all``)."""

    kind: MessageKind
    person_id: uuid.UUID
    subject_id: str
    version: int
    facts: MessageFacts


def _row(queued: Queued, key: str, now: datetime) -> dict[str, Any]:
    return {
        "id": uuid.uuid4(),
        "idempotency_key": key,
        "kind": queued.kind.value,
        "person_id": queued.person_id,
        "recipient_key": f"person:{queued.person_id}",
        "subject_id": queued.subject_id,
        "event_id": queued.facts.event.event_id if queued.facts.event else None,
        "facts": SerializedJson(queued.facts.model_dump_json()),
        "status": PENDING,
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
        "updated_at": now,
    }


def _key(queued: Queued) -> str:
    return idempotency_key(queued.kind, str(queued.person_id), queued.subject_id, queued.version)


async def enqueue(
    session: AsyncSession,
    *,
    kind: MessageKind,
    person_id: uuid.UUID,
    subject_id: str,
    version: int,
    facts: MessageFacts,
    key: str | None = None,
) -> Enqueued:
    """Queue one message unless the same one (same key) was queued before."""
    queued = Queued(kind, person_id, subject_id, version, facts)
    key = key or _key(queued)
    inserted = await session.scalar(_ENQUEUE, _row(queued, key, utcnow()))
    if inserted is not None:
        return Enqueued(message_id=inserted, duplicate=False)
    existing = await session.scalar(sa.select(messages.c.id).where(messages.c.idempotency_key == key))
    assert existing is not None  # the conflict was on this key
    return Enqueued(message_id=existing, duplicate=True)


# Many messages in one statement (its rows as one multi-row VALUES), each unless queued before.
_ENQUEUE_ALL = (
    insert(messages)
    .values({name: sa.bindparam(name, type_=messages.c[name].type) for name in _ENQUEUE_COLUMNS})
    .on_conflict_do_nothing(index_elements=[messages.c.idempotency_key])
)


async def enqueue_all(session: AsyncSession, queued: list[Queued]) -> None:
    """Queue each message unless the same one (same key) was queued before (also within the list)."""
    if queued:
        now = utcnow()
        await session.execute(_ENQUEUE_ALL, [_row(item, _key(item), now) for item in queued])


def _claim_query() -> sa.Select[Any]:
    """Due messages whose recipient has no earlier pending message, locked for this worker only."""
    earlier = messages.alias("earlier")
    blocked = sa.exists().where(
        earlier.c.recipient_key == messages.c.recipient_key,
        earlier.c.status == PENDING,
        earlier.c.position < messages.c.position,
    )
    return (
        sa.select(
            messages,
            contacts.c.person_id.label("contact_id"),
            contacts.c.given_name,
            contacts.c.family_name,
            contacts.c.form_of_address,
            contacts.c.title,
            contacts.c.email,
            contacts.c.language.label("contact_language"),
            contacts.c.consents_to_event_contact,
            contacts.c.unsubscribe_token,
            contacts.c.opted_out_at,
        )
        .join(contacts, contacts.c.person_id == messages.c.person_id, isouter=True)
        .where(messages.c.status == PENDING, messages.c.next_attempt_at <= sa.func.now(), ~blocked)
        .order_by(messages.c.position)
        .limit(sa.bindparam("limit", type_=sa.Integer))
        .with_for_update(of=messages, skip_locked=True)
    )


# The delivery statements are built once with bind parameters (a list as one array parameter): every
# batch runs them, and building or compiling them anew cost more than running them.
_CLAIM = _claim_query()
_MESSAGE_IDS = sa.bindparam("message_ids", type_=ARRAY(sa.Uuid))
_MARKS_OF = sa.select(delivery_marks).where(delivery_marks.c.message_id == sa.func.any(_MESSAGE_IDS))
_FORGET_MARKS = delivery_marks.delete().where(delivery_marks.c.message_id == sa.func.any(_MESSAGE_IDS))


def _claimed(row: sa.Row[Any]) -> ClaimedMessage:
    contact = None
    if row.contact_id is not None:
        contact = ClaimedContact(
            facts=ContactFacts(
                person_id=str(row.contact_id),
                given_name=row.given_name,
                family_name=row.family_name,
                form_of_address=row.form_of_address,
                title=row.title,
                email=row.email,
                language=row.contact_language,
                unsubscribe_token=row.unsubscribe_token,
            ),
            consents_to_event_contact=row.consents_to_event_contact,
            opted_out=row.opted_out_at is not None,
        )
    return ClaimedMessage(
        id=row.id,
        kind=MessageKind(row.kind),
        idempotency_key=row.idempotency_key,
        person_id=row.person_id,
        subject_id=row.subject_id,
        stored_facts=row.facts,
        attempts=row.attempts,
        created_at=row.created_at,
        contact=contact,
    )


async def claim_due(session: AsyncSession, limit: int) -> list[ClaimedMessage]:
    return [_claimed(row) for row in await session.execute(_CLAIM, {"limit": limit})]


@dataclass(frozen=True)
class SentMessage:
    message_id: uuid.UUID
    address: str
    subject: str
    language: str
    sent_at: datetime


_RECORD_ACCEPTED = (
    insert(delivery_marks)
    .values(
        {
            name: sa.bindparam(name, type_=delivery_marks.c[name].type)
            for name in ("message_id", "address", "subject", "language", "sent_at")
        }
    )
    .on_conflict_do_nothing()
)


async def record_accepted(
    connection: AsyncSession | AsyncConnection | HeldAutocommit, message: SentMessage
) -> None:
    """The delivery mark of one message the mail server accepted (durable at once: its own short
    transaction, or a statement on an autocommit connection)."""
    await connection.execute(
        _RECORD_ACCEPTED,
        {
            "message_id": message.message_id,
            "address": message.address,
            "subject": message.subject,
            "language": message.language,
            "sent_at": message.sent_at,
        },
    )


async def accepted_before(
    session: AsyncSession, message_ids: list[uuid.UUID]
) -> dict[uuid.UUID, SentMessage]:
    """Claimed messages the mail server had accepted before a crash (their delivery marks)."""
    if not message_ids:
        return {}
    rows = (await session.execute(_MARKS_OF, {"message_ids": message_ids})).all()
    return {
        row.message_id: SentMessage(
            message_id=row.message_id,
            address=row.address,
            subject=row.subject,
            language=row.language,
            sent_at=row.sent_at,
        )
        for row in rows
    }


async def mark_sent(session: AsyncSession, sent: list[SentMessage]) -> None:
    """Record a batch of sent messages in one round trip (the worker holds their row locks) and
    remove their delivery marks."""
    if not sent:
        return
    await session.execute(_FORGET_MARKS, {"message_ids": [m.message_id for m in sent]})
    now = utcnow()
    await session.execute(
        messages.update()
        .where(messages.c.id == sa.bindparam("sent_id"))
        .values(
            status=SENT,
            attempts=messages.c.attempts + 1,
            recipient_email=sa.bindparam("sent_address"),
            email_subject=sa.bindparam("sent_subject"),
            language=sa.bindparam("sent_language"),
            facts=None,
            last_error=None,
            error_code=None,
            sent_at=sa.bindparam("sent_time"),
            updated_at=now,
        ),
        [
            {
                "sent_id": message.message_id,
                "sent_address": message.address,
                "sent_subject": message.subject,
                "sent_language": message.language,
                "sent_time": message.sent_at,
            }
            for message in sent
        ],
    )


async def mark_failed(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    problem: DeliveryProblem,
    reason: str,
    address: str | None,
    count_attempt: bool,
) -> int:
    result = await session.execute(
        messages.update()
        .where(messages.c.id == message_id)
        .values(
            status=FAILED,
            attempts=messages.c.attempts + (1 if count_attempt else 0),
            recipient_email=address,
            facts=None,
            error_code=problem.value,
            last_error=reason[:2000],
            updated_at=utcnow(),
        )
        .returning(messages.c.attempts)
    )
    attempts: int = result.scalar_one()
    return attempts


async def mark_suppressed(session: AsyncSession, message_id: uuid.UUID, problem: DeliveryProblem) -> None:
    await session.execute(
        messages.update()
        .where(messages.c.id == message_id)
        .values(status=SUPPRESSED, facts=None, error_code=problem.value, last_error=None, updated_at=utcnow())
    )


async def retry_later(
    session: AsyncSession,
    message_id: uuid.UUID,
    *,
    at: datetime,
    problem: DeliveryProblem,
    reason: str | None = None,
    count_attempt: bool = True,
) -> None:
    await session.execute(
        messages.update()
        .where(messages.c.id == message_id)
        .values(
            attempts=messages.c.attempts + (1 if count_attempt else 0),
            next_attempt_at=at,
            error_code=problem.value,
            last_error=reason[:2000] if reason else None,
            updated_at=utcnow(),
        )
    )


async def scrub_person(session: AsyncSession, person_id: uuid.UUID) -> int:
    """Erasure: keep each message's kind, status, times and attempts (the counts), drop the rest.

    The person's messages are locked first, then their delivery marks: the order in which a delivery
    worker holds them (its claim locks the messages, recording a sent batch removes the marks). So
    an erasure that meets a batch being sent waits for it instead of deadlocking with it."""
    held = list(
        await session.scalars(
            sa.select(messages.c.id)
            .where(messages.c.person_id == person_id)
            .order_by(messages.c.position)
            .with_for_update()
        )
    )
    if not held:
        return 0
    await session.execute(_FORGET_MARKS, {"message_ids": held})
    result = await session.execute(
        messages.update()
        .where(messages.c.id == sa.func.any(_MESSAGE_IDS))
        .values(
            person_id=None,
            recipient_key=sa.func.concat("erased:", sa.cast(messages.c.id, sa.Text)),
            recipient_email=None,
            email_subject=None,
            facts=None,
            last_error=sa.null(),
            error_code=sa.case(
                (messages.c.status == PENDING, DeliveryProblem.RECIPIENT_ERASED.value),
                else_=messages.c.error_code,
            ),
            status=sa.case((messages.c.status == PENDING, CANCELLED), else_=messages.c.status),
            updated_at=utcnow(),
        ),
        {"message_ids": held},
    )
    return result.rowcount  # type: ignore[attr-defined, no-any-return]


async def list_messages(
    session: AsyncSession,
    *,
    status: str | None,
    kind: str | None,
    person_id: uuid.UUID | None,
    event_id: uuid.UUID | None,
    recipient_email: str | None,
    offset: int,
    limit: int,
) -> tuple[list[DeliveryRecord], int]:
    conditions: list[Any] = []
    if status:
        conditions.append(messages.c.status == status)
    if kind:
        conditions.append(messages.c.kind == kind)
    if person_id:
        conditions.append(messages.c.person_id == person_id)
    if event_id:
        conditions.append(messages.c.event_id == event_id)
    if recipient_email:
        conditions.append(sa.func.lower(messages.c.recipient_email) == recipient_email.lower())
    total = await session.scalar(sa.select(sa.func.count()).select_from(messages).where(*conditions))
    rows = await session.execute(
        sa.select(messages)
        .where(*conditions)
        .order_by(messages.c.position.desc())
        .offset(offset)
        .limit(limit)
    )
    log = [
        DeliveryRecord(
            id=row.id,
            kind=row.kind,
            status=row.status,
            person_id=row.person_id,
            recipient_email=row.recipient_email,
            subject_id=row.subject_id,
            event_id=row.event_id,
            email_subject=row.email_subject,
            language=row.language,
            attempts=row.attempts,
            last_error=row.last_error,
            error_code=row.error_code,
            created_at=row.created_at,
            next_attempt_at=row.next_attempt_at,
            sent_at=row.sent_at,
            updated_at=row.updated_at,
        )
        for row in rows
    ]
    return log, int(total or 0)
