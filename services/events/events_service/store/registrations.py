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


async def insert(session: AsyncSession, row: dict[str, Any]) -> None:
    await session.execute(registrations.insert().values(**row))


async def update(session: AsyncSession, registration_id: uuid.UUID, values: dict[str, Any]) -> None:
    await session.execute(
        registrations.update()
        .where(registrations.c.id == registration_id)
        .values(**values, version=registrations.c.version + 1)
    )


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
