"""Local projections of other services' data: contacts, events, registrations, invitations.

Every upsert keeps the newest ``version`` only, so an older event arriving late changes nothing.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, UUID, insert
from sqlalchemy.ext.asyncio import AsyncSession

from netzwerkstatt import people as people_kernel
from netzwerkstatt.contracts.events import EventFacts, RegistrationFacts
from netzwerkstatt.contracts.registry import PersonFacts
from netzwerkstatt.db import SerializedJson, utcnow
from notifications_service.store import (
    contacts,
    erasure_records,
    events,
    invitations,
    messages,
    registrations,
)
from notifications_service.store.records import (
    EventSchedule,
    InvitationRecord,
    RegistrationRecord,
    Subscription,
)

# -- contacts ---------------------------------------------------------------------------------------


async def upsert_contact(session: AsyncSession, person: PersonFacts) -> bool:
    """Project a person; returns False when they were erased or a newer version is already held.
    The unsubscribe token and the opt-out belong to this service and survive updates."""
    return await people_kernel.upsert_person(
        session,
        contacts,
        erasure_records,
        person,
        on_insert={"unsubscribe_token": secrets.token_urlsafe(24)},
    )


# Facts about a person come on other streams than their erasure, so the two may be handled at the same
# time. Each person is held until the transaction ends: shared by the handlers of such facts, alone by
# the erasure. An erasure so either committed before a fact's transaction checks (which then reads its
# record) or waits for that transaction and then deletes what it wrote.
_PERSON_IDS = sa.bindparam("person_ids", type_=ARRAY(UUID(as_uuid=True)))


def _hold(lock_function: str) -> sa.TextClause:
    """Hold each of ``:person_ids`` with the advisory lock function given (one key per person)."""
    return sa.text(
        f"SELECT {lock_function}(hashtextextended('person-erasure:' || held::text, 0))"
        " FROM unnest(CAST(:person_ids AS uuid[])) AS held"
    ).bindparams(_PERSON_IDS)


_HOLD_SHARED = _hold("pg_advisory_xact_lock_shared")
_HOLD_ALONE = _hold("pg_advisory_xact_lock")
_ERASED_AMONG = sa.select(erasure_records.c.person_id).where(
    erasure_records.c.person_id == sa.func.any(_PERSON_IDS)
)


async def erased_among(session: AsyncSession, person_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """The ones of ``person_ids`` the registry erased: a fact about them that arrives after the
    erasure (it travelled on another stream) must not bring back a row or a message naming them.
    Holds the people (shared) until the transaction ends, see ``hold_for_erasure``."""
    wanted = sorted(set(person_ids))  # one order for every transaction
    if not wanted:
        return set()
    await session.execute(_HOLD_SHARED, {"person_ids": wanted})
    return set((await session.scalars(_ERASED_AMONG, {"person_ids": wanted})).all())


async def hold_for_erasure(session: AsyncSession, person_id: uuid.UUID) -> None:
    """Hold the person alone until the erasure's transaction ends (waits for the facts about them
    being handled now, whose rows it then finds and deletes)."""
    await session.execute(_HOLD_ALONE, {"person_ids": [person_id]})


async def known_addresses(session: AsyncSession, person_id: uuid.UUID) -> set[str]:
    """Every e-mail address the service knows for the person: the contact's and the ones written on
    messages to them (an address may have changed since)."""
    query = sa.union(
        sa.select(contacts.c.email.label("address")).where(contacts.c.person_id == person_id),
        sa.select(messages.c.recipient_email.label("address")).where(messages.c.person_id == person_id),
    )
    return {address for address in (await session.execute(query)).scalars() if address}


async def erase_contact(session: AsyncSession, person_id: uuid.UUID, erased_at: datetime) -> None:
    await session.execute(contacts.delete().where(contacts.c.person_id == person_id))
    await people_kernel.record_erasure(session, erasure_records, person_id, erased_at)
    await session.execute(registrations.delete().where(registrations.c.person_id == person_id))
    await session.execute(invitations.delete().where(invitations.c.person_id == person_id))


async def subscription(session: AsyncSession, token: str) -> Subscription | None:
    """The choice of the contact whose unsubscribe link this is (None: no such link)."""
    query = sa.select(contacts.c.person_id, contacts.c.opted_out_at).where(
        contacts.c.unsubscribe_token == token
    )
    row = (await session.execute(query)).first()
    return Subscription(person_id=row.person_id, opted_out_at=row.opted_out_at) if row is not None else None


async def opt_out(session: AsyncSession, token: str, *, opted_out: bool) -> Subscription | None:
    """Record the choice of the contact whose unsubscribe link this is (None: no such link). Opting
    out again (a page reloaded) keeps the time of the first."""
    result = await session.execute(
        contacts.update()
        .where(contacts.c.unsubscribe_token == token)
        .values(opted_out_at=sa.func.coalesce(contacts.c.opted_out_at, utcnow()) if opted_out else None)
        .returning(contacts.c.person_id, contacts.c.opted_out_at)
    )
    row = result.first()
    return Subscription(person_id=row.person_id, opted_out_at=row.opted_out_at) if row is not None else None


# -- events -----------------------------------------------------------------------------------------


def starts_at(facts: EventFacts) -> datetime:
    first = min(facts.days, key=lambda day: (day.date, day.start))
    return datetime.combine(first.date, first.start, tzinfo=ZoneInfo(facts.timezone))


def _event_parameter(column: str) -> str:
    return column if column == "event_id" else f"event_{column}"


def _event_upsert(*, same_version_too: bool) -> Any:
    """Insert the event or replace an older version (with ``same_version_too`` the held version as
    well). Built once with bind parameters: building the conflict clause costs more than running it."""
    columns = ("event_id", "facts", "version", "status", "starts_at", "projected_at")
    # The parameters are named ``event_<column>``: the statement may be part of one that keeps a
    # registration, whose status and version are other values.
    statement = insert(events).values(
        {name: sa.bindparam(_event_parameter(name), type_=events.c[name].type) for name in columns}
    )
    newer = (
        events.c.version <= statement.excluded.version
        if same_version_too
        else events.c.version < statement.excluded.version
    )
    return statement.on_conflict_do_update(
        index_elements=[events.c.event_id],
        set_={name: statement.excluded[name] for name in columns if name != "event_id"},
        where=newer,
    ).returning(events.c.event_id)


_UPSERT_EVENT = _event_upsert(same_version_too=True)
_KEEP_EVENT = _event_upsert(same_version_too=False)


def _event_values(facts: EventFacts) -> dict[str, object]:
    return {
        "event_id": facts.event_id,
        "event_facts": SerializedJson(facts.model_dump_json()),
        "event_version": facts.version,
        "event_status": facts.status,
        "event_starts_at": starts_at(facts),
        "event_projected_at": utcnow(),
    }


async def upsert_event(session: AsyncSession, facts: EventFacts) -> bool:
    """Project an event; returns True if this version is now the one held."""
    result = await session.execute(_UPSERT_EVENT, _event_values(facts))
    return result.first() is not None


async def newer_event_facts(session: AsyncSession, facts: EventFacts) -> EventFacts | None:
    """The event as last projected, if that is a newer version than ``facts`` (usually it is not,
    and nothing is read or parsed)."""
    held = await session.scalar(_NEWER_EVENT_FACTS, {"event_id": facts.event_id, "version": facts.version})
    return EventFacts.model_validate(held) if held is not None else None


_NEWER_EVENT_FACTS = sa.select(events.c.facts).where(
    events.c.event_id == sa.bindparam("event_id"), events.c.version > sa.bindparam("version")
)


async def event_schedule(session: AsyncSession, event_id: uuid.UUID) -> EventSchedule | None:
    query = sa.select(
        events.c.event_id, events.c.status, events.c.starts_at, events.c.reminder_offsets_seconds
    ).where(events.c.event_id == event_id)
    row = (await session.execute(query)).first()
    if row is None:
        return None
    offsets = row.reminder_offsets_seconds
    return EventSchedule(
        event_id=row.event_id,
        status=row.status,
        starts_at=row.starts_at,
        reminder_offsets_seconds=tuple(offsets) if offsets is not None else None,
    )


async def event_facts(session: AsyncSession, event_id: uuid.UUID, *, lock: bool = False) -> EventFacts | None:
    """The event as last projected (``lock``: held until the transaction ends)."""
    query = sa.select(events.c.facts).where(events.c.event_id == event_id)
    if lock:
        query = query.with_for_update()
    facts = await session.scalar(query)
    return EventFacts.model_validate(facts) if facts is not None else None


# -- registrations and invitations -----------------------------------------------------------------


# An invitation or a registration carries its event. The event is kept with it in one statement
# (``_KEEP_EVENT`` as a common table expression): the version held is replaced only by a newer one,
# so the many facts of one event version do not each rewrite its row, and the row stays locked until
# the transaction ends (see ``consumers._newest``).


def _keeping_the_event(statement: Any) -> Any:
    return statement.add_cte(_KEEP_EVENT.cte("kept_event"))


def _registration_upsert() -> Any:
    columns = ("registration_id", "event_id", "person_id", "status", "version")
    statement = insert(registrations).values(
        {name: sa.bindparam(name, type_=registrations.c[name].type) for name in columns}
    )
    return _keeping_the_event(
        statement.on_conflict_do_update(
            index_elements=[registrations.c.registration_id],
            set_={name: statement.excluded[name] for name in columns if name != "registration_id"},
            where=registrations.c.version < statement.excluded.version,
        ).returning(registrations.c.registration_id)
    )


_UPSERT_REGISTRATION = _registration_upsert()


async def upsert_registration(session: AsyncSession, registration: RegistrationFacts) -> bool:
    """Project a registration and keep its event; returns False if a newer version of the
    registration was already held."""
    result = await session.execute(
        _UPSERT_REGISTRATION,
        {
            **_event_values(registration.event),
            "registration_id": registration.registration_id,
            "person_id": registration.person_id,
            "status": registration.status,
            "version": registration.version,
        },
    )
    return result.first() is not None


async def registrations_of(
    session: AsyncSession, event_id: uuid.UUID, statuses: set[str]
) -> list[RegistrationRecord]:
    query = (
        sa.select(registrations)
        .where(registrations.c.event_id == event_id, registrations.c.status.in_(sorted(statuses)))
        .order_by(registrations.c.registration_id)
    )
    return [
        RegistrationRecord(
            registration_id=row.registration_id,
            event_id=row.event_id,
            person_id=row.person_id,
            status=row.status,
            version=row.version,
        )
        for row in await session.execute(query)
    ]


def _invitations_insert() -> Any:
    """Invitations of one event version, given as two arrays, with their event kept."""
    ids = sa.bindparam("invitation_ids", type_=ARRAY(UUID(as_uuid=True)))
    people = sa.bindparam("person_ids", type_=ARRAY(UUID(as_uuid=True)))
    added = sa.func.unnest(ids, people).table_valued("invitation_id", "person_id").render_derived()
    event_id = sa.bindparam("event_id", type_=invitations.c.event_id.type)
    rows = sa.select(added.c.invitation_id, event_id, added.c.person_id)
    return _keeping_the_event(
        insert(invitations)
        .from_select(["invitation_id", "event_id", "person_id"], rows)
        .on_conflict_do_nothing(index_elements=[invitations.c.invitation_id])
    )


_ADD_INVITATIONS = _invitations_insert()


async def add_invitations(
    session: AsyncSession, event: EventFacts, invited: Sequence[tuple[uuid.UUID, uuid.UUID]]
) -> None:
    """Project invitations (id, person) to one version of an event and keep the event: one
    statement however many they are."""
    await session.execute(
        _ADD_INVITATIONS,
        {
            **_event_values(event),
            "invitation_ids": [invitation_id for invitation_id, _ in invited],
            "person_ids": [person_id for _, person_id in invited],
        },
    )


async def decline_invitation(session: AsyncSession, invitation_id: uuid.UUID) -> None:
    await session.execute(
        invitations.update().where(invitations.c.invitation_id == invitation_id).values(declined=True)
    )


async def open_invitations_without_registration(
    session: AsyncSession, event_id: uuid.UUID
) -> list[InvitationRecord]:
    """Invitees who neither declined nor registered: their calendars may hold the invitation."""
    registered = sa.select(registrations.c.person_id).where(registrations.c.event_id == event_id)
    query = (
        sa.select(invitations)
        .where(
            invitations.c.event_id == event_id,
            invitations.c.declined.is_(False),
            invitations.c.person_id.not_in(registered),
        )
        .order_by(invitations.c.invitation_id)
    )
    return [
        InvitationRecord(
            invitation_id=row.invitation_id,
            event_id=row.event_id,
            person_id=row.person_id,
            declined=row.declined,
        )
        for row in await session.execute(query)
    ]
