"""Queries of agreements and the once-only markers of their due reminders."""

from __future__ import annotations

import uuid
from datetime import date

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.records import AgreementRecord
from events_service.store.tables import agreement_due_marks, agreements, events
from netzwerkstatt.db import utcnow

UNFINISHED = ("open", "in_progress")


async def by_id(
    session: AsyncSession, agreement_id: uuid.UUID, *, lock: bool = False
) -> AgreementRecord | None:
    query = sa.select(agreements).where(agreements.c.id == agreement_id)
    if lock:
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return AgreementRecord.of(row) if row else None


async def listing(
    session: AsyncSession, *, event_id: uuid.UUID | None, series_id: uuid.UUID | None, unfinished_only: bool
) -> list[AgreementRecord]:
    query = sa.select(agreements).join(events, events.c.id == agreements.c.event_id)
    if event_id is not None:
        query = query.where(agreements.c.event_id == event_id)
    if series_id is not None:
        query = query.where(events.c.series_id == series_id)
    if unfinished_only:
        query = query.where(agreements.c.status.in_(UNFINISHED))
    query = query.order_by(agreements.c.due_on.nulls_last(), agreements.c.created_at, agreements.c.id)
    return [AgreementRecord.of(row) for row in (await session.execute(query)).mappings()]


async def insert_row(session: AsyncSession, agreement: AgreementRecord) -> None:
    await session.execute(agreements.insert().values(**agreement.columns()))


async def update_row(session: AsyncSession, agreement: AgreementRecord) -> None:
    """Store the agreement as it is now (every column; the caller has counted its version up)."""
    await session.execute(
        agreements.update().where(agreements.c.id == agreement.id).values(**agreement.columns())
    )


async def due_candidates(session: AsyncSession, today: date) -> list[AgreementRecord]:
    """Unfinished agreements due today or earlier whose due date has not been announced yet."""
    announced = sa.exists().where(
        agreement_due_marks.c.agreement_id == agreements.c.id,
        agreement_due_marks.c.due_on == agreements.c.due_on,
    )
    query = (
        sa.select(agreements)
        .where(agreements.c.status.in_(UNFINISHED), agreements.c.due_on <= today, ~announced)
        .order_by(agreements.c.due_on, agreements.c.id)
    )
    return [AgreementRecord.of(row) for row in (await session.execute(query)).mappings()]


async def mark_announced(session: AsyncSession, agreement_id: uuid.UUID, due_on: date) -> bool:
    """True for the one transaction that claims this due date; a concurrent claim waits, then gets False."""
    claimed = await session.scalar(
        insert(agreement_due_marks)
        .values(agreement_id=agreement_id, due_on=due_on, recorded_at=utcnow())
        .on_conflict_do_nothing()
        .returning(agreement_due_marks.c.agreement_id)
    )
    return claimed is not None


async def clear_owner(session: AsyncSession, person_id: uuid.UUID) -> None:
    await session.execute(
        agreements.update()
        .where(agreements.c.owner_person_id == person_id)
        .values(owner_person_id=None, version=agreements.c.version + 1, updated_at=utcnow())
    )


async def counts_of_events(
    session: AsyncSession, event_ids: list[uuid.UUID]
) -> dict[uuid.UUID, tuple[int, int]]:
    """Per event: the agreements made at it, and how many of them are still open or in progress."""
    if not event_ids:
        return {}
    still_open = sa.func.count().filter(agreements.c.status.in_(("open", "in_progress")))
    query = (
        sa.select(agreements.c.event_id, sa.func.count(), still_open)
        .where(agreements.c.event_id.in_(event_ids))
        .group_by(agreements.c.event_id)
    )
    return {event_id: (int(made), int(left)) for event_id, made, left in (await session.execute(query)).all()}
