"""Queries of registrations, invitations and attendance."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

import sqlalchemy as sa
from netzwerkstatt.db import utcnow
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.tables import (
    attendance,
    events,
    invitations,
    registration_arrival,
    registrations,
)


def new_token() -> str:
    """A capability for a public page: unguessable, URL-safe."""
    return secrets.token_urlsafe(24)


async def of_event(session: AsyncSession, event_id: uuid.UUID) -> list[dict[str, Any]]:
    """Every registration of the event in arrival order (the waitlist's order)."""
    query = (
        sa.select(registrations)
        .where(registrations.c.event_id == event_id)
        .order_by(registrations.c.arrival, registrations.c.id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def by_id(session: AsyncSession, registration_id: uuid.UUID) -> dict[str, Any] | None:
    query = sa.select(registrations).where(registrations.c.id == registration_id)
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def by_token(session: AsyncSession, token: str) -> dict[str, Any] | None:
    row = (
        (await session.execute(sa.select(registrations).where(registrations.c.token == token)))
        .mappings()
        .first()
    )
    return dict(row) if row else None


async def of_person(
    session: AsyncSession, event_id: uuid.UUID, person_id: uuid.UUID
) -> dict[str, Any] | None:
    """The person's registration for the event, if any (one per person and event)."""
    query = sa.select(registrations).where(
        registrations.c.event_id == event_id, registrations.c.person_id == person_id
    )
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def confirmed_seats(session: AsyncSession, event_id: uuid.UUID) -> dict[uuid.UUID | None, int]:
    """Confirmed places of the event per organisation (None: registrations without one), counted by
    the database instead of reading every registration."""
    query = (
        sa.select(registrations.c.organisation_id, sa.func.count())
        .where(registrations.c.event_id == event_id, registrations.c.status == "confirmed")
        .group_by(registrations.c.organisation_id)
    )
    counted = await session.execute(query)
    return {row[0]: row[1] for row in counted}


async def waitlist(session: AsyncSession, event_id: uuid.UUID) -> list[dict[str, Any]]:
    """The event's waitlisted registrations in arrival order."""
    query = (
        sa.select(registrations)
        .where(registrations.c.event_id == event_id, registrations.c.status == "waitlisted")
        .order_by(registrations.c.arrival, registrations.c.id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def waitlist_position(session: AsyncSession, row: dict[str, Any]) -> int | None:
    """The registration's place on its event's waitlist (1 is next), None unless it is waiting."""
    if row["status"] != "waitlisted":
        return None
    ahead = sa.tuple_(registrations.c.arrival, registrations.c.id) <= sa.tuple_(
        sa.literal(row["arrival"], sa.BigInteger), sa.literal(row["id"], registrations.c.id.type)
    )
    query = sa.select(sa.func.count()).where(
        registrations.c.event_id == row["event_id"], registrations.c.status == "waitlisted", ahead
    )
    return int(await session.scalar(query) or 0)


async def insert(session: AsyncSession, row: dict[str, Any]) -> dict[str, Any]:
    """Insert a registration; returns it as stored."""
    written = await session.execute(registrations.insert().values(**row).returning(*registrations.c))
    return dict(written.mappings().one())


async def update(session: AsyncSession, registration_id: uuid.UUID, values: dict[str, Any]) -> dict[str, Any]:
    """Change a registration (its version counts up); returns it as stored now."""
    written = await session.execute(
        registrations.update()
        .where(registrations.c.id == registration_id)
        .values(**values, version=registrations.c.version + 1)
        .returning(*registrations.c)
    )
    return dict(written.mappings().one())


def next_arrival() -> Any:
    return registration_arrival.next_value()


async def editions_attended(
    session: AsyncSession, person_id: uuid.UUID, series_id: uuid.UUID, before_edition: int | None
) -> int:
    """How many earlier editions of the series the person attended (present on at least one day)."""
    query = (
        sa.select(sa.func.count(sa.distinct(events.c.id)))
        .select_from(registrations.join(events, events.c.id == registrations.c.event_id))
        .join(attendance, attendance.c.registration_id == registrations.c.id)
        .where(
            registrations.c.person_id == person_id,
            events.c.series_id == series_id,
            attendance.c.present.is_(True),
        )
    )
    if before_edition is not None:
        query = query.where(events.c.edition < before_edition)
    return int(await session.scalar(query) or 0)


# -- invitations -------------------------------------------------------------------------------------


async def invitation_by_token(
    session: AsyncSession, token: str, *, lock: bool = False
) -> dict[str, Any] | None:
    query = sa.select(invitations).where(invitations.c.token == token)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def invitation_of(
    session: AsyncSession, event_id: uuid.UUID, person_id: uuid.UUID
) -> dict[str, Any] | None:
    query = sa.select(invitations).where(
        invitations.c.event_id == event_id, invitations.c.person_id == person_id
    )
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def invitations_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[dict[str, Any]]:
    query = (
        sa.select(invitations)
        .where(invitations.c.event_id == event_id)
        .order_by(invitations.c.issued_at, invitations.c.id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def update_invitation(session: AsyncSession, invitation_id: uuid.UUID, values: dict[str, Any]) -> None:
    await session.execute(invitations.update().where(invitations.c.id == invitation_id).values(**values))


# -- attendance --------------------------------------------------------------------------------------


async def attendance_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[dict[str, Any]]:
    query = (
        sa.select(attendance)
        .join(registrations, registrations.c.id == attendance.c.registration_id)
        .where(registrations.c.event_id == event_id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def withdraw_pending_invitations(
    session: AsyncSession, condition: Any, reason: str
) -> list[dict[str, Any]]:
    """Withdraw unanswered invitations of upcoming events that match ``condition``; returns them."""
    upcoming = sa.select(events.c.id).where(events.c.status.in_(("draft", "published")))
    rows = await session.execute(
        invitations.update()
        .where(condition, invitations.c.status == "issued", invitations.c.event_id.in_(upcoming))
        .values(status="withdrawn", reason=reason, responded_at=utcnow())
        .returning(*invitations.c)
    )
    return [dict(row) for row in rows.mappings()]
