"""Queries of the stored group work plans."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncSession

from events_service.store.records import EarlierPlan, EventRecord, GroupworkPlanRecord
from events_service.store.tables import events, groupwork_plans


async def plan_row(
    session: AsyncSession, plan_id: uuid.UUID, *, lock: bool = False
) -> GroupworkPlanRecord | None:
    query = sa.select(groupwork_plans).where(groupwork_plans.c.id == plan_id)
    if lock:
        # Serialises changes to one plan across replicas (adjustments build on the stored state).
        query = query.with_for_update()
    row = (await session.execute(query)).mappings().first()
    return GroupworkPlanRecord.of(row) if row else None


async def plans_of_event(session: AsyncSession, event_id: uuid.UUID) -> list[GroupworkPlanRecord]:
    query = (
        sa.select(groupwork_plans)
        .where(groupwork_plans.c.event_id == event_id)
        .order_by(groupwork_plans.c.created_at, groupwork_plans.c.id)
    )
    return [GroupworkPlanRecord.of(row) for row in (await session.execute(query)).mappings()]


def _stored_values(plan: GroupworkPlanRecord) -> dict[str, object]:
    """The plan's columns as written. A plan not run in the room yet leaves ``live`` to the column
    (SQL NULL): written as None it would be stored as a JSON null."""
    values = plan.columns()
    if plan.live is None:
        del values["live"]
    return values


async def insert(session: AsyncSession, plan: GroupworkPlanRecord) -> None:
    await session.execute(groupwork_plans.insert().values(**_stored_values(plan)))


async def update(session: AsyncSession, plan: GroupworkPlanRecord) -> None:
    """Store the plan as it is now; its version counts up. The caller holds the plan's row lock
    (``plan_row(..., lock=True)``), so no one else changed it meanwhile."""
    values = {name: value for name, value in _stored_values(plan).items() if name not in ("id", "version")}
    await session.execute(
        groupwork_plans.update()
        .where(groupwork_plans.c.id == plan.id)
        .values(**values, version=groupwork_plans.c.version + 1)
    )


async def earlier_cafe_plans(session: AsyncSession, event: EventRecord) -> list[EarlierPlan]:
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
    return [EarlierPlan(**row) for row in (await session.execute(query)).mappings()]
