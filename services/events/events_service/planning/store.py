"""Queries of the stored group work plans."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.records import EventRecord
from events_service.store.tables import events, groupwork_plans


async def plan_row(session: AsyncSession, plan_id: uuid.UUID, *, lock: bool = False) -> dict[str, Any] | None:
    query = sa.select(groupwork_plans).where(groupwork_plans.c.id == plan_id)
    if lock:
        # Serialises changes to one plan across replicas (adjustments build on the stored state).
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return dict(row) if row else None


async def plans_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[dict[str, Any]]:
    query = (
        sa.select(groupwork_plans)
        .where(groupwork_plans.c.event_id == event_id)
        .order_by(groupwork_plans.c.created_at, groupwork_plans.c.id)
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]


async def insert(session: AsyncSession, row: dict[str, Any]) -> None:
    await session.execute(groupwork_plans.insert().values(**row))


async def update(session: AsyncSession, plan_id: uuid.UUID, values: dict[str, Any]) -> None:
    await session.execute(
        groupwork_plans.update()
        .where(groupwork_plans.c.id == plan_id)
        .values(**values, version=groupwork_plans.c.version + 1)
    )


async def earlier_cafe_plans(session: AsyncSession, event: EventRecord) -> list[dict[str, Any]]:
    """World Café plans, and plans with a recorded outcome, of the series' earlier events (earlier
    edition, or earlier first day)."""
    if event.series_id is None:
        return []
    earlier = sa.select(events.c.id).where(
        events.c.series_id == event.series_id,
        events.c.id != event.id,
        events.c.status != "cancelled",
    )
    if event.edition is not None:
        earlier = earlier.where(sa.or_(events.c.edition.is_(None), events.c.edition < event.edition))
    else:
        earlier = earlier.where(events.c.days[0]["date"].astext < event.days[0]["date"])
    query = sa.select(groupwork_plans.c.kind, groupwork_plans.c.plan, groupwork_plans.c.outcome).where(
        groupwork_plans.c.event_id.in_(earlier),
        sa.or_(groupwork_plans.c.kind == "world_cafe", groupwork_plans.c.outcome != sa.text("'[]'::jsonb")),
    )
    return [dict(row) for row in (await session.execute(query)).mappings()]
