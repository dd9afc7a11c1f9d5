"""Queries of registrations, invitations and attendance."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.projection import display_name
from events_service.store.records import (
    AttendanceRecord,
    InvitationRecord,
    MembershipRecord,
    RegistrationRecord,
    RegistrationWrite,
)
from events_service.store.tables import (
    attendance,
    events,
    invitations,
    memberships,
    organisations,
    people,
    registration_arrival,
    registrations,
)
from netzwerkstatt.db import utcnow


async def of_event(session: AsyncSession, event_id: uuid.UUID) -> list[RegistrationRecord]:
    """Every registration of the event in arrival order (the waitlist's order)."""
    query = (
        sa.select(registrations)
        .where(registrations.c.event_id == event_id)
        .order_by(registrations.c.arrival, registrations.c.id)
    )
    return [RegistrationRecord.of(row) for row in (await session.execute(query)).mappings()]


async def by_id(session: AsyncSession, registration_id: uuid.UUID) -> RegistrationRecord | None:
    query = sa.select(registrations).where(registrations.c.id == registration_id)
    row = (await session.execute(query)).mappings().first()
    return RegistrationRecord.of(row) if row else None


# Statements of the registering path are built once with bind parameters: building and keying a
# statement costs more than executing it on every registration.
_PER_ORGANISATION = (
    sa.select(registrations.c.organisation_id, sa.func.count().label("held"))
    .where(registrations.c.event_id == sa.bindparam("event_id"), registrations.c.status == "confirmed")
    .group_by(registrations.c.organisation_id)
    .subquery("per_organisation")
)
_CONFIRMED_SEATS = sa.select(_PER_ORGANISATION.c.organisation_id, _PER_ORGANISATION.c.held)
_SEATS_AS_JSON = sa.select(
    sa.func.json_agg(
        sa.func.json_build_array(_PER_ORGANISATION.c.organisation_id, _PER_ORGANISATION.c.held),
        type_=JSONB,
    )
).scalar_subquery()
_WAITING = (
    sa.select(sa.func.count())
    .where(registrations.c.event_id == sa.bindparam("event_id"), registrations.c.status == "waitlisted")
    .scalar_subquery()
)
_ONE_ROW = sa.select(sa.literal(1).label("one")).subquery("one_row")
# The seats held per organisation, the length of the waitlist and the person's registration if
# any, in one round trip.
_STANDING = sa.select(
    _SEATS_AS_JSON.label("seats_held"), _WAITING.label("waiting"), registrations
).select_from(
    _ONE_ROW.outerjoin(
        registrations,
        sa.and_(
            registrations.c.event_id == sa.bindparam("event_id"),
            registrations.c.person_id == sa.bindparam("person_id"),
        ),
    )
)
_OF_PERSON = sa.select(registrations).where(
    registrations.c.event_id == sa.bindparam("event_id"),
    registrations.c.person_id == sa.bindparam("person_id"),
)
_WAITLIST = (
    sa.select(registrations)
    .where(registrations.c.event_id == sa.bindparam("event_id"), registrations.c.status == "waitlisted")
    .order_by(registrations.c.arrival, registrations.c.id)
)
_AHEAD_ON_WAITLIST = sa.select(sa.func.count()).where(
    registrations.c.event_id == sa.bindparam("event_id"),
    registrations.c.status == "waitlisted",
    sa.tuple_(registrations.c.arrival, registrations.c.id)
    <= sa.tuple_(
        sa.bindparam("arrival", type_=sa.BigInteger), sa.bindparam("id", type_=registrations.c.id.type)
    ),
)
_INSERT = registrations.insert().returning(*registrations.c)
_INSERT_ARRIVING = (
    registrations.insert().values(arrival=registration_arrival.next_value()).returning(*registrations.c)
)


@dataclass
class StoredStanding:
    """Confirmed places per organisation (None: registrations without one), the number waiting and
    one person's registration, as the database has them now."""

    seats: dict[uuid.UUID | None, int]
    waiting: int
    registration: RegistrationRecord | None


async def standing(session: AsyncSession, event_id: uuid.UUID, person_id: uuid.UUID | None) -> StoredStanding:
    """The confirmed places per organisation, counted by the database instead of reading every
    registration, with the person's registration (if any) in the same round trip."""
    found = (
        (await session.execute(_STANDING, {"event_id": event_id, "person_id": person_id})).mappings().one()
    )
    seats = {
        None if organisation is None else uuid.UUID(organisation): held
        for organisation, held in found["seats_held"] or ()
    }
    registration = (
        None
        if found["id"] is None
        else RegistrationRecord.of({column.name: found[column.name] for column in registrations.c})
    )
    return StoredStanding(seats=seats, waiting=int(found["waiting"]), registration=registration)


async def of_person(
    session: AsyncSession, event_id: uuid.UUID, person_id: uuid.UUID
) -> RegistrationRecord | None:
    """The person's registration for the event, if any (one per person and event)."""
    row = (
        (await session.execute(_OF_PERSON, {"event_id": event_id, "person_id": person_id})).mappings().first()
    )
    return RegistrationRecord.of(row) if row else None


async def confirmed_seats(session: AsyncSession, event_id: uuid.UUID) -> dict[uuid.UUID | None, int]:
    """Confirmed places of the event per organisation (None: registrations without one)."""
    counted = await session.execute(_CONFIRMED_SEATS, {"event_id": event_id})
    return {row[0]: row[1] for row in counted}


async def waitlist(session: AsyncSession, event_id: uuid.UUID) -> list[RegistrationRecord]:
    """The event's waitlisted registrations in arrival order."""
    found = (await session.execute(_WAITLIST, {"event_id": event_id})).mappings()
    return [RegistrationRecord.of(row) for row in found]


async def waitlist_position(session: AsyncSession, registration: RegistrationRecord) -> int | None:
    """The registration's place on its event's waitlist (1 is next), None unless it is waiting."""
    if registration.status != "waitlisted":
        return None
    parameters = {"event_id": registration.event_id, "arrival": registration.arrival, "id": registration.id}
    return int(await session.scalar(_AHEAD_ON_WAITLIST, parameters) or 0)


def _written_values(write: RegistrationWrite) -> dict[str, Any]:
    """The columns a write sets, as the statements bind them."""
    values: dict[str, Any] = {"status": write.status, "updated_at": write.updated_at}
    if write.placement is not None:
        values |= {
            "organisation_id": write.placement.organisation_id,
            "is_newcomer": write.placement.is_newcomer,
            "is_decision_maker": write.placement.is_decision_maker,
            "substitute_for": write.placement.substitute_for,
            "registered_at": write.placement.registered_at,
        }
    if write.arrival is not None:
        values["arrival"] = write.arrival
    return values


async def insert(
    session: AsyncSession,
    registration_id: uuid.UUID,
    event_id: uuid.UUID,
    person_id: uuid.UUID,
    write: RegistrationWrite,
) -> RegistrationRecord:
    """Insert a registration (version 1); without an explicit ``arrival`` it queues at the end.
    Returns it as stored."""
    assert write.placement is not None  # a new registration always says whose seat it takes
    values = {"id": registration_id, "event_id": event_id, "person_id": person_id, "version": 1}
    values |= _written_values(write)
    statement = _INSERT if write.arrival is not None else _INSERT_ARRIVING
    return RegistrationRecord.of((await session.execute(statement, values)).mappings().one())


def next_arrival() -> Any:
    """The next place in the arrival order (the end of the waitlist)."""
    return registration_arrival.next_value()


async def update(
    session: AsyncSession, registration_id: uuid.UUID, write: RegistrationWrite, *, queue_at_end: bool = False
) -> RegistrationRecord:
    """Change a registration (its version counts up; with ``queue_at_end`` it draws a new arrival,
    as someone registering anew). Returns it as stored now."""
    changes: dict[str, Any] = {**_written_values(write), "version": registrations.c.version + 1}
    if queue_at_end:
        changes["arrival"] = next_arrival()
    written = await session.execute(
        registrations.update()
        .where(registrations.c.id == registration_id)
        .values(**changes)
        .returning(*registrations.c)
    )
    return RegistrationRecord.of(written.mappings().one())


@dataclass
class ApplicantRecord:
    """What registering needs to know about a person, read in one round trip: their name, their
    memberships (with the organisation's name), the organisation they were invited for, and how many
    earlier editions of the series they attended."""

    person_name: str
    memberships: list[MembershipRecord] = field(default_factory=list)
    invited_for: uuid.UUID | None = None
    editions_attended: int = 0


def _attended_editions(*, before_edition: bool) -> Any:
    """How many editions of the series the person attended (present on at least one day)."""
    query = (
        sa.select(sa.func.count(sa.distinct(events.c.id)))
        .select_from(registrations.join(events, events.c.id == registrations.c.event_id))
        .join(attendance, attendance.c.registration_id == registrations.c.id)
        .where(
            registrations.c.person_id == sa.bindparam("person_id"),
            events.c.series_id == sa.bindparam("series_id"),
            attendance.c.present.is_(True),
        )
    )
    if before_edition:
        query = query.where(events.c.edition < sa.bindparam("before_edition"))
    return query.scalar_subquery()


def _applicant_statement(attended: Any) -> sa.Select[Any]:
    invited_for = (
        sa.select(invitations.c.organisation_id)
        .where(
            invitations.c.event_id == sa.bindparam("event_id"),
            invitations.c.person_id == sa.bindparam("person_id"),
        )
        .scalar_subquery()
    )
    return (
        sa.select(
            people.c.title,
            people.c.given_name,
            people.c.family_name,
            memberships.c.organisation_id,
            memberships.c.decision_maker,
            memberships.c.start_date,
            organisations.c.name.label("organisation_name"),
            invited_for.label("invited_for"),
            attended.label("editions_attended"),
        )
        .select_from(
            people.outerjoin(memberships, memberships.c.person_id == people.c.id).outerjoin(
                organisations, organisations.c.id == memberships.c.organisation_id
            )
        )
        .where(people.c.id == sa.bindparam("person_id"))
        .order_by(memberships.c.decision_maker.desc(), memberships.c.organisation_id)
    )


_APPLICANT_OUTSIDE_SERIES = _applicant_statement(sa.literal(0))
_APPLICANT_IN_SERIES = _applicant_statement(_attended_editions(before_edition=False))
_APPLICANT_IN_SERIES_EDITION = _applicant_statement(_attended_editions(before_edition=True))


async def applicant_record(
    session: AsyncSession,
    person_id: uuid.UUID,
    *,
    event_id: uuid.UUID,
    series_id: uuid.UUID | None,
    edition: int | None,
) -> ApplicantRecord | None:
    """The person as ``ApplicantRecord`` for registering for the event (editions attended count
    within its series, before its edition); None if unknown."""
    parameters: dict[str, Any] = {"event_id": event_id, "person_id": person_id}
    statement = _APPLICANT_OUTSIDE_SERIES
    if series_id is not None:
        parameters["series_id"] = series_id
        statement = _APPLICANT_IN_SERIES
        if edition is not None:
            parameters["before_edition"] = edition
            statement = _APPLICANT_IN_SERIES_EDITION
    rows = (await session.execute(statement, parameters)).mappings().all()
    if not rows:
        return None
    first = rows[0]
    return ApplicantRecord(
        person_name=display_name(first["title"], first["given_name"], first["family_name"]),
        memberships=[
            MembershipRecord(
                organisation_id=row["organisation_id"],
                decision_maker=row["decision_maker"],
                start_date=row["start_date"],
                organisation_name=row["organisation_name"],
            )
            for row in rows
            if row["organisation_id"] is not None
        ],
        invited_for=first["invited_for"],
        editions_attended=int(first["editions_attended"]),
    )


# -- invitations -------------------------------------------------------------------------------------


async def invitation_of(
    session: AsyncSession, event_id: uuid.UUID, person_id: uuid.UUID
) -> InvitationRecord | None:
    query = sa.select(invitations).where(
        invitations.c.event_id == event_id, invitations.c.person_id == person_id
    )
    row = (await session.execute(query)).mappings().first()
    return InvitationRecord.of(row) if row else None


async def invitations_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[InvitationRecord]:
    query = (
        sa.select(invitations)
        .where(invitations.c.event_id == event_id)
        .order_by(invitations.c.issued_at, invitations.c.id)
    )
    return [InvitationRecord.of(row) for row in (await session.execute(query)).mappings()]


async def insert_invitation(session: AsyncSession, invitation: InvitationRecord) -> bool:
    """Issue the invitation unless the person was invited to the event before; whether it was."""
    created = await session.scalar(
        upsert(invitations)
        .values(
            id=invitation.id,
            event_id=invitation.event_id,
            person_id=invitation.person_id,
            organisation_id=invitation.organisation_id,
            status=invitation.status,
            issued_at=invitation.issued_at,
        )
        .on_conflict_do_nothing()
        .returning(invitations.c.id)
    )
    return created is not None


async def record_answer(session: AsyncSession, invitation: InvitationRecord) -> None:
    """Store the invitation's answer: its status and when it was given."""
    await session.execute(
        invitations.update()
        .where(invitations.c.id == invitation.id)
        .values(status=invitation.status, responded_at=invitation.responded_at)
    )


# -- attendance --------------------------------------------------------------------------------------


async def attendance_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[AttendanceRecord]:
    query = (
        sa.select(attendance)
        .join(registrations, registrations.c.id == attendance.c.registration_id)
        .where(registrations.c.event_id == event_id)
    )
    return [AttendanceRecord.of(row) for row in (await session.execute(query)).mappings()]


async def present_at(
    session: AsyncSession, event_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, list[RegistrationRecord]]:
    """The registrations marked present on at least one day, per event, in arrival order: one query
    for any number of events (figures of a series or a quarter)."""
    if not event_ids:
        return {}
    was_present = sa.exists().where(
        attendance.c.registration_id == registrations.c.id, attendance.c.present.is_(True)
    )
    query = (
        sa.select(registrations)
        .where(registrations.c.event_id.in_(set(event_ids)), was_present)
        .order_by(registrations.c.event_id, registrations.c.arrival, registrations.c.id)
    )
    present: dict[uuid.UUID, list[RegistrationRecord]] = {event_id: [] for event_id in event_ids}
    for row in (await session.execute(query)).mappings():
        record = RegistrationRecord.of(row)
        present[record.event_id].append(record)
    return present


async def mark_attendance(
    session: AsyncSession, registration_id: uuid.UUID, day: date, *, present: bool
) -> None:
    """Record the registration as present or absent on ``day``; a later mark replaces an earlier."""
    statement = upsert(attendance).values(
        registration_id=registration_id, day=day, present=present, recorded_at=utcnow()
    )
    await session.execute(
        statement.on_conflict_do_update(
            index_elements=[attendance.c.registration_id, attendance.c.day],
            set_={"present": statement.excluded.present, "recorded_at": statement.excluded.recorded_at},
        )
    )


async def mark_present_on(session: AsyncSession, registration_id: uuid.UUID, days: list[date]) -> None:
    """Record a new registration as present on ``days``, all in one statement (an attendance list
    entered afterwards)."""
    now = utcnow()
    rows = [
        {"registration_id": registration_id, "day": day, "present": True, "recorded_at": now} for day in days
    ]
    await session.execute(attendance.insert().values(rows))


async def withdraw_pending_invitations(
    session: AsyncSession, condition: Any, reason: str
) -> list[InvitationRecord]:
    """Withdraw unanswered invitations of upcoming events that match ``condition``; returns them."""
    upcoming = sa.select(events.c.id).where(events.c.status.in_(("draft", "published")))
    rows = await session.execute(
        invitations.update()
        .where(condition, invitations.c.status == "issued", invitations.c.event_id.in_(upcoming))
        .values(status="withdrawn", reason=reason, responded_at=utcnow())
        .returning(*invitations.c)
    )
    return [InvitationRecord.of(row) for row in rows.mappings()]
